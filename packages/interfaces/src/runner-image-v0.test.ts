import { describe, expect, it } from "vitest";
import {
  readImageProviderData,
  readImageRequest,
  selectImageId,
  writeImageProviderData,
  writeImageRequest,
  type ImageRequest,
} from "./runner-image-v0.js";

const request: ImageRequest = {
  authUrl: "https://keystone.example.com:5000/v3",
  username: "garm-runners",
  password: "s3cr3t",
  projectName: "garm-runners",
  userDomainName: "Default",
  projectDomainName: "Default",
};

const IMAGE = "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c";

describe("image request (requirer -> image builder)", () => {
  it("writes the six keys the image builder requires", () => {
    expect(writeImageRequest(request)).toEqual({
      auth_url: "https://keystone.example.com:5000/v3",
      username: "garm-runners",
      password: "s3cr3t",
      project_name: "garm-runners",
      user_domain_name: "Default",
      project_domain_name: "Default",
    });
  });

  it("round-trips and reports missing and invalid keys", () => {
    expect(readImageRequest(writeImageRequest(request))).toEqual({ ok: true, value: request });
    expect(readImageRequest({ auth_url: request.authUrl })).toMatchObject({ ok: false, state: "incomplete" });
    expect(readImageRequest({ ...writeImageRequest(request), auth_url: "keystone" })).toMatchObject({
      ok: false,
      state: "invalid",
      problems: [{ key: "auth_url", message: "auth_url must be a valid http(s) URL" }],
    });
  });
});

describe("image provider data (image builder -> requirer)", () => {
  it("round-trips id, tags and images", () => {
    const info = { id: IMAGE, tags: "x64,noble", images: [{ id: IMAGE, tags: "x64,noble" }] };
    const bag = writeImageProviderData(info);
    expect(bag).toEqual({ id: IMAGE, tags: "x64,noble", images: `[{"id":"${IMAGE}","tags":"x64,noble"}]` });
    expect(readImageProviderData(bag)).toEqual({ ok: true, value: info });
  });

  it("reads the older form with only id", () => {
    expect(readImageProviderData({ id: IMAGE })).toEqual({
      ok: true,
      value: { id: IMAGE, tags: undefined, images: [] },
    });
  });

  it("is incomplete without id and invalid with a malformed value", () => {
    expect(readImageProviderData({})).toMatchObject({ ok: false, state: "incomplete", missing: ["id"] });
    expect(readImageProviderData({ id: "a b" })).toMatchObject({ ok: false, state: "invalid" });
    expect(readImageProviderData({ id: IMAGE, images: "{" })).toMatchObject({ ok: false, state: "invalid" });
    expect(readImageProviderData("nope")).toMatchObject({ ok: false, state: "invalid" });
  });

  it("selects the lowest-numbered unit with a valid id", () => {
    expect(
      selectImageId([
        { unit: "image-builder/10", data: { id: "ten" } },
        { unit: "image-builder/2", data: { id: "two" } },
        { unit: "image-builder/1", data: { id: "bad id" } },
        { unit: "image-builder/0", data: {} },
      ]),
    ).toBe("two");
    expect(selectImageId([{ unit: "image-builder/0", data: { tags: "x64,noble" } }])).toBeUndefined();
  });
});

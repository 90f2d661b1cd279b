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

describe("malformed databags, each field wrong in turn", () => {
  const requestBag = writeImageRequest(request);
  const badRequest: Readonly<Record<keyof typeof requestBag, string>> = {
    auth_url: "keystone.example.com:5000",
    username: "user\nname",
    // The password is opaque text; only its absence is a problem (the reader never echoes it).
    password: "",
    project_name: "project\r",
    user_domain_name: "Default\t",
    project_domain_name: "Default\n",
  };

  it.each(Object.keys(badRequest) as (keyof typeof requestBag)[])(
    "image request: a bad %s is reported on that field only",
    (key) => {
      const read = readImageRequest({ ...requestBag, [key]: badRequest[key] });
      expect(read.ok).toBe(false);
      if (read.ok) return;
      expect(read.state).toBe(key === "password" ? "incomplete" : "invalid");
      expect(read.problems.map((p) => p.key)).toEqual([key]);
      expect(JSON.stringify(read)).not.toContain(request.password);
    },
  );

  const providerBag = writeImageProviderData({
    id: IMAGE,
    tags: "x64,noble",
    images: [{ id: IMAGE, tags: "x64,noble" }],
  });
  const badProvider: Readonly<Record<string, string>> = {
    id: "6b1f 0c1e",
    tags: "x64,\nnoble",
    images: '[{"id": 3}]',
  };

  it.each(Object.keys(badProvider))("image provider: a bad %s is reported on that field only", (key) => {
    const read = readImageProviderData({ ...providerBag, [key]: badProvider[key] });
    expect(read).toMatchObject({ ok: false, state: "invalid" });
    if (read.ok) return;
    expect(read.problems.map((p) => p.key)).toEqual([key]);
  });

  it.each(["id", "tags", "images", "auth_url", "password"])(
    "a non-string %s is reported on that field, never thrown",
    (key) => {
      for (const value of [7, null, ["x"], { a: "b" }]) {
        const fromProvider = readImageProviderData({ ...providerBag, [key]: value });
        const fromRequirer = readImageRequest({ ...requestBag, [key]: value });
        for (const read of [fromProvider, fromRequirer]) {
          expect(read).toEqual({
            ok: false,
            state: "invalid",
            problems: [{ key, message: `${key} must be a string` }],
          });
        }
      }
    },
  );

  it("a bag that is not a map is invalid, never thrown", () => {
    for (const bag of [undefined, null, "id=x", 3, [providerBag]]) {
      expect(readImageProviderData(bag)).toMatchObject({
        ok: false,
        state: "invalid",
        problems: [{ key: "" }],
      });
      expect(readImageRequest(bag)).toMatchObject({ ok: false, state: "invalid", problems: [{ key: "" }] });
    }
  });
});

/**
 * The image-builder stand-in, read back with the configurator's own reader
 * (`@garm-charms/interfaces`): what it writes is what the configurator takes as the image id.
 */
import { Context, events, getRelation, relation, state, type State } from "@garm-charms/charm-testing";
import { readImageProviderData, selectImageId, writeImageRequest } from "@garm-charms/interfaces";
import { describe, expect, it } from "vitest";

import { imageBuilderStandIn } from "./charm.js";

const ctx = new Context(imageBuilderStandIn);

const PASSWORD = "os-s3cr3t-Pw77";
const REQUEST = writeImageRequest({
  authUrl: "https://keystone.example.com:5000/v3",
  username: "garm-runners",
  password: PASSWORD,
  projectName: "garm-runners",
  userDomainName: "Default",
  projectDomainName: "Default",
});

function configuratorRelation(request: Record<string, string> = REQUEST) {
  return relation({ endpoint: "image", remoteAppName: "garm-configurator", remoteUnitsData: { 0: request } });
}

function input(
  rel = configuratorRelation(),
  options: { leader?: boolean; config?: Record<string, string> } = {},
): State {
  return state({ leader: options.leader ?? true, config: options.config ?? {}, relations: [rel] });
}

/** The provider unit bag without Juju's own keys. */
function published(out: State, id: number): Record<string, string> {
  const bag = getRelation(out, id)?.localUnitData ?? {};
  const juju = ["egress-subnets", "ingress-address", "private-address"];
  return Object.fromEntries(Object.entries(bag).filter(([key]) => !juju.includes(key)));
}

describe("image-builder stand-in (github_runner_image_v0 provider)", () => {
  it("answers valid credentials with id, tags and images from its defaults", async () => {
    const rel = configuratorRelation();
    const out = await ctx.run(events.relationChanged(rel, { remoteUnit: "garm-configurator/0" }), input(rel));
    const bag = published(out, rel.id);
    expect(bag).toEqual({
      id: "fake-openstack-image-uuid",
      tags: "x64,noble",
      images: '[{"id":"fake-openstack-image-uuid","tags":"x64,noble"}]',
    });
    expect(readImageProviderData(bag)).toEqual({
      ok: true,
      value: {
        id: "fake-openstack-image-uuid",
        tags: "x64,noble",
        images: [{ id: "fake-openstack-image-uuid", tags: "x64,noble" }],
      },
    });
    expect(selectImageId([{ unit: "image-builder/0", data: bag }])).toBe("fake-openstack-image-uuid");
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("publishes the configured image id and tags", async () => {
    const rel = configuratorRelation();
    const config = { "image-id": "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c", tags: "arm64,jammy" };
    const out = await ctx.run(events.configChanged(), input(rel, { config }));
    expect(published(out, rel.id)).toMatchObject({ id: config["image-id"], tags: "arm64,jammy" });
  });

  it("writes nothing while the credentials are incomplete", async () => {
    const rel = configuratorRelation({ auth_url: REQUEST.auth_url, username: "garm-runners" });
    const out = await ctx.run(events.relationChanged(rel, { remoteUnit: "garm-configurator/0" }), input(rel));
    expect(published(out, rel.id)).toEqual({});
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("refuses invalid credentials, logging the key and never the password", async () => {
    const rel = configuratorRelation({ ...REQUEST, auth_url: "ftp://keystone" });
    const out = await ctx.run(events.relationChanged(rel, { remoteUnit: "garm-configurator/0" }), input(rel));
    expect(published(out, rel.id)).toEqual({});
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "1 credential request(s) refused: see debug-log",
    });
    expect(ctx.jujuLog.map((line) => line.message)).toContain(
      "Credentials from garm-configurator/0 refused: auth_url",
    );
    expect(JSON.stringify(ctx.jujuLog)).not.toContain(PASSWORD);
  });

  it("writes nothing on a non-leader unit", async () => {
    const rel = configuratorRelation();
    const out = await ctx.run(
      events.relationChanged(rel, { remoteUnit: "garm-configurator/0" }),
      input(rel, { leader: false }),
    );
    expect(published(out, rel.id)).toEqual({});
    expect(ctx.hookToolCalls.map((call) => call.tool)).not.toContain("relation-set");
  });

  it("blocks on invalid tags, naming the option, and publishes nothing", async () => {
    const rel = configuratorRelation();
    const out = await ctx.run(events.configChanged(), input(rel, { config: { tags: "x64, noble" } }));
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toContain("tags");
    expect(published(out, rel.id)).toEqual({});
  });
});

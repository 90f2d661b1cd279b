/**
 * The stand-in peers in the local model, driven as a user would: the packed garm-configurator
 * and the packed image-builder stand-in deployed, configured, integrated; the configurator gets
 * its image id from the stand-in and is Ready, and its `image` databag shows the six credential
 * keys the stand-in validated.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

import { packProjectsCached } from "@garm-charms/charm-pack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LocalJuju, type StatusDoc } from "./test-support/cli.js";
import { CONFIGURATOR_OPTIONS } from "./test-support/local-deploy.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const CONFIGURATOR_DIR = join(REPO, "charms", "garm-configurator");
const IMAGE_BUILDER_DIR = join(REPO, "packages", "juju-local", "stand-ins", "image-builder");

let j: LocalJuju;
let charms: Record<string, string>;

beforeAll(async () => {
  j = await LocalJuju.create();
  const packed = await packProjectsCached(REPO, [CONFIGURATOR_DIR, IMAGE_BUILDER_DIR]);
  charms = Object.fromEntries(packed.charms.map((c) => [c.name, c.charmPath]));
}, 240_000);

afterAll(() => j.remove());

type UnitInfo = Record<
  string,
  {
    "relation-info": {
      endpoint: string;
      "related-units"?: Record<string, { data: Record<string, string> }>;
    }[];
  }
>;

describe("stand-in peers in the local model", () => {
  it("the image-builder stand-in gives the configurator its image id, and the configurator is Ready", () => {
    j.ok("deploy", charms["image-builder-stand-in"]!, "image-builder");
    const password = j.ok("add-secret", "openstack-password", "value=pw-s3cr3t-Zq81").trim();
    const key = j.ok("add-secret", "github-key", "value=-----BEGIN RSA PRIVATE KEY-----").trim();
    const config = Object.entries({
      ...CONFIGURATOR_OPTIONS,
      "openstack-password": password,
      "github-app-private-key": key,
    });
    j.ok(
      "deploy",
      charms["garm-configurator"]!,
      "small",
      ...config.flatMap(([k, v]) => ["--config", `${k}=${v}`]),
    );
    j.ok("grant-secret", "openstack-password", "small");
    j.ok("grant-secret", "github-key", "small");
    j.ok("integrate", "small:image", "image-builder:image");

    const status = j.json<StatusDoc>("status");
    expect(status.applications["small"]?.units["small/0"]?.["workload-status"]).toEqual(
      expect.objectContaining({ current: "active", message: "Ready" }),
    );
    expect(status.applications["image-builder"]?.units["image-builder/0"]?.["workload-status"].current).toBe(
      "active",
    );

    const seen = j.json<UnitInfo>("show-unit", "small/0")["small/0"]!["relation-info"];
    const image = seen.find((r) => r.endpoint === "image");
    expect(image?.["related-units"]?.["image-builder/0"]?.data).toMatchObject({
      id: "fake-openstack-image-uuid",
      tags: "x64,noble",
    });
  }, 180_000);
});

/**
 * The GARM rock recipe (rocks/garm/rockcraft.yaml) against the garm charm: the binaries land
 * where the charm's Pebble layer and config.toml run them, both are static, GARM carries its
 * version, the CA bundle is shipped, and the image starts no service of its own. The rock cannot
 * be built here (no rockcraft); this checks the recipe.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import {
  GARM_BINARY,
  GARM_CONFIG_PATH,
  GARM_SERVICE,
  garmPebbleLayer,
  OPENSTACK_PROVIDER_BINARY,
  renderGarmConfig,
} from "@garm-charms/garm";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as z from "zod";

const RECIPE = fileURLToPath(new URL("../../rocks/garm/rockcraft.yaml", import.meta.url));

const partSchema = z
  .object({
    plugin: z.string(),
    source: z.string().optional(),
    "source-commit": z.string().optional(),
    "source-tag": z.string().optional(),
    "build-environment": z.array(z.record(z.string(), z.string())).optional(),
    "override-build": z.string().optional(),
    "stage-packages": z.array(z.string()).optional(),
  })
  .loose();

const recipeSchema = z
  .object({
    name: z.string(),
    summary: z.string(),
    description: z.string(),
    version: z.string(),
    license: z.string(),
    base: z.string(),
    "build-base": z.string(),
    platforms: z.record(z.string(), z.unknown()),
    services: z.record(z.string(), z.object({ startup: z.string().optional() }).loose()).optional(),
    parts: z.record(z.string(), partSchema),
  })
  .strict();

const recipe = recipeSchema.parse(parse(readFileSync(RECIPE, "utf8")));
const part = (name: string): z.infer<typeof partSchema> => {
  const found = recipe.parts[name];
  if (found === undefined) throw new Error(`the recipe has no part ${name}`);
  return found;
};
/** Where a part's `go build -o` puts its binary in the image. */
const installedPath = (name: string): string => {
  const match = /-o "\$\{CRAFT_PART_INSTALL\}(\/[^"]+)"/.exec(part(name)["override-build"] ?? "");
  if (match?.[1] === undefined) throw new Error(`part ${name} builds no binary with -o`);
  return match[1];
};
const env = (name: string): Record<string, string> =>
  Object.assign({}, ...(part(name)["build-environment"] ?? []));

describe("the GARM rock recipe", () => {
  it("is a bare-base rock built on Ubuntu 24.04 for amd64", () => {
    expect(recipe).toMatchObject({ base: "bare", "build-base": "ubuntu@24.04" });
    expect(Object.keys(recipe.platforms)).toEqual(["amd64"]);
  });

  it("installs the two binaries at the paths the charm runs", () => {
    expect(installedPath("garm")).toBe(GARM_BINARY);
    expect(installedPath("garm-provider-openstack")).toBe(OPENSTACK_PROVIDER_BINARY);
  });

  it("the charm's Pebble layer runs the recipe's garm with --config", () => {
    const layer = garmPebbleLayer({ configHash: "h", proxyEnvironment: {} });
    expect(layer.services[GARM_SERVICE]?.command).toBe(
      `${installedPath("garm")} --config ${GARM_CONFIG_PATH}`,
    );
  });

  it("the charm's config.toml runs the recipe's provider binary", () => {
    const toml = renderGarmConfig({
      database: { host: "db", port: 5432, database: "garm", username: "u", password: "p" },
      databasePassphrase: "0123456789abcdef0123456789abcdef",
      jwtSecret: "a-jwt-secret-of-at-least-thirty-two-chars",
      providers: [
        { name: "garm-configurator-0", configFile: "/etc/garm/providers/garm-configurator-0.toml" },
      ],
    });
    expect(toml).toContain(`provider_executable = "${installedPath("garm-provider-openstack")}"`);
  });

  it("builds both binaries static from pinned upstream sources, with their version", () => {
    expect(part("garm")).toMatchObject({
      source: "https://github.com/cloudbase/garm.git",
      "source-commit": "47811d0046a9515085b85d88038f87ac68fd793c",
    });
    expect(part("garm")["override-build"]).toMatch(
      /-extldflags -static .*-X github\.com\/cloudbase\/garm\/util\/appdefaults\.Version=\$\{version\}/,
    );
    expect(part("garm")["override-build"]).toContain("-tags osusergo,netgo,sqlite_omit_load_extension");
    expect(part("garm-provider-openstack")).toMatchObject({
      source: "https://github.com/cloudbase/garm-provider-openstack.git",
      "source-tag": "v0.1.5",
    });
    expect(env("garm-provider-openstack")["CGO_ENABLED"]).toBe("0");
    expect(part("garm-provider-openstack")["override-build"]).toContain("-X main.Version=${version}");
    expect(env("garm")["GOTOOLCHAIN"]).toBe("local");
  });

  it("ships the CA bundle slice and starts no service of its own (the charm's layer runs GARM)", () => {
    expect(part("runtime")["stage-packages"]).toEqual(["ca-certificates_data"]);
    expect(recipe.services).toBeUndefined();
  });
});

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CharmMetaError,
  effectiveConfig,
  findEndpoint,
  loadCharmMeta,
  parseCharmMeta,
  parseCharmMetaYaml,
} from "./meta.js";

const YAML = `
name: garm
type: charm
bases: [{name: ubuntu, channel: "24.04"}]
containers:
  garm:
    resource: garm-image
requires:
  database:
    interface: postgresql_client
    limit: 1
provides:
  metrics-endpoint:
    interface: prometheus_scrape
peers:
  garm-peers:
    interface: garm_peers
config:
  options:
    log-level:
      type: string
      default: info
      description: GARM log level.
    max-runners:
      type: int
    enabled:
      type: boolean
      default: true
actions:
  get-admin-password:
    description: Print the admin password.
  sync:
    params:
      force: {type: boolean, default: false}
    required: [force]
storage:
  data:
    type: filesystem
    location: /var/lib/garm
`;

describe("charm metadata", () => {
  it("parses the sections the harness needs and ignores the rest", () => {
    const meta = parseCharmMetaYaml(YAML);
    expect(meta.name).toBe("garm");
    expect(meta.containers["garm"]).toEqual({ resource: "garm-image", mounts: [] });
    expect(findEndpoint(meta, "database")).toEqual({
      role: "requires",
      spec: { interface: "postgresql_client", limit: 1 },
    });
    expect(findEndpoint(meta, "garm-peers")?.role).toBe("peers");
    expect(findEndpoint(meta, "nope")).toBeUndefined();
    expect(meta.actions["get-admin-password"]).toEqual({
      description: "Print the admin password.",
      params: {},
      required: [],
      additionalProperties: true,
    });
    expect(meta.actions["sync"]?.required).toEqual(["force"]);
    expect(meta.storage["data"]).toMatchObject({ type: "filesystem", location: "/var/lib/garm" });
  });

  it("merges config defaults under set values, omitting options with neither", () => {
    const meta = parseCharmMetaYaml(YAML);
    expect(effectiveConfig(meta, { "log-level": "debug" })).toEqual({ "log-level": "debug", enabled: true });
  });

  it("accepts a minimal charm", () => {
    const meta = parseCharmMeta({ name: "tiny" });
    expect(meta).toMatchObject({ containers: {}, requires: {}, config: { options: {} }, actions: {} });
  });

  it("explains what is wrong with invalid metadata", () => {
    expect(() =>
      parseCharmMeta({ name: "bad", config: { options: { x: { type: "list" } } } }, "bad.yaml"),
    ).toThrow(CharmMetaError);
    expect(() => parseCharmMeta({ requires: {} }, "bad.yaml")).toThrow(
      /bad\.yaml is not a valid charmcraft\.yaml/,
    );
  });

  it("loads a charmcraft.yaml from disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "meta-test-"));
    const path = join(dir, "charmcraft.yaml");
    await writeFile(path, YAML);
    expect((await loadCharmMeta(path)).name).toBe("garm");
  });
});

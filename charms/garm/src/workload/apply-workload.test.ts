import { describe, it, expect } from "vitest";
import type { PebbleClient } from "@garm-charms/charm-runtime/pebble";
import { applyWorkload, type WorkloadPebble } from "./apply-workload.js";
import { desiredWorkload, type WorkloadInput } from "./desired-workload.js";
import type { GarmPebbleLayer } from "./pebble-layer.js";

/** Compile-time check: the runtime's client fits the interface the executor takes. */
const _clientFits: (client: PebbleClient) => WorkloadPebble = (client) => client;

/** A small in-memory container: files, one combined layer, and whether GARM runs. */
class MemoryPebble implements WorkloadPebble {
  files = new Map<string, { content: string; permissions: number | undefined }>();
  layer: GarmPebbleLayer | undefined;
  running: "active" | "inactive" | "error" = "inactive";
  calls: string[] = [];

  getPlan(): Promise<unknown> {
    this.calls.push("getPlan");
    return Promise.resolve({ services: this.layer?.services ?? {}, checks: {}, logTargets: {} });
  }
  getServices(): Promise<{ name: string; current: string }[]> {
    this.calls.push("getServices");
    return Promise.resolve(this.layer === undefined ? [] : [{ name: "garm", current: this.running }]);
  }
  push(path: string, content: string, opts: { permissions?: number }): Promise<void> {
    this.calls.push(`push ${path}`);
    this.files.set(path, { content, permissions: opts.permissions });
    return Promise.resolve();
  }
  listFiles(path: string): Promise<{ path: string }[]> {
    this.calls.push("listFiles");
    return Promise.resolve(
      [...this.files.keys()].filter((p) => p.startsWith(`${path}/`)).map((p) => ({ path: p })),
    );
  }
  removePath(path: string): Promise<void> {
    this.calls.push(`remove ${path}`);
    this.files.delete(path);
    return Promise.resolve();
  }
  addLayer(_label: string, layer: GarmPebbleLayer): Promise<void> {
    this.calls.push("addLayer");
    this.layer = layer;
    return Promise.resolve();
  }
  replan(): Promise<unknown> {
    this.calls.push("replan");
    this.running = "active";
    return Promise.resolve({});
  }
}

const credentials = {
  authUrl: "https://keystone.example.com:5000/v3",
  username: "admin",
  password: "os-pw",
  projectName: "proj",
  userDomainName: "Default",
  projectDomainName: "Default",
  regionName: "RegionOne",
  network: "net",
};

const input: WorkloadInput = {
  database: { host: "10.0.0.5", port: 5432, database: "garm", username: "garm", password: "db-pw" },
  jwtSecret: "f".repeat(64),
  databasePassphrase: "Ab1".repeat(10) + "Cd",
  providers: [
    { unitName: "garm-configurator/0", credentials },
    { unitName: "garm-configurator/1", credentials },
  ],
  proxyEnvironment: {},
};

describe("applyWorkload", () => {
  it("first run: pushes every file as 0600, adds the layer, replans", async () => {
    const pebble = new MemoryPebble();
    const result = await applyWorkload(pebble, desiredWorkload(input));
    expect(result).toEqual({ outcome: "config-changed", removedFiles: [] });
    expect([...pebble.files.keys()].sort()).toEqual([
      "/etc/garm/clouds-garm-configurator-0.yaml",
      "/etc/garm/clouds-garm-configurator-1.yaml",
      "/etc/garm/config.toml",
      "/etc/garm/provider-garm-configurator-0.toml",
      "/etc/garm/provider-garm-configurator-1.toml",
    ]);
    expect([...pebble.files.values()].every((file) => file.permissions === 0o600)).toBe(true);
    expect(pebble.calls.indexOf("addLayer")).toBeGreaterThan(
      pebble.calls.lastIndexOf("push /etc/garm/config.toml"),
    );
    expect(pebble.calls.indexOf("replan")).toBeGreaterThan(pebble.calls.indexOf("addLayer"));
    expect(pebble.running).toBe("active");
  });

  it("same input again: reads only, writes nothing", async () => {
    const pebble = new MemoryPebble();
    await applyWorkload(pebble, desiredWorkload(input));
    pebble.calls = [];
    const result = await applyWorkload(pebble, desiredWorkload(input));
    expect(result).toEqual({ outcome: "unchanged", removedFiles: [] });
    expect(pebble.calls).toEqual(["getPlan", "getServices"]);
  });

  it("same input but GARM is down: replans without pushing", async () => {
    const pebble = new MemoryPebble();
    await applyWorkload(pebble, desiredWorkload(input));
    pebble.running = "error";
    pebble.calls = [];
    expect(await applyWorkload(pebble, desiredWorkload(input))).toEqual({
      outcome: "restarted",
      removedFiles: [],
    });
    expect(pebble.calls).toEqual(["getPlan", "getServices", "replan"]);
  });

  it("a configurator unit leaves: its credential files are removed after the replan", async () => {
    const pebble = new MemoryPebble();
    await applyWorkload(pebble, desiredWorkload(input));
    pebble.calls = [];
    const result = await applyWorkload(
      pebble,
      desiredWorkload({ ...input, providers: [input.providers[0]!] }),
    );
    expect(result.outcome).toBe("config-changed");
    expect(result.removedFiles).toEqual([
      "/etc/garm/clouds-garm-configurator-1.yaml",
      "/etc/garm/provider-garm-configurator-1.toml",
    ]);
    expect([...pebble.files.keys()].some((path) => path.includes("configurator-1"))).toBe(false);
    expect(pebble.calls.indexOf("remove /etc/garm/clouds-garm-configurator-1.yaml")).toBeGreaterThan(
      pebble.calls.indexOf("replan"),
    );
  });

  it("a proxy change alone replans with the new environment", async () => {
    const pebble = new MemoryPebble();
    await applyWorkload(pebble, desiredWorkload(input));
    const proxied = {
      ...input,
      proxyEnvironment: { HTTPS_PROXY: "http://squid:3128", https_proxy: "http://squid:3128" },
    };
    expect((await applyWorkload(pebble, desiredWorkload(proxied))).outcome).toBe("config-changed");
    expect(pebble.layer?.services["garm"]?.environment["HTTPS_PROXY"]).toBe("http://squid:3128");
  });
});

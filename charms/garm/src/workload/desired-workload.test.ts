import { describe, it, expect } from "vitest";
import { parse as parseToml } from "smol-toml";
import { desiredWorkload, type WorkloadInput } from "./desired-workload.js";
import { needsReplan } from "./pebble-layer.js";
import { staleProviderFiles } from "./provider-files.js";

const credentials = {
  authUrl: "https://keystone.example.com:5000/v3",
  username: "admin",
  password: "os-secret-pw",
  projectName: "proj",
  userDomainName: "Default",
  projectDomainName: "Default",
  regionName: "RegionOne",
  network: "external-net",
};

const input: WorkloadInput = {
  database: { host: "10.0.0.5", port: 5432, database: "garm", username: "garm", password: "db-pw" },
  jwtSecret: "f".repeat(64),
  databasePassphrase: "A".repeat(16) + "b".repeat(16),
  providers: [
    { unitName: "runners-b/1", credentials },
    { unitName: "garm-configurator/0", credentials: { ...credentials, network: "net-2" } },
  ],
  proxyEnvironment: { HTTP_PROXY: "http://squid:3128", http_proxy: "http://squid:3128" },
};

describe("desiredWorkload", () => {
  const workload = desiredWorkload(input);

  it("lists config.toml then each provider's two files, providers sorted by name", () => {
    expect(workload.providerNames).toEqual(["garm-configurator-0", "runners-b-1"]);
    expect(workload.files.map((file) => file.path)).toEqual([
      "/etc/garm/config.toml",
      "/etc/garm/provider-garm-configurator-0.toml",
      "/etc/garm/clouds-garm-configurator-0.yaml",
      "/etc/garm/provider-runners-b-1.toml",
      "/etc/garm/clouds-runners-b-1.yaml",
    ]);
  });

  it("points GARM at each provider file and whitelists the proxy variables", () => {
    const config = parseToml(workload.files[0]!.content) as {
      provider: { name: string; external: { config_file: string; environment_variables: string[] } }[];
    };
    expect(config.provider.map((p) => [p.name, p.external.config_file])).toEqual([
      ["garm-configurator-0", "/etc/garm/provider-garm-configurator-0.toml"],
      ["runners-b-1", "/etc/garm/provider-runners-b-1.toml"],
    ]);
    expect(config.provider[0]!.external.environment_variables).toEqual(["HTTP_PROXY", "http_proxy"]);
  });

  it("records its hash in the layer, so the next identical run needs no replan", () => {
    const plan = { services: { garm: { ...workload.layer.services["garm"] } } };
    expect(needsReplan(plan, desiredWorkload(input).configHash)).toBe(false);
    const rotated = desiredWorkload({
      ...input,
      providers: [{ ...input.providers[0]!, credentials: { ...credentials, password: "new" } }],
    });
    expect(needsReplan(plan, rotated.configHash)).toBe(true);
  });

  it("does not depend on the order configurator units are seen in", () => {
    expect(desiredWorkload({ ...input, providers: [...input.providers].reverse() }).configHash).toBe(
      workload.configHash,
    );
  });

  it("tells which files of departed units to remove", () => {
    const existing = workload.files.map((file) => file.path).concat("/etc/garm/clouds-old-app-4.yaml");
    expect(staleProviderFiles(existing, workload.providerNames)).toEqual(["/etc/garm/clouds-old-app-4.yaml"]);
  });

  it("keeps secrets out of the layer", () => {
    const layerText = JSON.stringify(workload.layer);
    for (const secret of ["db-pw", "os-secret-pw", input.jwtSecret, input.databasePassphrase]) {
      expect(layerText).not.toContain(secret);
    }
  });
});

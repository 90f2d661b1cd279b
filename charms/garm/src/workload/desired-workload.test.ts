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

  describe("with a retained provider (its unit left, GARM still uses it)", () => {
    const departed = input.providers[0]!;
    const renderedFiles = workload.files.filter((file) => file.path.includes("runners-b-1"));
    const retained = desiredWorkload({
      ...input,
      providers: [input.providers[1]!],
      retainedProviders: [{ name: "runners-b-1", files: [renderedFiles[0]!, renderedFiles[1]!] }],
    });

    it("renders the same config.toml and hash as while the unit published, so GARM is not replanned", () => {
      expect(departed.unitName).toBe("runners-b/1");
      expect(retained.files[0]).toEqual(workload.files[0]);
      expect(retained.configHash).toBe(workload.configHash);
      expect(retained.providerNames).toEqual(workload.providerNames);
      expect(retained.retainedProviderNames).toEqual(["runners-b-1"]);
    });

    it("never pushes the retained provider's files, and keeps them from being removed", () => {
      expect(retained.files.map((file) => file.path)).toEqual([
        "/etc/garm/config.toml",
        "/etc/garm/provider-garm-configurator-0.toml",
        "/etc/garm/clouds-garm-configurator-0.yaml",
      ]);
      expect(
        staleProviderFiles(
          renderedFiles.map((file) => file.path),
          retained.providerNames,
        ),
      ).toEqual([]);
    });

    it("hashes the files as they are on disk", () => {
      const edited = desiredWorkload({
        ...input,
        providers: [input.providers[1]!],
        retainedProviders: [
          {
            name: "runners-b-1",
            files: [renderedFiles[0]!, { ...renderedFiles[1]!, content: "clouds: {}\n" }],
          },
        ],
      });
      expect(edited.configHash).not.toBe(workload.configHash);
    });

    it("renders a provider that publishes again from its data, not from disk", () => {
      const again = desiredWorkload({
        ...input,
        retainedProviders: [
          { name: "runners-b-1", files: [renderedFiles[0]!, { ...renderedFiles[1]!, content: "old" }] },
        ],
      });
      expect(again.configHash).toBe(workload.configHash);
      expect(again.retainedProviderNames).toEqual([]);
      expect(again.files).toEqual(workload.files);
    });
  });
});

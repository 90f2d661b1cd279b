import { describe, it, expect } from "vitest";
import { parse } from "yaml";
import type { PebbleLayer, PebblePlan } from "@garm-charms/charm-runtime/pebble";
import {
  CONFIG_HASH_VARIABLE,
  GARM_SERVICE,
  configHash,
  garmPebbleLayer,
  needsReplan,
  planConfigHash,
} from "./pebble-layer.js";

const base = {
  configToml: '[database]\nbackend = "postgresql"\n',
  providerFiles: [
    { path: "/etc/garm/provider-a-0.toml", content: 'cloud = "a-0"\n' },
    { path: "/etc/garm/clouds-a-0.yaml", content: "clouds: {}\n" },
  ],
  proxyEnvironment: {},
};

describe("configHash", () => {
  it("is a sha256 hex digest, stable under file and variable order", () => {
    const hash = configHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash({ ...base, providerFiles: [...base.providerFiles].reverse() })).toBe(hash);
    const proxy = { HTTP_PROXY: "http://p:3128", http_proxy: "http://p:3128" };
    expect(configHash({ ...base, proxyEnvironment: proxy })).toBe(
      configHash({ ...base, proxyEnvironment: { http_proxy: "http://p:3128", HTTP_PROXY: "http://p:3128" } }),
    );
  });

  it("changes with the config, any provider file, a proxy value, and a file's path", () => {
    const hash = configHash(base);
    expect(configHash({ ...base, configToml: base.configToml + "#" })).not.toBe(hash);
    expect(
      configHash({
        ...base,
        providerFiles: [base.providerFiles[0]!, { ...base.providerFiles[1]!, content: "x" }],
      }),
    ).not.toBe(hash);
    expect(configHash({ ...base, proxyEnvironment: { HTTP_PROXY: "http://a:1" } })).not.toBe(
      configHash({ ...base, proxyEnvironment: { HTTP_PROXY: "http://b:1" } }),
    );
    expect(
      configHash({
        ...base,
        providerFiles: [{ path: "/etc/garm/provider-b-0.toml", content: 'cloud = "a-0"\n' }],
      }),
    ).not.toBe(configHash({ ...base, providerFiles: [base.providerFiles[0]!] }));
  });

  it("cannot be fooled by moving text between the config and a file", () => {
    const a = configHash({ configToml: "x\n/etc/garm/f\ny", providerFiles: [], proxyEnvironment: {} });
    const b = configHash({
      configToml: "x",
      providerFiles: [{ path: "/etc/garm/f", content: "y" }],
      proxyEnvironment: {},
    });
    expect(a).not.toBe(b);
  });
});

describe("garmPebbleLayer", () => {
  it("runs GARM with its config, enabled, with proxy variables and the hash in its environment", () => {
    const layer = garmPebbleLayer({ configHash: "abc", proxyEnvironment: { HTTP_PROXY: "http://p:3128" } });
    expect(layer.services).toEqual({
      garm: {
        override: "replace",
        summary: "GARM API server and runner manager",
        command: "/usr/local/bin/garm --config /etc/garm/config.toml",
        startup: "enabled",
        environment: { HTTP_PROXY: "http://p:3128", config_hash: "abc" },
      },
    });
    // The runtime's addLayer takes it as is.
    const forRuntime: PebbleLayer = layer;
    expect(forRuntime.services?.["garm"]?.["startup"]).toBe("enabled");
  });
});

describe("needsReplan", () => {
  const planYaml = (hash: string) => `
services:
  ${GARM_SERVICE}:
    override: replace
    command: /usr/local/bin/garm --config /etc/garm/config.toml
    startup: enabled
    environment:
      ${CONFIG_HASH_VARIABLE}: "${hash}"
      HTTP_PROXY: http://p:3128
`;

  it("is false when the running plan carries the desired hash", () => {
    expect(needsReplan(parse(planYaml("abc")), "abc")).toBe(false);
    expect(planConfigHash(parse(planYaml("abc")))).toBe("abc");
  });

  it("reads the runtime client's plan shape", () => {
    const plan: PebblePlan = {
      services: { garm: { environment: { config_hash: "abc" } } },
      checks: {},
      logTargets: {},
    };
    expect(needsReplan(plan, "abc")).toBe(false);
  });

  it("is true when the hash differs", () => {
    expect(needsReplan(parse(planYaml("old")), "new")).toBe(true);
  });

  it.each([
    ["an empty plan", {}],
    ["no services", { services: null }],
    ["another service only", { services: { go: { environment: { config_hash: "abc" } } } }],
    ["no environment", { services: { garm: { command: "x" } } }],
    ["a non-string hash", { services: { garm: { environment: { config_hash: 5 } } } }],
    ["garbage", "not a plan"],
  ])("is true for %s", (_label, plan) => {
    expect(needsReplan(plan, "abc")).toBe(true);
  });
});

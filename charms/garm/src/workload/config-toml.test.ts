import { describe, it, expect } from "vitest";
import { parse } from "smol-toml";
import { GarmConfigError, renderGarmConfig, type GarmConfigInput } from "./config-toml.js";

const PASSPHRASE = "Qm3xT9vLr2Kp8Wz4Hd6Ny1Bf5Cj7Gs0A";
const JWT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

const realistic: GarmConfigInput = {
  database: {
    host: "postgresql-k8s-primary.db.svc.cluster.local",
    port: 5432,
    database: "garm",
    username: "relation_id_7",
    password: 'p"a\\ss#word=1',
  },
  databasePassphrase: PASSPHRASE,
  jwtSecret: JWT,
  providers: [
    { name: "garm-configurator-0", configFile: "/etc/garm/provider-garm-configurator-0.toml" },
    { name: "runners-large-3", configFile: "/etc/garm/provider-runners-large-3.toml" },
  ],
  providerEnvironmentVariables: ["https_proxy", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY"],
};

describe("renderGarmConfig", () => {
  it("renders a config that parses back to GARM's expected structure", () => {
    expect(parse(renderGarmConfig(realistic))).toEqual({
      database: {
        backend: "postgresql",
        passphrase: PASSPHRASE,
        postgresql: {
          username: "relation_id_7",
          password: 'p"a\\ss#word=1',
          hostname: "postgresql-k8s-primary.db.svc.cluster.local",
          port: 5432,
          database: "garm",
          sslmode: "prefer",
        },
      },
      apiserver: { bind: "0.0.0.0", port: 8080, use_tls: false },
      jwt_auth: { secret: JWT, time_to_live: "8760h" },
      metrics: { enable: true, disable_auth: true },
      provider: [
        {
          name: "garm-configurator-0",
          provider_type: "external",
          description: "OpenStack provider (garm-configurator-0)",
          external: {
            config_file: "/etc/garm/provider-garm-configurator-0.toml",
            provider_executable: "/usr/local/bin/garm-provider-openstack",
            environment_variables: ["HTTPS_PROXY", "HTTP_PROXY", "http_proxy", "https_proxy"],
          },
        },
        {
          name: "runners-large-3",
          provider_type: "external",
          description: "OpenStack provider (runners-large-3)",
          external: {
            config_file: "/etc/garm/provider-runners-large-3.toml",
            provider_executable: "/usr/local/bin/garm-provider-openstack",
            environment_variables: ["HTTPS_PROXY", "HTTP_PROXY", "http_proxy", "https_proxy"],
          },
        },
      ],
    });
  });

  it("is deterministic", () => {
    expect(renderGarmConfig(realistic)).toBe(renderGarmConfig({ ...realistic }));
  });

  it("omits environment_variables without a proxy and the provider list without providers", () => {
    const noProxy = parse(renderGarmConfig({ ...realistic, providerEnvironmentVariables: [] }));
    const providers = noProxy["provider"] as { external: Record<string, unknown> }[];
    expect(providers[0]!.external).not.toHaveProperty("environment_variables");
    expect(parse(renderGarmConfig({ ...realistic, providers: [] }))).not.toHaveProperty("provider");
  });

  it.each(["disable", "require", "verify-full"] as const)("passes sslmode %s through", (sslmode) => {
    const config = parse(renderGarmConfig({ ...realistic, database: { ...realistic.database, sslmode } }));
    expect((config["database"] as { postgresql: { sslmode: string } }).postgresql.sslmode).toBe(sslmode);
  });

  it("takes a custom token lifetime", () => {
    const config = parse(renderGarmConfig({ ...realistic, jwtTimeToLive: "48h30m" }));
    expect(config["jwt_auth"]).toEqual({ secret: JWT, time_to_live: "48h30m" });
  });

  it.each<[string, Partial<GarmConfigInput>, string]>([
    ["a short passphrase", { databasePassphrase: "tooshort" }, "databasePassphrase"],
    ["a short JWT secret", { jwtSecret: "abc" }, "jwtSecret"],
    ["a bad duration", { jwtTimeToLive: "1 year" }, "jwtTimeToLive"],
    [
      "duplicate providers",
      { providers: [realistic.providers[0]!, realistic.providers[0]!] },
      "provider names must be unique",
    ],
    [
      "a relative provider path",
      { providers: [{ name: "p-0", configFile: "p.toml" }] },
      "providers.0.configFile",
    ],
    ["a reserved variable", { providerEnvironmentVariables: ["GARM_COMMAND"] }, "reserved by GARM"],
    ["a bad database host", { database: { ...realistic.database, host: "db; rm -rf /" } }, "database.host"],
  ])("refuses %s with a GarmConfigError naming the field", (_label, change, expected) => {
    const render = () => renderGarmConfig({ ...realistic, ...change });
    expect(render).toThrow(GarmConfigError);
    expect(render).toThrow(expected);
  });

  it("never puts a secret value in its error", () => {
    const leaky = {
      ...realistic,
      database: { ...realistic.database, port: 0 },
      jwtSecret: "short-jwt-value",
    };
    try {
      renderGarmConfig(leaky);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("database.port");
      for (const secret of ["short-jwt-value", PASSPHRASE, realistic.database.password]) {
        expect(message).not.toContain(secret);
      }
    }
  });
});

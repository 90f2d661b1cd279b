/**
 * The workload through the harness: what the charm pushes into the GARM container, when it adds
 * the layer and replans, and what it leaves alone. GARM itself is the fake, started per suite.
 */
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import {
  events,
  fileText,
  getContainer,
  relation,
  secret,
  type Context,
  type State,
} from "@garm-charms/charm-testing";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  DB_PASSPHRASE,
  DB_PASSWORD,
  dbUserSecret,
  garmContainer,
  garmContext,
  JWT_SECRET,
  logIndex,
  oneConfigurator,
  OS_PASSWORD,
  OS_PASSWORD_2,
  osPasswordSecret,
  osPasswordSecret2,
  postgresql,
  providerBag,
  readyState,
  GARM_PROVIDERS,
} from "./fixtures.js";

let garm: GarmFake;

beforeAll(async () => {
  garm = await startGarmFake({ providers: GARM_PROVIDERS });
});

afterAll(async () => {
  await garm.close();
});

/** The model's proxy settings, as `juju model-config juju-http-proxy=... juju-no-proxy=...` sets them. */
const PROXY = { httpProxy: "http://squid.internal:3128", noProxy: "10.0.0.0/8" };

function context(): Promise<Context> {
  return garmContext(charmOptions(garm.url));
}

/** readyState in a model with a proxy: it reaches the charm as JUJU_CHARM_*_PROXY. */
function proxiedState(overrides: Partial<State> = {}): State {
  return readyState({ modelProxy: PROXY, ...overrides });
}

const pushes = (ctx: Context) =>
  (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.path === "/v1/files" && r.method === "POST");
const layerAdds = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.path === "/v1/layers");
const replans = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.action === "replan");

function files(out: State): Record<string, { content: string; permissions: string }> {
  const container = getContainer(out, "garm");
  return Object.fromEntries(
    Object.entries(container?.files ?? {}).map(([path, file]) => [
      path,
      { content: fileText(file), permissions: file.permissions },
    ]),
  );
}

describe("garm workload", () => {
  it("blocks, naming it, without the postgresql relation, and touches nothing in the container", async () => {
    const ctx = await context();
    const input = readyState({ relations: [oneConfigurator] });
    const out = await ctx.run(events.configChanged(), input);
    // The operator must act (issue 10, defect 9; the Python charm blocks with the same text).
    expect(out.unitStatus).toEqual({ name: "blocked", message: "missing integrations: postgresql" });
    expect(out.appStatus).toEqual({ name: "blocked", message: "missing integrations: postgresql" });
    expect(pushes(ctx)).toEqual([]);
    expect(layerAdds(ctx)).toEqual([]);
  });

  it("waits for Pebble when the container cannot connect, having created the secrets", async () => {
    const ctx = await context();
    const input = readyState({ secrets: [], containers: [{ ...garmContainer, canConnect: false }] });
    const out = await ctx.run(events.install(), input);
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for Pebble" });
    expect(out.secrets.map((s) => s.label).sort()).toEqual([
      "garm-admin-credentials",
      "garm-secrets",
      "garm-webhook-secret",
    ]);
  });

  it("waits for a configurator that published provider credentials", async () => {
    const ctx = await context();
    const scalesetOnly = configurator({ 0: { name: "test-scaleset", flavor: "m1.large" } });
    const out = await ctx.run(
      events.relationChanged(scalesetOnly),
      readyState({ relations: [postgresql, scalesetOnly] }),
    );
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for garm-configurator relation" });
    // GARM runs meanwhile, with no provider file.
    expect(Object.keys(files(out))).toEqual(["/etc/garm/config.toml"]);
  });

  it("pushes config.toml and provider files with mode 0600, adds the layer and starts GARM", async () => {
    const ctx = await context();
    const out = await ctx.run(events.pebbleReady("garm"), proxiedState());

    const written = files(out);
    expect(Object.keys(written).sort()).toEqual([
      "/etc/garm/clouds-garm-configurator-0.yaml",
      "/etc/garm/config.toml",
      "/etc/garm/provider-garm-configurator-0.toml",
    ]);
    for (const file of Object.values(written)) expect(file.permissions).toBe("600");

    const config = parseToml(written["/etc/garm/config.toml"]!.content);
    expect(config).toMatchObject({
      database: {
        backend: "postgresql",
        passphrase: DB_PASSPHRASE,
        postgresql: {
          hostname: "10.0.0.5",
          port: 5432,
          database: "garm",
          username: "relation_id_7",
          password: DB_PASSWORD,
          sslmode: "prefer",
        },
      },
      apiserver: { bind: "0.0.0.0", port: 8080, use_tls: false },
      jwt_auth: { secret: JWT_SECRET, time_to_live: "8760h" },
      metrics: { enable: true, disable_auth: true },
      provider: [
        {
          name: "garm-configurator-0",
          provider_type: "external",
          external: {
            config_file: "/etc/garm/provider-garm-configurator-0.toml",
            provider_executable: "/usr/local/bin/garm-provider-openstack",
            environment_variables: ["HTTP_PROXY", "NO_PROXY", "http_proxy", "no_proxy"],
          },
        },
      ],
    });
    expect(parseToml(written["/etc/garm/provider-garm-configurator-0.toml"]!.content)).toEqual({
      cloud: "garm-configurator-0",
      network_id: "external-net",
      use_config_drive: true,
      credentials: { clouds: "/etc/garm/clouds-garm-configurator-0.yaml" },
    });
    expect(parseYaml(written["/etc/garm/clouds-garm-configurator-0.yaml"]!.content)).toMatchObject({
      clouds: { "garm-configurator-0": { auth: { password: OS_PASSWORD, project_name: "test-project" } } },
    });

    const container = getContainer(out, "garm");
    expect(container?.layers["garm"]).toMatchObject({
      services: {
        garm: {
          command: "/usr/local/bin/garm --config /etc/garm/config.toml",
          startup: "enabled",
          environment: { HTTP_PROXY: "http://squid.internal:3128", no_proxy: "10.0.0.0/8" },
        },
      },
    });
    expect(container?.serviceStatuses["garm"]).toBe("active");
    expect(out.openedPorts).toEqual([{ protocol: "tcp", port: 8080 }]);
    expect(out.unitStatus.name).toBe("active");
  });

  it("does not push or replan when the same hook runs again", async () => {
    const ctx = await context();
    const first = await ctx.run(events.configChanged(), readyState());
    const second = await ctx.run(events.configChanged(), first);
    expect(pushes(ctx)).toEqual([]);
    expect(layerAdds(ctx)).toEqual([]);
    expect(replans(ctx)).toEqual([]);
    expect(getContainer(second, "garm")?.serviceStatuses["garm"]).toBe("active");
    expect(second.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("decides on the hash in the running plan, not on the files in the container", async () => {
    const ctx = await context();
    const first = await ctx.run(events.configChanged(), readyState());
    const running = getContainer(first, "garm")!;

    // A file edited behind the charm's back, plan untouched: nothing is pushed or replanned.
    const edited = {
      ...first,
      containers: [
        {
          ...running,
          files: { ...running.files, "/etc/garm/config.toml": { content: "edited", permissions: "600" } },
        },
      ],
    };
    await ctx.run(events.updateStatus(), edited);
    expect(pushes(ctx)).toEqual([]);
    expect(replans(ctx)).toEqual([]);

    // Same files, but the plan carries another hash (GARM runs an older config): push and replan.
    const layer = running.layers["garm"] as { services: { garm: { environment: Record<string, string> } } };
    const stalePlan = {
      ...first,
      containers: [
        {
          ...running,
          layers: {
            garm: {
              ...layer,
              services: {
                garm: { ...layer.services.garm, environment: { config_hash: "0".repeat(64) } },
              },
            },
          },
        },
      ],
    };
    const out = await ctx.run(events.updateStatus(), stalePlan);
    expect(pushes(ctx)).toHaveLength(3);
    expect(layerAdds(ctx)).toHaveLength(1);
    expect(replans(ctx)).toHaveLength(1);
    expect(getContainer(out, "garm")?.layers["garm"]).toEqual(running.layers["garm"]);
  });

  it("waits while the postgresql relation exists but the provider has not answered", async () => {
    const ctx = await context();
    const pending = relation({ endpoint: "postgresql", id: postgresql.id, remoteAppName: "postgresql-k8s" });
    const out = await ctx.run(
      events.relationCreated(pending),
      readyState({ relations: [pending, oneConfigurator] }),
    );
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for postgresql relation" });
    expect(pushes(ctx)).toEqual([]);
    const request = out.relations.find((r) => r.id === pending.id);
    expect(request?.localAppData["database"]).toBe("garm");
  });

  it("waits while the database credentials secret is not readable yet", async () => {
    const ctx = await context();
    const notGranted = secret({
      id: dbUserSecret.id,
      content: { username: "u", password: DB_PASSWORD },
      granted: false,
    });
    const input = readyState();
    const out = await ctx.run(events.configChanged(), {
      ...input,
      secrets: input.secrets.map((s) => (s.id === notGranted.id ? notGranted : s)),
    });
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for postgresql relation" });
    expect(pushes(ctx)).toEqual([]);
  });

  it("renders on a non-leader from the secrets the leader created", async () => {
    const ctx = await garmContext(charmOptions(garm.url), 1);
    const out = await ctx.run(events.configChanged(), readyState({ leader: false }));
    expect(ctx.hookToolCalls.filter((call) => call.tool === "secret-add")).toEqual([]);
    const config = parseToml(files(out)["/etc/garm/config.toml"]!.content);
    expect(config).toMatchObject({
      jwt_auth: { secret: JWT_SECRET },
      database: { passphrase: DB_PASSPHRASE },
    });
    expect(getContainer(out, "garm")?.serviceStatuses["garm"]).toBe("active");
  });

  it("replans when only a proxy value changes", async () => {
    const ctx = await context();
    const first = await ctx.run(events.configChanged(), proxiedState());
    const moved = { ...first, modelProxy: { ...PROXY, httpProxy: "http://other-proxy:8080" } };
    const out = await ctx.run(events.configChanged(), moved);
    expect(ctx.env["JUJU_CHARM_HTTP_PROXY"]).toBe("http://other-proxy:8080");
    expect(layerAdds(ctx)).toHaveLength(1);
    expect(replans(ctx)).toHaveLength(1);
    expect(getContainer(out, "garm")?.layers["garm"]).toMatchObject({
      services: {
        garm: {
          environment: { HTTP_PROXY: "http://other-proxy:8080", http_proxy: "http://other-proxy:8080" },
        },
      },
    });
    // The whitelist names variables, not values: config.toml itself did not change.
    expect(files(out)["/etc/garm/config.toml"]).toEqual(files(first)["/etc/garm/config.toml"]);
  });

  it("drops the proxy variables from GARM and its providers when the model proxy is unset", async () => {
    const ctx = await context();
    const first = await ctx.run(events.configChanged(), proxiedState());
    const { modelProxy: _dropped, ...unset } = first;
    const out = await ctx.run(events.configChanged(), unset);
    expect(ctx.env["JUJU_CHARM_HTTP_PROXY"]).toBe("");
    expect(replans(ctx)).toHaveLength(1);
    const environment = (
      getContainer(out, "garm")?.layers["garm"] as { services: { garm: { environment: object } } }
    ).services.garm.environment;
    expect(Object.keys(environment)).toEqual(["config_hash"]);
    const config = parseToml(files(out)["/etc/garm/config.toml"]!.content) as {
      provider: { external: Record<string, unknown> }[];
    };
    expect(config.provider[0]?.external).not.toHaveProperty("environment_variables");
  });

  it("passes every model proxy setting (https too) in both spellings, whitelisted for providers", async () => {
    const ctx = await context();
    const out = await ctx.run(
      events.configChanged(),
      readyState({
        modelProxy: {
          httpProxy: " http://squid.internal:3128 ",
          httpsProxy: "http://squid.internal:3129",
          noProxy: "127.0.0.1,.svc",
          ftpProxy: "ftp://ignored:21",
        },
      }),
    );
    const config = parseToml(files(out)["/etc/garm/config.toml"]!.content) as {
      provider: { external: { environment_variables: string[] } }[];
    };
    expect(config.provider[0]?.external.environment_variables).toEqual([
      "HTTPS_PROXY",
      "HTTP_PROXY",
      "NO_PROXY",
      "http_proxy",
      "https_proxy",
      "no_proxy",
    ]);
    expect(getContainer(out, "garm")?.layers["garm"]).toMatchObject({
      services: {
        garm: {
          environment: {
            HTTP_PROXY: "http://squid.internal:3128",
            http_proxy: "http://squid.internal:3128",
            HTTPS_PROXY: "http://squid.internal:3129",
            https_proxy: "http://squid.internal:3129",
            NO_PROXY: "127.0.0.1,.svc",
            no_proxy: "127.0.0.1,.svc",
          },
        },
      },
    });
  });

  it("renders a second provider for a second configurator unit and, once its scaleset is pruned, removes it", async () => {
    const two = configurator({
      0: providerBag(osPasswordSecret.id),
      1: providerBag(osPasswordSecret2.id, "net-2", "garm-configurator-1"),
    });
    const ctx = await context();
    const out = await ctx.run(
      events.relationJoined(two, { remoteUnit: "garm-configurator/1" }),
      readyState({ relations: [postgresql, two] }),
    );
    const written = files(out);
    const config = parseToml(written["/etc/garm/config.toml"]!.content) as { provider: { name: string }[] };
    expect(config.provider.map((p) => p.name)).toEqual(["garm-configurator-0", "garm-configurator-1"]);
    expect(parseYaml(written["/etc/garm/clouds-garm-configurator-1.yaml"]!.content)).toMatchObject({
      clouds: { "garm-configurator-1": { auth: { password: OS_PASSWORD_2 } } },
    });
    expect(garm.snapshot().scaleSets.map((s) => s.name)).toContain("scaleset-garm-configurator-1");

    // The unit leaves. Its scaleset has no runner: the object step deletes it while the provider
    // is still configured, then the provider's files go and GARM is replanned without it.
    const departed = await ctx.run(events.relationDeparted(two, { remoteUnit: "garm-configurator/1" }), {
      ...out,
      relations: out.relations.map((r) =>
        r.id === two.id ? { ...r, remoteUnitsData: { 0: r.remoteUnitsData[0]! } } : r,
      ),
    });
    const deleted = logIndex(ctx, /delete scaleset scaleset-garm-configurator-1/);
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(
      logIndex(ctx, /Removed stale provider file \/etc\/garm\/provider-garm-configurator-1\.toml/),
    ).toBeGreaterThan(deleted);
    expect(garm.snapshot().scaleSets.map((s) => s.name)).not.toContain("scaleset-garm-configurator-1");
    const remaining = files(departed);
    expect(Object.keys(remaining).sort()).toEqual([
      "/etc/garm/clouds-garm-configurator-0.yaml",
      "/etc/garm/config.toml",
      "/etc/garm/provider-garm-configurator-0.toml",
    ]);
    expect(replans(ctx)).toHaveLength(1);
    expect(departed.unitStatus.name).toBe("active");
  });

  it("removes a departing unit's files while Juju still holds its databag", async () => {
    const two = configurator({
      0: providerBag(osPasswordSecret.id),
      1: providerBag(osPasswordSecret2.id, "net-2", "garm-configurator-1"),
    });
    const ctx = await context();
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, two] }));
    expect(Object.keys(files(both))).toContain("/etc/garm/clouds-garm-configurator-1.yaml");

    // In relation-departed the departing unit is gone from relation-list, its data not yet.
    const out = await ctx.run(
      events.relationDeparted(two, {
        remoteUnit: "garm-configurator/1",
        departingUnit: "garm-configurator/1",
      }),
      both,
    );
    expect(Object.keys(files(out)).sort()).toEqual([
      "/etc/garm/clouds-garm-configurator-0.yaml",
      "/etc/garm/config.toml",
      "/etc/garm/provider-garm-configurator-0.toml",
    ]);
    const config = parseToml(files(out)["/etc/garm/config.toml"]!.content) as {
      provider: { name: string }[];
    };
    expect(config.provider.map((p) => p.name)).toEqual(["garm-configurator-0"]);
  });

  it("when the last configurator relation goes, prunes its scaleset, then runs GARM without providers", async () => {
    const ctx = await context();
    const running = await ctx.run(events.configChanged(), readyState());
    const out = await ctx.run(events.relationBroken(oneConfigurator), running);
    // GARM keeps running, with no provider (issue 10, defect 9: it needs no configurator).
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });
    // The prune ran while the provider was still configured; then its files went.
    const deleted = logIndex(ctx, /delete scaleset scaleset-garm-configurator-0/);
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(
      logIndex(ctx, /Removed stale provider file \/etc\/garm\/provider-garm-configurator-0\.toml/),
    ).toBeGreaterThan(deleted);
    expect(garm.snapshot().scaleSets.map((s) => s.name)).not.toContain("scaleset-garm-configurator-0");
    expect(Object.keys(files(out))).toEqual(["/etc/garm/config.toml"]);
    expect(parseToml(files(out)["/etc/garm/config.toml"]!.content)).not.toHaveProperty("provider");
    expect(replans(ctx)).toHaveLength(1);
    expect(getContainer(out, "garm")?.serviceStatuses["garm"]).toBe("active");
  });

  it("starts GARM with no provider when no configurator was ever related", async () => {
    const ctx = await context();
    const out = await ctx.run(events.configChanged(), readyState({ relations: [postgresql] }));
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });
    expect(Object.keys(files(out))).toEqual(["/etc/garm/config.toml"]);
    expect(parseToml(files(out)["/etc/garm/config.toml"]!.content)).not.toHaveProperty("provider");
    expect(layerAdds(ctx)).toHaveLength(1);
    expect(getContainer(out, "garm")?.serviceStatuses["garm"]).toBe("active");
  });

  it("serves providers of several configurator applications and drops a broken relation's files", async () => {
    const second = configurator(
      { 0: providerBag(osPasswordSecret2.id, "external-net", "configurator-b-0") },
      21,
      "configurator-b",
    );
    const ctx = await context();
    const out = await ctx.run(
      events.relationChanged(second),
      readyState({ relations: [postgresql, oneConfigurator, second] }),
    );
    expect(Object.keys(files(out))).toContain("/etc/garm/provider-configurator-b-0.toml");

    const broken = await ctx.run(events.relationBroken(second), out);
    expect(Object.keys(files(broken))).not.toContain("/etc/garm/provider-configurator-b-0.toml");
    expect(Object.keys(files(broken))).not.toContain("/etc/garm/clouds-configurator-b-0.yaml");
  });

  it("picks up a rotated database password on secret-changed and restarts GARM", async () => {
    const ctx = await context();
    const first = await ctx.run(events.configChanged(), readyState());
    const rotated = secret({
      id: dbUserSecret.id,
      content: { username: "relation_id_7", password: DB_PASSWORD },
      latestContent: { username: "relation_id_7", password: "rotated-db-pw-Hh31" },
    });
    const input = { ...first, secrets: first.secrets.map((s) => (s.id === rotated.id ? rotated : s)) };
    const out = await ctx.run(events.secretChanged(rotated), input);
    const config = parseToml(files(out)["/etc/garm/config.toml"]!.content) as {
      database: { postgresql: { password: string } };
    };
    expect(config.database.postgresql.password).toBe("rotated-db-pw-Hh31");
    expect(replans(ctx)).toHaveLength(1);
    expect(ctx.jujuLog.map((line) => line.message).join("\n")).not.toContain("rotated-db-pw-Hh31");
  });

  it("stops GARM when the postgresql relation is removed", async () => {
    const ctx = await context();
    const running = await ctx.run(events.configChanged(), readyState());
    const out = await ctx.run(events.relationBroken(postgresql), running);
    expect(getContainer(out, "garm")?.serviceStatuses["garm"]).toBe("inactive");
    expect(out.unitStatus).toEqual({ name: "blocked", message: "missing integrations: postgresql" });
  });

  it("requests the database as leader and publishes ingress, scrape jobs and the port", async () => {
    const ingress = {
      id: 30,
      endpoint: "ingress",
      remoteAppName: "traefik",
      localAppData: {},
      localUnitData: {},
      remoteAppData: {},
      remoteUnitsData: { 0: {} },
    };
    const metrics = { ...ingress, id: 31, endpoint: "metrics-endpoint", remoteAppName: "prometheus" };
    const ctx = await context();
    const out = await ctx.run(
      events.install(),
      readyState({ relations: [postgresql, oneConfigurator, ingress, metrics] }),
    );
    const db = out.relations.find((r) => r.id === postgresql.id);
    expect(db?.localAppData["database"]).toBe("garm");
    expect(JSON.parse(db?.localAppData["requested-secrets"] ?? "[]")).toContain("password");
    const ing = out.relations.find((r) => r.id === 30);
    expect(ing?.localAppData).toEqual({
      model: '"garm-model"',
      name: '"garm"',
      port: "8080",
      "strip-prefix": "true",
    });
    expect(ing?.localUnitData["host"]).toBe('"garm-0.garm-endpoints.garm-model.svc.cluster.local"');
    const scrape = out.relations.find((r) => r.id === 31);
    expect(JSON.parse(scrape?.localAppData["scrape_jobs"] ?? "[]")).toEqual([
      { metrics_path: "/metrics", static_configs: [{ targets: ["*:8080"] }], job_name: "garm" },
    ]);
    expect(scrape?.localUnitData["prometheus_scrape_unit_name"]).toBe("garm/0");
  });
});

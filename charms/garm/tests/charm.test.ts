/**
 * The garm charm's own Juju side: secrets created once by the leader, the get-credentials action,
 * which events it reconciles on, and the waiting/blocked reasons before the workload is touched.
 */
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import {
  events,
  SecretLeakError,
  getSecret,
  relation,
  secret,
  state,
  type HarnessEvent,
} from "@garm-charms/charm-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  adminCredentials,
  charmOptions,
  configurator,
  garmContainer,
  checkedContext,
  garmContext,
  garmSecrets,
  JWT_SECRET,
  webhookSecret,
  oneConfigurator,
  osPasswordSecret,
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

const context = (unitId = 0) => garmContext(charmOptions(garm.url), unitId);

describe("GARM secrets", () => {
  it("are created by the leader on install, application-owned, with GARM-strength values", async () => {
    const ctx = await context();
    const out = await ctx.run(events.install(), state({ leader: true, containers: [garmContainer] }));
    const secrets = getSecret(out, { label: "garm-secrets" });
    const admin = getSecret(out, { label: "garm-admin-credentials" });
    const webhook = getSecret(out, { label: "garm-webhook-secret" });
    expect(secrets?.owner).toBe("app");
    expect(webhook?.revisions[0]?.content["webhook-secret"]).toMatch(/^[0-9a-f]{64}$/);
    expect(admin?.owner).toBe("app");
    const content = secrets?.revisions[0]?.content ?? {};
    expect(content["jwt-secret"]).toMatch(/^[0-9a-f]{64}$/);
    expect(content["db-passphrase"]).toMatch(/^[A-Za-z0-9]{32}$/);
    const credentials = admin?.revisions[0]?.content ?? {};
    expect(credentials).toMatchObject({
      username: "admin",
      email: "admin@garm.local",
      "full-name": "GARM Admin",
    });
    expect(credentials["password"]).toHaveLength(24);
    expect(out.unitStatus).toEqual({ name: "blocked", message: "missing integrations: postgresql" });
  });

  it("are never regenerated", async () => {
    const ctx = await context();
    const input = readyState();
    const out = await ctx.run(events.leaderElected(), input);
    expect(ctx.hookToolCalls.filter((call) => call.tool === "secret-add")).toEqual([]);
    expect(getSecret(out, { label: "garm-secrets" })).toEqual(garmSecrets);
    expect(getSecret(out, { label: "garm-admin-credentials" })).toEqual(adminCredentials);
    expect(getSecret(out, { label: "garm-webhook-secret" })).toEqual(webhookSecret);
  });

  it("are not created by a non-leader, which waits for them", async () => {
    const ctx = await context(1);
    const input = readyState({
      leader: false,
      secrets: readyState().secrets.filter((s) => s.owner !== "app"),
    });
    const out = await ctx.run(events.configChanged(), input);
    expect(ctx.hookToolCalls.filter((call) => call.tool === "secret-add")).toEqual([]);
    expect(out.secrets).toEqual(input.secrets);
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for GARM secrets" });
  });
});

describe("get-credentials", () => {
  it("returns the admin credentials", async () => {
    const ctx = await context();
    await ctx.run(events.action("get-credentials"), readyState());
    expect(ctx.actionFailure).toBeUndefined();
    expect(ctx.actionResults).toEqual({
      username: "admin",
      password: ADMIN_PASSWORD,
      email: "admin@garm.local",
      "full-name": "GARM Admin",
    });
    expect(ctx.jujuLog.map((line) => line.message).join("\n")).not.toContain(ADMIN_PASSWORD);
  });

  it("fails clearly before the credentials exist", async () => {
    const ctx = await context(1);
    await ctx.run(events.action("get-credentials"), state({ containers: [garmContainer] }));
    expect(ctx.actionFailure).toBe("GARM admin credentials are not yet available");
    expect(ctx.actionResults).toEqual({});
    expect(ctx.hookToolCalls.filter((call) => call.tool === "secret-add")).toEqual([]);
  });
});

describe("events and gates", () => {
  const ingress = relation({ endpoint: "ingress", id: 30, remoteAppName: "traefik" });
  const metrics = relation({ endpoint: "metrics-endpoint", id: 31, remoteAppName: "prometheus" });
  const tmate = relation({ endpoint: "debug-ssh", id: 32, remoteAppName: "tmate-ssh-server" });
  const observed: [string, HarnessEvent][] = [
    ["install", events.install()],
    ["leader-elected", events.leaderElected()],
    ["config-changed", events.configChanged()],
    ["upgrade-charm", events.upgradeCharm()],
    ["update-status", events.updateStatus()],
    ["garm-pebble-ready", events.pebbleReady("garm")],
    ["secret-changed", events.secretChanged(osPasswordSecret)],
    ...[postgresql, oneConfigurator, ingress, metrics, tmate].flatMap((r): [string, HarnessEvent][] => [
      [`${r.endpoint}-relation-created`, events.relationCreated(r)],
      [`${r.endpoint}-relation-joined`, events.relationJoined(r)],
      [`${r.endpoint}-relation-changed`, events.relationChanged(r)],
      [`${r.endpoint}-relation-departed`, events.relationDeparted(r)],
      [`${r.endpoint}-relation-broken`, events.relationBroken(r)],
    ]),
  ];

  it.each(observed)("reconciles on %s", async (_name, event) => {
    const ctx = await context();
    const input = readyState({ relations: [postgresql, oneConfigurator, ingress, metrics, tmate] });
    const out = await ctx.run(event, input);
    expect(ctx.hookToolCalls.some((call) => call.tool === "status-set")).toBe(true);
    expect(out.unitStatus.name).not.toBe("unknown");
  });

  it.each(observed)("is idempotent on %s: the same hook again writes nothing", async (_name, event) => {
    const ctx = await context();
    const input = readyState({ relations: [postgresql, oneConfigurator, ingress, metrics, tmate] });
    const first = await ctx.run(event, input);
    garm.clearRequests();
    const second = await ctx.run(event, first);

    const writes = ["secret-add", "secret-set", "relation-set", "open-port", "close-port"];
    expect(ctx.hookToolCalls.filter((call) => writes.includes(call.tool))).toEqual([]);
    const pebbleWrites = (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.method !== "GET");
    expect(pebbleWrites).toEqual([]);
    // Logging in is the only POST a quiet pass makes.
    const garmWrites = garm.requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login");
    expect(garmWrites).toEqual([]);
    expect(second.unitStatus).toEqual(first.unitStatus);
    expect(second.containers).toEqual(first.containers);
    expect(second.relations).toEqual(first.relations);
  });

  it("ignores events it does not observe", async () => {
    const ctx = await context();
    const input = readyState();
    const out = await ctx.run(events.stop(), input);
    expect(ctx.hookToolCalls).toEqual([]);
    expect(out.unitStatus).toEqual(input.unitStatus);
  });

  it("blocks on unusable postgresql data, naming the key and not the value", async () => {
    const broken = relation({
      endpoint: "postgresql",
      id: postgresql.id,
      remoteAppName: "postgresql-k8s",
      remoteAppData: { ...postgresql.remoteAppData, endpoints: "no-port-here" },
    });
    const ctx = await context();
    const out = await ctx.run(
      events.relationChanged(broken),
      readyState({ relations: [broken, oneConfigurator] }),
    );
    expect(out.unitStatus).toEqual({
      name: "blocked",
      message: "Invalid postgresql relation data: endpoints must start with a host:port entry",
    });
  });

  it("reads plain database credentials from an older provider", async () => {
    const plain = relation({
      endpoint: "postgresql",
      id: postgresql.id,
      remoteAppName: "postgresql-k8s",
      remoteAppData: {
        database: "garm",
        endpoints: "db.example:5433",
        username: "garm",
        password: "plain-db-pw",
      },
    });
    const ctx = await context();
    const out = await ctx.run(
      events.relationChanged(plain),
      readyState({ relations: [plain, oneConfigurator] }),
    );
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(ctx.jujuLog.map((line) => line.message).join("\n")).not.toContain("plain-db-pw");
  });

  it("skips a configurator whose password secret is not granted, and says why in the log", async () => {
    const ungranted = secret({
      id: "secret:cs0000000000notgranted01",
      content: { value: "hidden" },
      granted: false,
    });
    const unit = configurator({ 0: providerBag(ungranted.id) });
    const ctx = await context();
    const out = await ctx.run(
      events.relationChanged(unit),
      readyState({ relations: [postgresql, unit], secrets: [...readyState().secrets, ungranted] }),
    );
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for garm-configurator relation" });
    expect(
      ctx.jujuLog.some((line) => line.level === "WARNING" && line.message.includes("garm-configurator/0")),
    ).toBe(true);
  });

  it("skips a configurator unit with malformed provider data", async () => {
    const hostile = configurator({
      0: { ...providerBag(osPasswordSecret.id), openstack_network: "net\n[database]" },
    });
    const ctx = await context();
    const out = await ctx.run(
      events.relationChanged(hostile),
      readyState({ relations: [postgresql, hostile] }),
    );
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for garm-configurator relation" });
    expect(ctx.jujuLog.some((line) => line.message.includes("openstack_network must be a single line"))).toBe(
      true,
    );
  });
});

describe("the secret leak check every test runs", () => {
  it("fails a run that logs a secret value or writes one to a databag", async () => {
    const logs = checkedContext(async (hook) => {
      await hook.log.info(`logging in with ${ADMIN_PASSWORD}`);
    });
    await expect(logs.run(events.install(), readyState())).rejects.toThrow(SecretLeakError);

    const publishes = checkedContext(async (hook) => {
      const db = await hook.relation("postgresql");
      await db?.localUnitData.update({ note: `jwt ${JWT_SECRET}` });
    });
    await expect(publishes.run(events.install(), readyState())).rejects.toThrow(SecretLeakError);
  });

  it("lets the admin password out only as get-credentials' results", async () => {
    const misplaced = checkedContext(async (hook) => {
      await hook.setActionResults({ note: ADMIN_PASSWORD });
    });
    await expect(misplaced.run(events.action("get-credentials"), readyState())).rejects.toThrow(
      SecretLeakError,
    );
    const otherSecret = checkedContext(async (hook) => {
      await hook.setActionResults({ username: "admin", password: JWT_SECRET });
    });
    await expect(otherSecret.run(events.action("get-credentials"), readyState())).rejects.toThrow(
      SecretLeakError,
    );
  });
});

/**
 * Regression tests named after the bugs the Python garm charm fixed in its history
 * (reference-charms.md §5) and the caveats it still has (§2.13), for the cases no other test of
 * this charm pins by name. Each runs the charm through the harness against the GARM fake.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import {
  events,
  fileText,
  getContainer,
  secret,
  type Context,
  type Databag,
  type State,
} from "@garm-charms/charm-testing";
import { GARM_CONFIGURATOR_LEADER_KEYS } from "@garm-charms/interfaces";
import { describe, expect, it } from "vitest";
import { DEFAULT_GARM_URL } from "../src/index.js";
import {
  adminCredentials,
  charmOptions,
  configurator,
  garmContext,
  oneConfigurator,
  OS_PASSWORD,
  osPasswordSecret,
  osPasswordSecret2,
  postgresql,
  readyState,
  providerBag,
  useGarmFake,
} from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const ACTIVE = { name: "active", message: "" } as const;

const pebbleWrites = (ctx: Context) =>
  (ctx.pebbleRequests["garm"] ?? []).filter(
    (r) =>
      (r.path === "/v1/files" && r.method === "POST") || r.path === "/v1/layers" || r.action === "replan",
  );
const replans = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.action === "replan");

/** The state with the configurator relation `id` carrying `units` instead. */
function withUnits(input: State, id: number, units: Readonly<Record<number, Databag>>): State {
  return {
    ...input,
    relations: input.relations.map((r) => (r.id === id ? { ...r, remoteUnitsData: units } : r)),
  };
}

/** What our configurator publishes once its image relation breaks: no image id, no leader keys. */
function afterImageRelationBroke(bag: Databag): Databag {
  const dropped = new Set<string>([...GARM_CONFIGURATOR_LEADER_KEYS, "image_id"]);
  return Object.fromEntries(Object.entries(bag).filter(([key]) => !dropped.has(key)));
}

describe("bugs the Python garm charm fixed (reference-charms.md §5)", () => {
  it("6edeadd: a sync failure in the hook that configures and starts GARM is the final status, not active", async () => {
    // GARM fails the object reconcile: its scale sets cannot be listed.
    garm.injectFault({
      method: "GET",
      path: "/api/v1/scalesets",
      times: 3,
      fault: { kind: "status", status: 400 },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const input: State = { ...readyState(), unitStatus: ACTIVE, appStatus: ACTIVE };
    const out = await ctx.run(events.configChanged(), input);
    // This hook pushed the config and replanned GARM ...
    expect(replans(ctx)).toHaveLength(1);
    // ... and still ends on the failure, on the unit and the application.
    const failed = out.unitStatus;
    expect(failed.name).toBe("waiting");
    expect(failed.message).toContain("GARM rejected GET /api/v1/scalesets with HTTP 400");
    expect(out.appStatus).toEqual(failed);
    expect(ctx.unitStatusHistory.at(-1)).toEqual(failed);
  });

  it("6edeadd/568eefe: the hook after the first one finds its own hash in the plan and replans nothing", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    for (const event of [events.configChanged(), events.updateStatus(), events.leaderElected()]) {
      await ctx.run(event, first);
      expect(pebbleWrites(ctx)).toEqual([]);
    }
  });

  it("1c66ef6: the application status follows the unit status from active to waiting and back", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    expect(configured.appStatus).toEqual(ACTIVE);

    garm.injectFault({
      method: "GET",
      path: "/api/v1/scalesets",
      times: 1,
      fault: { kind: "status", status: 400 },
    });
    const failed = await ctx.run(events.updateStatus(), configured);
    expect(failed.unitStatus.name).toBe("waiting");
    expect(failed.appStatus).toEqual(failed.unitStatus);

    const recovered = await ctx.run(events.updateStatus(), failed);
    expect(recovered.unitStatus).toEqual(ACTIVE);
    expect(recovered.appStatus).toEqual(ACTIVE);
  });

  it("7e8d842: talks to GARM on the local listener 127.0.0.1:8080, not a config-derived URL", () => {
    expect(DEFAULT_GARM_URL).toBe("http://127.0.0.1:8080");
  });

  it("7e8d842: relation data that leaves config.toml unchanged is still synced to GARM", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    expect(garm.snapshot().scaleSets.map((s) => s.maxRunners)).toEqual([5]);

    const resized = configurator({ 0: { ...providerBag(osPasswordSecret.id), max_runner: "9" } });
    const out = await ctx.run(
      events.relationChanged(resized),
      withUnits(configured, resized.id, { 0: resized.remoteUnitsData[0] ?? {} }),
    );
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(garm.snapshot().scaleSets.map((s) => s.maxRunners)).toEqual([9]);
    expect(out.unitStatus).toEqual(ACTIVE);
  });

  it("7e8d842: creates the scaleset with os_type linux, runner group Default and the published image id", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.install(), readyState());
    const [scaleset] = garm.snapshot().scaleSets;
    expect(scaleset?.osType).toBe("linux");
    expect(scaleset?.runnerGroup).toBe("Default");
    expect(scaleset?.image).toBe(providerBag(osPasswordSecret.id)["image_id"]);
    const creates = garm.requests.filter((r) => r.method === "POST" && r.path.endsWith("/scalesets"));
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toMatchObject({ os_type: "linux" });
  });

  it("e9d3fc4: registers the organisation with a non-empty webhook secret and without agent_mode", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.install(), readyState());
    const registrations = garm.requests.filter(
      (r) => r.method === "POST" && r.path === "/api/v1/organizations",
    );
    expect(registrations).toHaveLength(1);
    const body = registrations[0]?.body as Record<string, unknown>;
    expect(body).toHaveProperty("webhook_secret");
    expect(body).not.toHaveProperty("agent_mode");
    const [org] = garm.snapshot().organizations;
    expect(org?.webhookSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("9fd8df2: never deletes GitHub endpoints, not even github.com while pruning everything", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const before = garm.snapshot().endpoints.map((e) => e.name);
    expect(before).toContain("github.com");
    const configured = await ctx.run(events.install(), readyState());
    const broken = await ctx.run(events.relationBroken(oneConfigurator), configured);
    let state: State = {
      ...broken,
      relations: broken.relations.filter((r) => r.endpoint !== "garm-configurator"),
    };
    // Teardown converges over passes (scaleset, then entity, then credentials).
    for (let pass = 0; pass < 3; pass++) state = await ctx.run(events.updateStatus(), state);
    expect(garm.snapshot().credentials).toEqual([]);
    expect(garm.snapshot().endpoints.map((e) => e.name)).toEqual(before);
    expect(
      garm.requests.filter((r) => r.path.startsWith("/api/v1/github/endpoints") && r.method !== "GET"),
    ).toEqual([]);
  });

  it("fcf7684: a credential delete GARM refuses does not fail the hook and is retried on the next pass", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    garm.injectFault({
      method: "DELETE",
      path: /^\/api\/v1\/github\/credentials\/\d+$/,
      times: 1,
      fault: { kind: "status", status: 409, body: { error: "conflict", details: "credentials in use" } },
    });
    let state: State = {
      ...configured,
      relations: configured.relations.filter((r) => r.endpoint !== "garm-configurator"),
    };
    // Every hook completes (no throw), whatever GARM answers to the delete; teardown converges.
    for (let pass = 0; pass < 4; pass++) state = await ctx.run(events.updateStatus(), state);
    const deletes = garm.requests.filter(
      (r) => r.method === "DELETE" && r.path.startsWith("/api/v1/github/credentials/"),
    );
    expect(deletes.map((r) => r.status)).toEqual([409, 204]);
    expect(garm.snapshot().credentials).toEqual([]);
    expect(state.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });
  });
});

describe("caveats of the Python garm charm (reference-charms.md §2.13)", () => {
  it("secret_changed covers configurator secret rotation: the newest OpenStack password reaches clouds.yaml", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    const rotatedPassword = "os-pw-Rotated-Tt62";
    const rotated = secret({
      id: osPasswordSecret.id,
      content: { value: OS_PASSWORD },
      latestContent: { value: rotatedPassword },
    });
    const input = { ...first, secrets: first.secrets.map((s) => (s.id === rotated.id ? rotated : s)) };
    const out = await ctx.run(events.secretChanged(rotated), input);
    const clouds = getContainer(out, "garm")?.files["/etc/garm/clouds-garm-configurator-0.yaml"];
    expect(clouds === undefined ? "" : fileText(clouds)).toContain(rotatedPassword);
    expect(replans(ctx)).toHaveLength(1);
    expect(ctx.jujuLog.map((line) => line.message).join("\n")).not.toContain(rotatedPassword);
  });

  it("incomplete spec means deletion: a configurator whose image relation broke keeps its live scaleset", async () => {
    const appA = configurator({ 0: providerBag(osPasswordSecret.id) }, 20, "garm-configurator");
    const bagB = providerBag(osPasswordSecret2.id, "net-b", "configurator-b-0");
    const appB = configurator({ 0: bagB }, 21, "configurator-b");
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState({ relations: [postgresql, appA, appB] }));
    expect(
      garm
        .snapshot()
        .scaleSets.map((s) => s.name)
        .sort(),
    ).toEqual(["scaleset-configurator-b-0", "scaleset-garm-configurator-0"]);

    garm.clearRequests();
    const broken = withUnits(configured, appB.id, { 0: afterImageRelationBroke(bagB) });
    const out = await ctx.run(events.relationChanged(appB), broken);
    const again = await ctx.run(events.updateStatus(), out);

    expect(
      garm
        .snapshot()
        .scaleSets.map((s) => s.name)
        .sort(),
    ).toEqual(["scaleset-configurator-b-0", "scaleset-garm-configurator-0"]);
    const scalesetWrites = garm.requests.filter(
      (r) => r.method !== "GET" && r.path.startsWith("/api/v1/scalesets"),
    );
    expect(scalesetWrites).toEqual([]);
    expect(again.unitStatus.name).toBe("waiting");
    expect(again.unitStatus.message).toContain("configurator-b/0");
  });

  it("incomplete spec means deletion: an unparsable max_runner keeps the live scaleset", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    garm.clearRequests();
    const bad = withUnits(configured, 20, { 0: { ...providerBag(osPasswordSecret.id), max_runner: "five" } });
    const out = await ctx.run(events.relationChanged(configurator({ 0: {} })), bad);
    expect(garm.snapshot().scaleSets).toHaveLength(1);
    expect(garm.requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login")).toEqual([]);
    expect(out.unitStatus.name).toBe("blocked");
  });
});

describe("reference unit tests (reference-charms.md §4.2) with no equivalent elsewhere", () => {
  it("test_first_run_skipped_when_credentials_are_incomplete: GARM is never contacted with half the credentials", async () => {
    const halfAdmin = {
      ...adminCredentials,
      revisions: adminCredentials.revisions.map((rev) => {
        const { password: _dropped, ...rest } = rev.content;
        return { ...rev, content: rest };
      }),
    };
    const input = readyState();
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.install(), {
      ...input,
      secrets: input.secrets.map((s) => (s.id === adminCredentials.id ? halfAdmin : s)),
    });
    expect(garm.requests).toEqual([]);
    expect(garm.snapshot().initialised).toBe(false);
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for GARM secrets" });
  });

  it("test_missing_configurator_relation_refreshes_stale_app_status: unit and app both show the no-configurator text", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const input: State = {
      ...readyState({ relations: [postgresql] }),
      unitStatus: ACTIVE,
      appStatus: ACTIVE,
    };
    const out = await ctx.run(events.updateStatus(), input);
    // GARM runs without a configurator (issue 10, defect 9): active, saying what is missing.
    const noConfigurator = {
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    };
    expect(out.unitStatus).toEqual(noConfigurator);
    expect(out.appStatus).toEqual(noConfigurator);
  });
});

/**
 * The pressure reconciler's delivery, through the charm (fake Pebble, GARM fake): on the leader
 * with a planner link its code and config reach its container and the service runs; elsewhere it
 * is stopped and its config (secrets) removed; a config change reaches the running service
 * through its file alone (it reloads; no restart loses its held totals).
 */
import { createHash } from "node:crypto";
import { parseConfig } from "@garm-charms/pressure-reconciler";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { events, fileText, getContainer, type Context, type State } from "@garm-charms/charm-testing";
import { stringify } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CODE_HASH_VARIABLE,
  RECONCILER_CODE_HASH_PATH,
  RECONCILER_CODE_PATH,
  RECONCILER_CONFIG_PATH,
  RECONCILER_LAYER_LABEL,
  RECONCILER_SERVICE,
  STATUS_PLANNER_ELSEWHERE,
  STATUS_RECONCILER_CODE_MISSING,
  STATUS_WAITING_PLANNER_TOKEN,
  STATUS_WAITING_RECONCILER_CONTAINER,
  RECONCILE_INTERVAL_OPTION,
} from "../src/planner/index.js";
import {
  ADMIN_PASSWORD,
  charmOptions,
  configurator,
  GARM_PROVIDERS,
  garmContext,
  osPasswordSecret,
  providerBag,
} from "./fixtures.js";
import {
  FakeBundle,
  FakeMetrics,
  PLANNER_ENDPOINT,
  PLANNER_TOKEN,
  plannerBag,
  plannerState,
  reconcilerContainer,
  SCALESET,
} from "./planner-fixtures.js";

let garm: GarmFake;
let bundle: FakeBundle;
let metrics: FakeMetrics;

beforeEach(async () => {
  garm = await startGarmFake({ providers: GARM_PROVIDERS });
  bundle = new FakeBundle();
  metrics = new FakeMetrics();
  await metrics.start();
});

afterEach(async () => {
  await garm.close();
  await metrics.close();
  bundle.remove();
});

const context = (unitId = 0): Promise<Context> =>
  garmContext(
    charmOptions(garm.url, { planner: { bundlePath: bundle.path, metricsUrl: metrics.url } }),
    unitId,
  );

const reconciler = (state: State) => getContainer(state, "pressure-reconciler")!;
const writes = (ctx: Context) =>
  (ctx.pebbleRequests["pressure-reconciler"] ?? []).filter((r) => r.method !== "GET");
const serviceActions = (ctx: Context) =>
  writes(ctx).filter((r) => r.path === "/v1/services" || r.path === "/v1/layers");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function writtenConfig(state: State) {
  const file = reconciler(state).files[RECONCILER_CONFIG_PATH];
  expect(file).toBeDefined();
  return { file: file!, config: parseConfig(JSON.parse(fileText(file!)), "config.json") };
}

describe("the pressure reconciler on the leader with a planner link", () => {
  it("pushes the charm's code, writes its config 0600, adds the layer and starts it", async () => {
    const ctx = await context();
    const out = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());

    const files = reconciler(out).files;
    expect(fileText(files[RECONCILER_CODE_PATH]!)).toBe("// pressure reconciler, build 1\n");
    expect(fileText(files[RECONCILER_CODE_HASH_PATH]!).trim()).toBe(
      sha256("// pressure reconciler, build 1\n"),
    );
    const { file, config } = writtenConfig(out);
    expect(file.permissions).toBe("600");
    expect(config.garm).toEqual({
      url: garm.url,
      username: "admin",
      password: ADMIN_PASSWORD,
      caCert: undefined,
    });
    expect(config.planner).toEqual({ url: PLANNER_ENDPOINT, token: PLANNER_TOKEN });
    expect(config.scaleSets).toEqual([
      {
        name: SCALESET,
        flavor: SCALESET,
        minPressure: 1,
        maxPressure: 0,
        minIdleFloor: 0,
        mode: "subtract-assigned",
      },
    ]);

    const layer = reconciler(out).layers[RECONCILER_LAYER_LABEL];
    const service = (layer?.["services"] as Record<string, Record<string, unknown>>)[RECONCILER_SERVICE];
    expect(service?.["command"]).toBe(
      `/usr/local/bin/node ${RECONCILER_CODE_PATH} --config ${RECONCILER_CONFIG_PATH}`,
    );
    expect(service?.["environment"]).toEqual({
      [CODE_HASH_VARIABLE]: sha256("// pressure reconciler, build 1\n"),
    });
    // No secret in the layer: the service reads them from its 0600 file only.
    const layerText = stringify(layer);
    for (const value of [PLANNER_TOKEN, ADMIN_PASSWORD]) expect(layerText).not.toContain(value);
    expect(reconciler(out).serviceStatuses[RECONCILER_SERVICE]).toBe("active");
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "Planner-driven scaling: 1 scale set, stream connected",
    });
  });

  it("writes nothing to the container when the same hook runs again", async () => {
    const ctx = await context();
    const first = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    const again = await ctx.run(events.updateStatus(), first);
    expect(writes(ctx)).toEqual([]);
    expect(reconciler(again)).toEqual(reconciler(first));
  });

  it("rewrites only the config file on a config change, without restarting the service", async () => {
    const ctx = await context();
    const first = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    const changed = configurator({ 0: plannerBag("3", { min_idle_runner: "2" }) });
    const input: State = { ...first, relations: [first.relations[0]!, changed] };
    const out = await ctx.run(events.relationChanged(changed, { remoteUnit: "garm-configurator/0" }), input);

    expect(writtenConfig(out).config.scaleSets[0]).toMatchObject({ minPressure: 3, minIdleFloor: 2 });
    // One push (the config), no layer, no replan, no stop or restart: the service reloads its file.
    expect(writes(ctx)).toHaveLength(1);
    expect(writes(ctx)[0]?.path).toBe("/v1/files");
    expect(serviceActions(ctx)).toEqual([]);
    expect(reconciler(out).serviceStatuses[RECONCILER_SERVICE]).toBe("active");
  });

  it("sets the service's timer from planner-reconcile-interval (300 s by default), without a restart", async () => {
    const ctx = await context();
    const first = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    expect(writtenConfig(first).config.reconcileIntervalMs).toBe(300_000);

    const out = await ctx.run(events.configChanged(), {
      ...first,
      config: { [RECONCILE_INTERVAL_OPTION]: 45 },
    });
    expect(writtenConfig(out).config.reconcileIntervalMs).toBe(45_000);
    expect(writes(ctx).map((r) => r.path)).toEqual(["/v1/files"]);
    expect(serviceActions(ctx)).toEqual([]);
    expect(out.unitStatus.name).toBe("active");
  });

  it("is blocked on an interval out of range, and keeps the service's file as it was", async () => {
    const ctx = await context();
    const first = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    const out = await ctx.run(events.configChanged(), {
      ...first,
      config: { [RECONCILE_INTERVAL_OPTION]: 5 },
    });
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toMatch(/^invalid config: planner-reconcile-interval: /);
    expect(writes(ctx)).toEqual([]);
    expect(reconciler(out).files[RECONCILER_CONFIG_PATH]).toEqual(
      reconciler(first).files[RECONCILER_CONFIG_PATH],
    );
  });

  it("pushes new code and restarts the service when the charm's code changes (an upgrade)", async () => {
    const ctx = await context();
    const first = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    bundle.write("// pressure reconciler, build 2\n");
    const out = await ctx.run(events.upgradeCharm(), first);
    expect(fileText(reconciler(out).files[RECONCILER_CODE_PATH]!)).toBe("// pressure reconciler, build 2\n");
    expect(serviceActions(ctx).map((r) => `${r.path} ${r.action ?? ""}`)).toEqual([
      "/v1/layers add",
      "/v1/services replan",
    ]);
    expect(reconciler(out).serviceStatuses[RECONCILER_SERVICE]).toBe("active");
  });

  it("says when the stream is down, and when the service does not answer", async () => {
    const ctx = await context();
    metrics.connected = 0;
    const down = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    expect(down.unitStatus.message).toBe(
      "Planner-driven scaling: 1 scale set, stream disconnected, holding the last totals",
    );
    await metrics.close();
    const silent = await ctx.run(events.updateStatus(), down);
    expect(silent.unitStatus).toEqual({
      name: "active",
      message: "Planner-driven scaling: 1 scale set, stream state unknown (service starting?)",
    });
  });

  it("waits for its container, and for the token secret", async () => {
    const ctx = await context();
    const noContainer = plannerState(plannerBag(), {
      containers: [plannerState().containers[0]!, { ...reconcilerContainer, canConnect: false }],
    });
    const waiting = await ctx.run(events.updateStatus(), noContainer);
    expect(waiting.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_RECONCILER_CONTAINER });

    const noToken = plannerState(plannerBag(), { secrets: plannerState().secrets.slice(0, -1) });
    const out = await ctx.run(events.updateStatus(), noToken);
    expect(out.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_PLANNER_TOKEN });
    expect(reconciler(out).files[RECONCILER_CONFIG_PATH]).toBeUndefined();
  });

  it("is blocked when the charm was packed without the service's bundle", async () => {
    bundle.remove();
    const ctx = await context();
    const out = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    expect(out.unitStatus).toEqual({ name: "blocked", message: STATUS_RECONCILER_CODE_MISSING });
  });
});

describe("the pressure reconciler anywhere else", () => {
  it("does not start on a non-leader", async () => {
    await (await context()).run(events.pebbleReady(reconcilerContainer), plannerState());
    const ctx = await context(1);
    const out = await ctx.run(
      events.pebbleReady(reconcilerContainer),
      plannerState(plannerBag(), { leader: false }),
    );
    expect(reconciler(out).files).toEqual({});
    expect(reconciler(out).layers).toEqual({});
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_PLANNER_ELSEWHERE });
  });

  it("is stopped, and its config removed, on a unit that lost leadership", async () => {
    const leader = await context();
    const running = await leader.run(events.pebbleReady(reconcilerContainer), plannerState());
    const ctx = await context();
    const out = await ctx.run(events.updateStatus(), { ...running, leader: false });
    expect(reconciler(out).serviceStatuses[RECONCILER_SERVICE]).toBe("inactive");
    expect(reconciler(out).files[RECONCILER_CONFIG_PATH]).toBeUndefined();
  });

  it("is stopped, and its config removed, when the planner link goes", async () => {
    const ctx = await context();
    const running = await ctx.run(events.pebbleReady(reconcilerContainer), plannerState());
    const unlinked = configurator({ 0: providerBag(osPasswordSecret.id) });
    const input: State = { ...running, relations: [running.relations[0]!, unlinked] };
    const out = await ctx.run(events.relationChanged(unlinked, { remoteUnit: "garm-configurator/0" }), input);
    expect(reconciler(out).serviceStatuses[RECONCILER_SERVICE]).toBe("inactive");
    expect(reconciler(out).files[RECONCILER_CONFIG_PATH]).toBeUndefined();
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(ctx.jujuLog.map((l) => l.message)).toContain(
      "Stopped the pressure reconciler (not the leader, or no planner link)",
    );
  });

  it("touches nothing without a planner link (the container is left alone)", async () => {
    const ctx = await context();
    const base = plannerState(providerBag(osPasswordSecret.id));
    const out = await ctx.run(events.pebbleReady(reconcilerContainer), base);
    expect(writes(ctx)).toEqual([]);
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });
});

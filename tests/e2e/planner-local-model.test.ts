/**
 * Planner-driven scaling end to end in the local Juju model (issue 15, "Done when", second line):
 * the planner stand-in, the configurator, the garm charm with the GARM fake and the pressure
 * reconciler running under Pebble stand-ins, all as separate processes. One model, steps in order;
 * each step starts from the state the previous one left. The measured latencies are printed.
 *
 * The charms listen on fixed loopback ports (8080, 9080, 9464); on a host where another local
 * model runs, give the test its own network namespace (see `checkPortsFree`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LocalJuju } from "@garm-charms/juju-local/test-support";
import {
  FLOOR,
  GarmApi,
  SCALESET,
  checkPortsFree,
  deployPlannerModel,
  observe,
  packedCharms,
  reconcilerConfigExists,
  reconcilerLog,
  reconcilerMetrics,
  setPressureDirect,
  setTimerInterval,
  waitForLog,
} from "./planner-model.js";

/** The short timer the test sets: 0.2 min = 12 s (the default is 5 min). */
const TIMER_SECONDS = 12;
const TIMER_MS = TIMER_SECONDS * 1000;

interface ActionTask {
  readonly status: string;
  readonly results: Record<string, unknown>;
}

describe("planner-driven scaling in the local model", { timeout: 120_000 }, () => {
  let j: LocalJuju;
  let garm: GarmApi;
  let scaleSetId = 0;
  const measured: Record<string, string> = {};
  const started = performance.now();

  const minIdle = () => garm.minIdle(scaleSetId);
  const metric = async (name: string): Promise<number | undefined> => (await reconcilerMetrics()).get(name);
  const runAction = (unit: string, action: string, ...params: string[]): ActionTask => {
    const task = j.json<Record<string, ActionTask>>("run", unit, action, ...params)[unit];
    if (task?.status !== "completed") throw new Error(`${action} did not complete: ${JSON.stringify(task)}`);
    return task;
  };

  beforeAll(async () => {
    await checkPortsFree();
    j = await LocalJuju.create();
    deployPlannerModel(j, await packedCharms());
    const credentials = runAction("garm/0", "get-credentials").results;
    garm = await GarmApi.login(String(credentials["username"]), String(credentials["password"]));
    const scaleSet = (await garm.scaleSets()).find((s) => s.name === SCALESET);
    if (scaleSet === undefined) throw new Error(`GARM has no scale set ${SCALESET}`);
    scaleSetId = scaleSet.id;
    measured["setup (pack from cache, deploy, integrate)"] =
      `${String(Math.round(performance.now() - started))} ms`;
  }, 600_000);

  afterAll(() => {
    measured["wall time"] = `${String(Math.round(performance.now() - started))} ms`;
    console.log(
      `planner end to end in the local model:\n${Object.entries(measured)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join("\n")}`,
    );
    j.remove();
  });

  it("deploys to all active, scaling planner-driven, the reconciler streaming, min idle at the floor", async () => {
    const status = j.json<{
      applications: Record<
        string,
        { units: Record<string, { "workload-status": { current: string; message?: string } }> }
      >;
    }>("status");
    for (const [app, { units }] of Object.entries(status.applications)) {
      for (const [unit, { "workload-status": ws }] of Object.entries(units))
        expect(ws.current, `${app} ${unit}: ${ws.message ?? ""}`).toBe("active");
    }
    expect(status.applications["garm"]?.units["garm/0"]?.["workload-status"].message).toMatch(
      /^Planner-driven scaling: 1 scale set/,
    );
    await observe(async () => (await metric("stream_connected")) ?? 0, 1, performance.now());
    expect(await minIdle()).toBe(FLOOR);
  });

  it("pressure 3 on the scale set's flavor raises min_idle_runners to 3 within a second", async () => {
    const since = performance.now();
    await setPressureDirect(j, SCALESET, 3);
    const seen = await observe(minIdle, 3, since, { everyMs: 5 });
    measured["pressure 3 -> min_idle 3 (planner control call to GARM read)"] =
      `${String(Math.round(seen.afterMs))} ms`;
    expect(seen.afterMs).toBeLessThan(1000);
    expect(await metric(`held_total{flavor="${SCALESET}"}`)).toBe(3);
  });

  it("two jobs assigned by GitHub lower it to 1, the total unchanged", async () => {
    const since = performance.now();
    await GarmApi.assignJobs(scaleSetId, 2);
    const seen = await observe(minIdle, 1, since, { everyMs: 20 });
    measured["2 jobs assigned -> min_idle 1 (GARM polled every 2 s; PUTs 5 s apart per scale set)"] =
      `${String(Math.round(seen.afterMs))} ms`;
    expect(seen.before.every((read) => read.value === 3)).toBe(true);
    const scaleSet = await garm.scaleSet(scaleSetId);
    expect((scaleSet.min_idle_runners ?? 0) + (scaleSet.desired_runner_count ?? 0)).toBe(3);
    expect(await metric(`held_total{flavor="${SCALESET}"}`)).toBe(3);
    expect(await metric(`assigned_jobs{scaleset="${SCALESET}"}`)).toBe(2);
  });

  it("a killed stream holds the last total and reconnects with backoff", async () => {
    const reconnects = (await metric("stream_reconnects_total")) ?? 0;
    const killedAt = Date.now();
    const task = runAction("planner/0", "kill-streams");
    expect(task.results["dropped"]).toBe("1");

    const reopening = await waitForLog(j, (l) => l.at >= killedAt - 1000 && l.text.startsWith("reopening"));
    const delay = Number(/in_ms=(\d+)/.exec(reopening.text)?.[1]);
    const connected = await waitForLog(
      j,
      (l) => l.at >= reopening.at && l.text === "planner pressure stream connected",
    );
    measured["stream killed -> reconnected (backoff delay drawn)"] =
      `${String(connected.at - reopening.at)} ms (${String(delay)} ms)`;
    // The first delay is drawn from the upper half of backoff_initial_s (1 s), and waited.
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
    expect(connected.at - reopening.at).toBeGreaterThanOrEqual(delay - 5);
    expect(reconcilerLog(j).some((l) => l.at >= killedAt - 1000 && l.text.includes("holding totals"))).toBe(
      true,
    );

    await observe(
      async () => (await metric("stream_reconnects_total")) ?? 0,
      reconnects + 1,
      performance.now(),
    );
    expect(await metric("stream_connected")).toBe(1);
    expect(await metric(`held_total{flavor="${SCALESET}"}`)).toBe(3);
    expect(await minIdle()).toBe(1);
  });

  it("fewer assigned jobs raise it back at once, the total unchanged", async () => {
    const since = performance.now();
    await GarmApi.assignJobs(scaleSetId, 0);
    const seen = await observe(minIdle, 3, since, { everyMs: 20 });
    measured["assigned jobs 2 -> 0: min_idle 1 -> 3"] = `${String(Math.round(seen.afterMs))} ms`;
    expect(await metric(`held_total{flavor="${SCALESET}"}`)).toBe(3);
  });

  it("pressure 0 lowers nothing until the timer, then the floor", async () => {
    const reloadFrom = Date.now();
    setTimerInterval(j, TIMER_SECONDS);
    const reload = await waitForLog(
      j,
      (l) => l.at >= reloadFrom - 1000 && l.text.startsWith("configuration reloaded"),
    );

    const since = performance.now();
    const sinceWall = Date.now();
    runAction("planner/0", "set-pressure", `flavor=${SCALESET}`, "pressure=0");
    await observe(
      async () => (await metric(`desired_total{flavor="${SCALESET}"}`)) ?? -1,
      0,
      performance.now(),
    );
    expect(await metric(`held_total{flavor="${SCALESET}"}`)).toBe(3);
    const seen = await observe(minIdle, FLOOR, since, { everyMs: 100, timeoutMs: TIMER_MS + 10_000 });

    const tick = reconcilerLog(j).find((l) => l.at >= reload.at && l.text.startsWith("reconcile timer"));
    expect(tick).toBeDefined();
    const tickAfterPressure = tick!.at - sinceWall;
    measured["pressure 0 -> held until the timer (timer 12 s from the reload)"] =
      `not lowered for ${String(Math.round(seen.before.at(-1)?.atMs ?? 0))} ms (${String(seen.before.length)} reads of 3), ` +
      `timer tick ${String(tick!.at - reload.at)} ms after the reload, lowered ${String(Math.round(seen.afterMs))} ms after pressure 0`;
    // Held at 3 on every read until the tick; lowered only once the timer fired.
    expect(seen.before.every((read) => read.value === 3)).toBe(true);
    expect(seen.afterMs).toBeGreaterThanOrEqual(tickAfterPressure - 50);
    expect(tick!.at - reload.at).toBeGreaterThanOrEqual(TIMER_MS - 100);
    expect(await metric(`held_total{flavor="${SCALESET}"}`)).toBe(0);
  });

  it("removing the planner relation returns min_idle_runners to the configured floor", async () => {
    runAction("planner/0", "set-pressure", `flavor=${SCALESET}`, "pressure=2");
    const since = performance.now();
    const seen = await observe(minIdle, 2, since, { everyMs: 5 });
    measured[
      "set-pressure 2 (juju run) completed -> min_idle 2 (PUTs 5 s apart: the timer's was just before)"
    ] = `${String(Math.round(seen.afterMs))} ms`;

    const removing = performance.now();
    j.ok("remove-relation", "runners", "planner");
    measured["remove-relation (hooks settled)"] = `${String(Math.round(performance.now() - removing))} ms`;
    expect(await minIdle()).toBe(FLOOR);
    expect(reconcilerConfigExists(j)).toBe(false);
    const services = j.ok(
      "exec",
      "--unit",
      "garm/0",
      "--",
      "PEBBLE_SOCKET=/charm/containers/pressure-reconciler/pebble.socket pebble services",
    );
    expect(services).toMatch(/^pressure-reconciler\s+\S+\s+inactive/m);
    const garmStatus = j.json<{
      applications: Record<string, { units: Record<string, { "workload-status": { message?: string } }> }>;
    }>("status").applications["garm"]?.units["garm/0"]?.["workload-status"].message;
    expect(garmStatus ?? "").not.toContain("Planner-driven");
  });
});

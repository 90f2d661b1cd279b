/**
 * End to end on the real clock: the service against the GARM fake and the planner fake, both
 * in-process on loopback, as issue 15 states the behaviour.
 */
import { startPlannerFake } from "@garm-charms/planner-fake";
import type { PlannerFake } from "@garm-charms/planner-fake";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseConfig } from "./config.js";
import { memoryLogger } from "./logger.js";
import { PressureReconcilerService } from "./service.js";
import { configJson, PLANNER_TOKEN } from "./test-support/config.js";
import { startGarmHarness } from "./test-support/garm-harness.js";
import type { GarmHarness } from "./test-support/garm-harness.js";

const SS = "ss-small";
let h: GarmHarness;
let p: PlannerFake;
let service: PressureReconcilerService;
const log = memoryLogger();

beforeAll(async () => {
  h = await startGarmHarness([{ name: SS, maxRunners: 10 }]);
  p = await startPlannerFake({ token: PLANNER_TOKEN, flavors: [SS] });
  const config = configJson(h.url, p.url, {
    reconcile_interval_minutes: 0.04,
    stream: { idle_timeout_s: 300, backoff_initial_s: 0.4, backoff_max_s: 2 },
  });
  service = await PressureReconcilerService.start(parseConfig(config, "e2e"), { log });
});

afterAll(async () => {
  await service.stop();
  await p.close();
  await h.close();
});

const held = () => service.core.view()[0]!.heldTotal;
const timerTicks = () => log.lines.filter((line) => line.includes("reconcile timer")).length;
const within = (ms: number, check: () => void) => vi.waitFor(check, { timeout: ms, interval: 5 });

describe("planner-driven scaling end to end", () => {
  it("pressure 3 raises min_idle_runners to 3 within a second", async () => {
    p.setPressure(SS, 3);
    await within(1000, () => expect(h.minIdle(SS)).toBe(3));
  });

  it("two assigned jobs lower it to 1 with the total unchanged", async () => {
    h.setAssigned(SS, 2);
    await within(1000, () => expect(h.minIdle(SS)).toBe(1));
    expect(held()).toBe(3);
    const metrics = await (await fetch(`${service.metricsUrl}/metrics`)).text();
    expect(metrics).toContain('\nheld_total{flavor="ss-small"} 3\n');
    expect(metrics).toContain('\nassigned_jobs{scaleset="ss-small"} 2\n');
  });

  it("a killed stream holds the last total and reconnects with backoff", async () => {
    const killed = performance.now();
    p.dropStreams("reset");
    await within(1000, () => expect(service.metrics.streamReconnects).toBe(1));
    expect(p.state().openStreams).toBe(0);
    expect(held()).toBe(3);
    await within(2000, () => expect(p.state().openStreams).toBe(1));
    // The first delay is drawn from [200, 400] ms: no immediate reconnect.
    expect(performance.now() - killed).toBeGreaterThanOrEqual(200);
    expect(h.minIdle(SS)).toBe(1);
  });

  it("pressure 0 lowers nothing until the timer", async () => {
    const ticks = timerTicks();
    await within(4000, () => expect(timerTicks()).toBeGreaterThan(ticks));
    const afterTick = timerTicks();
    p.setPressure(SS, 0);
    await within(1000, () => expect(service.core.view()[0]!.lastPressure).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(timerTicks()).toBe(afterTick);
    expect(h.minIdle(SS)).toBe(1);
    expect(held()).toBe(3);
    await within(4000, () => expect(h.minIdle(SS)).toBe(0));
    expect(timerTicks()).toBeGreaterThan(afterTick);
    expect(held()).toBe(0);
  });
});

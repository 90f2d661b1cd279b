import { describe, expect, it } from "vitest";
import { ReconcilerCore } from "./reconciler-core.js";
import type { ObservedScaleSet, ScaleSetSpec } from "./reconciler-core.js";

const TIMING = { putMinIntervalMs: 5000, retryMaxMs: 60_000 };

function spec(overrides: Partial<ScaleSetSpec> = {}): ScaleSetSpec {
  return {
    name: "ss",
    flavor: "small",
    minPressure: 0,
    maxPressure: 0,
    minIdleFloor: 0,
    mode: "subtract-assigned",
    ...overrides,
  };
}

function garm(overrides: Partial<ObservedScaleSet> = {}): ObservedScaleSet {
  return {
    id: 7,
    name: "ss",
    enabled: true,
    minIdleRunners: 0,
    maxRunners: 20,
    desiredRunnerCount: 0,
    ...overrides,
  };
}

const line = (pressure: number, flavor = "small") => new Map([[flavor, pressure]]);

function core(overrides: Partial<ScaleSetSpec> = {}, plannerless = false): ReconcilerCore {
  return new ReconcilerCore([spec(overrides)], TIMING, plannerless);
}

const held = (c: ReconcilerCore) => c.view()[0]!.heldTotal;

/** Runs one apply the way the service does: begin, decide on `observed`, finish. */
function apply(c: ReconcilerCore, observed: ObservedScaleSet, now = 0) {
  const started = c.begin("ss")!;
  c.observe(observed);
  const decision = c.decide("ss", observed, started.forced);
  c.finish("ss", decision.kind === "put" ? decision : { kind: "none" }, now, started.forced);
  return decision;
}

describe("fallback when the stream fails", () => {
  it("test_min_pressure_used_as_fallback_when_stream_errors: no prior pressure holds min_pressure", () => {
    const c = core({ minPressure: 2 });
    c.streamFailed();
    expect(held(c)).toBe(2);
    expect(c.due(0)).toEqual(["ss"]);
  });

  it("test_fallback_preserves_last_pressure_when_higher: last pressure 10, min 2 holds 10", () => {
    const c = core({ minPressure: 2 });
    c.pressure(line(10));
    c.streamFailed();
    expect(held(c)).toBe(10);
    expect(c.view()[0]!.lastPressure).toBe(10);
  });

  it("a fallback never lowers the held total", () => {
    const c = core();
    c.pressure(line(5));
    c.pressure(line(2));
    c.streamFailed();
    expect(held(c)).toBe(5);
  });
});

describe("the reconcile timer", () => {
  it("test_timer_loop_skips_when_no_cached_pressure", () => {
    const c = core();
    expect(c.timerTick()).toBe(0);
    expect(c.due(0)).toEqual([]);
  });

  it("test_timer_loop_uses_cached_pressure: re-applies the last pressure with force", () => {
    const c = core();
    c.pressure(line(3));
    apply(c, garm());
    expect(c.timerTick()).toBe(1);
    expect(c.begin("ss")).toEqual({ forced: true, id: 7 });
    expect(held(c)).toBe(3);
  });

  it("is the only path that lowers the held total", () => {
    const c = core();
    c.pressure(line(5));
    c.pressure(line(2));
    expect(held(c)).toBe(5);
    c.timerTick();
    expect(held(c)).toBe(2);
  });

  it("test_handle_timer_reconcile_uses_desired_total_not_raw_pressure: min 5, pressure 0, GARM at 4", () => {
    const c = core({ minPressure: 5 });
    c.pressure(line(0));
    c.timerTick();
    expect(apply(c, garm({ minIdleRunners: 4 }))).toEqual({ kind: "put", minIdle: 5 });
  });

  it("test_timer_reconcile_scales_down_with_soft_delete: GARM at 5, pressure 2 lowers to 2", () => {
    const c = core();
    c.pressure(line(5));
    apply(c, garm());
    c.pressure(line(2));
    c.timerTick();
    expect(apply(c, garm({ minIdleRunners: 5 }), 10_000)).toEqual({ kind: "put", minIdle: 2 });
  });

  it("test_timer_reconcile_scale_up_updates_in_memory_count: GARM at 2, held 5 raises to 5", () => {
    const c = core();
    c.pressure(line(5));
    c.timerTick();
    expect(apply(c, garm({ minIdleRunners: 2 }))).toEqual({ kind: "put", minIdle: 5 });
  });

  it("test_reconcile_loop_syncs_in_memory_count: repairs drift another writer made", () => {
    const c = core();
    c.pressure(line(5));
    apply(c, garm());
    // Someone else set 10: outside the timer that is not lowered...
    c.pressure(line(5));
    expect(c.decide("ss", garm({ minIdleRunners: 10 }), false)).toEqual({
      kind: "none",
      reason: "lower-waits-for-timer",
    });
    // ...the timer repairs it.
    c.timerTick();
    expect(apply(c, garm({ minIdleRunners: 10 }), 10_000)).toEqual({ kind: "put", minIdle: 5 });
  });
});

describe("the raise path", () => {
  it("test_create_loop_uses_in_memory_count: a burst of lines is one apply of the latest total", () => {
    const c = core();
    for (const p of [1, 2, 3, 3]) c.pressure(line(p));
    expect(c.due(0)).toEqual(["ss"]);
    expect(apply(c, garm())).toEqual({ kind: "put", minIdle: 3 });
    expect(c.due(0)).toEqual([]);
  });

  it("a line that does not raise the total schedules nothing (no GET per line)", () => {
    const c = core();
    c.pressure(line(3));
    apply(c, garm());
    c.pressure(line(3));
    c.pressure(line(1));
    expect(c.due(100_000)).toEqual([]);
  });

  it("test_create_loop_syncs_runner_count_on_start: GARM already at 3, stream 3, no PUT", () => {
    const c = core();
    c.pressure(line(3));
    expect(apply(c, garm({ minIdleRunners: 3 }))).toEqual({ kind: "none", reason: "unchanged" });
  });

  it("does not lower a value it did not write until the timer (startup)", () => {
    const c = core();
    c.pressure(line(2));
    expect(apply(c, garm({ minIdleRunners: 6 }))).toEqual({ kind: "none", reason: "lower-waits-for-timer" });
    c.timerTick();
    expect(apply(c, garm({ minIdleRunners: 6 }))).toEqual({ kind: "put", minIdle: 2 });
  });

  it("ignores flavors it does not manage and skips disabled scale sets", () => {
    const c = core();
    c.pressure(line(4, "large"));
    expect(held(c)).toBeNull();
    c.pressure(line(4));
    expect(apply(c, garm({ enabled: false }))).toEqual({ kind: "none", reason: "disabled" });
  });

  it("rate-limits PUTs per scale set, trailing edge, latest value", () => {
    const c = core();
    c.pressure(line(3));
    apply(c, garm(), 1000);
    c.pressure(line(4));
    c.pressure(line(6));
    expect(c.due(2000)).toEqual([]);
    expect(c.nextDueAt()).toBe(6000);
    expect(c.due(6000)).toEqual(["ss"]);
    expect(apply(c, garm({ minIdleRunners: 3 }), 6000)).toEqual({ kind: "put", minIdle: 6 });
  });

  it("retries a failed apply later, with backoff", () => {
    const c = core();
    c.pressure(line(3));
    const started = c.begin("ss")!;
    c.finish("ss", { kind: "failed" }, 0, started.forced);
    expect(c.due(0)).toEqual([]);
    expect(c.nextDueAt()).toBe(5000);
    c.begin("ss");
    c.finish("ss", { kind: "failed" }, 5000, false);
    expect(c.nextDueAt()).toBe(15_000);
  });
});

describe("following assigned jobs", () => {
  it("A rising by k lowers min idle by k at once, the held total unchanged", () => {
    const c = core();
    c.pressure(line(5));
    apply(c, garm());
    c.observe(garm({ minIdleRunners: 5, desiredRunnerCount: 2 }));
    expect(c.due(10_000)).toEqual(["ss"]);
    expect(apply(c, garm({ minIdleRunners: 5, desiredRunnerCount: 2 }), 10_000)).toEqual({
      kind: "put",
      minIdle: 3,
    });
    expect(held(c)).toBe(5);
  });

  it("A falling raises min idle", () => {
    const c = core();
    c.pressure(line(5));
    apply(c, garm({ desiredRunnerCount: 2 }));
    c.observe(garm({ minIdleRunners: 3, desiredRunnerCount: 0 }));
    expect(apply(c, garm({ minIdleRunners: 3, desiredRunnerCount: 0 }), 10_000)).toEqual({
      kind: "put",
      minIdle: 5,
    });
  });

  it("the first observation is a baseline, not a change", () => {
    const c = core();
    c.pressure(line(5));
    c.begin("ss");
    c.finish("ss", { kind: "none" }, 0, false);
    c.observe(garm({ desiredRunnerCount: 2 }));
    expect(c.due(0)).toEqual([]);
  });
});

describe("without a planner", () => {
  it("test_create_loop_no_planner_sets_pressure_creates_runners_and_blocks: min_pressure is the pressure, nothing before the timer", () => {
    const c = core({ minPressure: 3 }, true);
    expect(c.view()[0]!.lastPressure).toBe(3);
    c.observe(garm({ desiredRunnerCount: 1 }));
    c.observe(garm({ desiredRunnerCount: 2 }));
    expect(c.due(0)).toEqual([]);
  });

  it("test_reconcile_loop_no_planner_uses_min_pressure: the timer applies the constant total", () => {
    const c = core({ minPressure: 4 }, true);
    c.timerTick();
    expect(apply(c, garm({ minIdleRunners: 0, desiredRunnerCount: 2 }))).toEqual({ kind: "put", minIdle: 2 });
    expect(held(c)).toBe(4);
  });
});

describe("reconfigure", () => {
  it("keeps held totals across a configuration change", () => {
    const c = core();
    c.pressure(line(7));
    c.reconfigure([spec({ minIdleFloor: 1 }), spec({ name: "other", flavor: "large" })], TIMING, false);
    expect(c.view().map((v) => [v.name, v.heldTotal])).toEqual([
      ["ss", 7],
      ["other", null],
    ]);
  });

  it("a raised minimum pressure raises the total at once; a lowered one waits for the timer", () => {
    const c = core();
    c.pressure(line(2));
    c.reconfigure([spec({ minPressure: 4 })], TIMING, false);
    expect(held(c)).toBe(4);
    c.reconfigure([spec({ minPressure: 1 })], TIMING, false);
    expect(held(c)).toBe(4);
    c.timerTick();
    expect(held(c)).toBe(2);
  });

  it("a scale set moved to another flavor starts afresh", () => {
    const c = core();
    c.pressure(line(7));
    c.reconfigure([spec({ flavor: "large" })], TIMING, false);
    expect(held(c)).toBeNull();
  });

  it("losing the planner returns the total to the floor on the timer", () => {
    const c = core({ minPressure: 1 });
    c.pressure(line(6));
    c.reconfigure([spec({ minPressure: 1 })], TIMING, true);
    expect(held(c)).toBe(6);
    c.timerTick();
    expect(held(c)).toBe(1);
  });
});

describe("pressure lines taken by what changed", () => {
  const specs = ["a", "b", "c", "d"].map((flavor, i) =>
    spec({ name: `ss-${flavor}`, flavor, minPressure: i, maxPressure: i === 3 ? 5 : 0 }),
  );
  // Two scale sets on one flavor: a changed flavor reaches both.
  const withShared = [...specs, spec({ name: "ss-a2", flavor: "a", minIdleFloor: 1 })];

  it("holds, marks and orders exactly as taking every line whole, through timer, failure and reload", () => {
    let state = 7;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((state / 2 ** 31) * n);
    };
    const whole = new ReconcilerCore(withShared, TIMING);
    const delta = new ReconcilerCore(withShared, TIMING);
    let previous: Map<string, number> | undefined;
    for (let step = 0; step < 2000; step++) {
      const roll = next(20);
      if (roll === 0) {
        whole.timerTick();
        delta.timerTick();
      } else if (roll === 1) {
        whole.streamFailed();
        delta.streamFailed();
        previous = undefined; // a new stream: its first line has no `since`
      } else if (roll === 2) {
        const kept = next(2) === 0 ? withShared : specs;
        whole.reconfigure(kept, TIMING, false);
        delta.reconfigure(kept, TIMING, false);
      } else if (roll === 3) {
        const now = next(10_000);
        expect(delta.due(now)).toEqual(whole.due(now));
        for (const name of whole.due(now)) {
          for (const c of [whole, delta])
            c.finish(name, { kind: "put", minIdle: 1 }, now, c.begin(name)!.forced);
        }
      } else {
        const pressures = new Map(
          previous ?? [
            ["a", 0],
            ["b", 0],
            ["c", 0],
            ["d", 0],
          ],
        );
        pressures.set(["a", "b", "c", "d"][next(4)]!, next(9));
        const changed = new Map([...pressures].filter(([k, v]) => previous?.get(k) !== v));
        whole.pressure(pressures);
        delta.pressure(pressures, { changed, since: previous });
        previous = pressures;
      }
      expect(delta.view()).toEqual(whole.view());
      expect(delta.nextDueAt()).toEqual(whole.nextDueAt());
    }
  });

  it("reads a line whole when it does not follow the line taken before", () => {
    const c = new ReconcilerCore(specs, TIMING);
    const first = new Map([
      ["a", 3],
      ["b", 4],
    ]);
    c.pressure(first);
    // A delta against some other line: its `changed` alone would miss b's raise.
    c.pressure(
      new Map([
        ["a", 3],
        ["b", 6],
      ]),
      { changed: new Map(), since: new Map() },
    );
    expect(c.view().find((v) => v.flavor === "b")?.heldTotal).toBe(6);
  });
});

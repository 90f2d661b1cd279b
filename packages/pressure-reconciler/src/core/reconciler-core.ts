import { desiredTotal, wantMinIdle } from "./bounds.js";
import type { ScaleSetBounds } from "./bounds.js";

/** One planner-managed scale set as configured. */
export interface ScaleSetSpec extends ScaleSetBounds {
  /** The GARM scale set's name (its id is resolved from GARM by name). */
  readonly name: string;
  /** The planner flavor whose pressure drives it (the relation's `flavor`). */
  readonly flavor: string;
}

/** A scale set as GARM reports it, reduced to what the reconciler reads. */
export interface ObservedScaleSet {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly minIdleRunners: number;
  readonly maxRunners: number;
  readonly desiredRunnerCount: number;
}

/** What an apply should do with the scale set GARM just reported. */
export type Decision =
  | { readonly kind: "put"; readonly minIdle: number }
  | {
      readonly kind: "none";
      readonly reason: "no-total" | "disabled" | "unchanged" | "lower-waits-for-timer";
    };

/** How an apply ended, as the scheduler needs to know. */
export type ApplyOutcome =
  | { readonly kind: "put"; readonly minIdle: number }
  | { readonly kind: "none" }
  | { readonly kind: "missing" }
  | { readonly kind: "failed" };

/** Per scale set, what metrics and the README's "held totals" talk about. */
export interface ScaleSetView {
  readonly name: string;
  readonly flavor: string;
  readonly lastPressure: number | null;
  readonly desiredTotal: number | null;
  readonly heldTotal: number | null;
  readonly minIdleApplied: number | undefined;
  readonly assignedJobs: number | undefined;
  readonly id: number | undefined;
}

/**
 * What changed in a pressure line since the line before it on the same stream (the planner
 * client's `changed` and `since`). The core takes only `changed` when `since` is the line it
 * took last; otherwise it reads the whole line.
 */
export interface PressureDelta {
  readonly changed: ReadonlyMap<string, number>;
  readonly since: ReadonlyMap<string, number> | undefined;
}

export interface CoreTiming {
  /** Least time between two PUTs to one scale set (trailing edge: the last value wins). */
  readonly putMinIntervalMs: number;
  /** Longest wait before retrying an apply that failed (GARM down); doubles from the interval. */
  readonly retryMaxMs: number;
}

interface SetState {
  spec: ScaleSetSpec;
  lastPressure: number | null;
  heldTotal: number | null;
  id: number | undefined;
  assigned: number | undefined;
  /** GARM's min idle as last read or written. */
  applied: number | undefined;
  /** The min idle this service last wrote; lowering outside the timer needs GARM to still hold it. */
  written: number | undefined;
  pending: boolean;
  /** Place in the configuration: due scale sets are applied in this order. */
  order: number;
  forced: boolean;
  inFlight: boolean;
  notBefore: number;
  failures: number;
}

function freshState(spec: ScaleSetSpec): SetState {
  return {
    spec,
    order: 0,
    lastPressure: null,
    heldTotal: null,
    id: undefined,
    assigned: undefined,
    applied: undefined,
    written: undefined,
    pending: false,
    forced: false,
    inFlight: false,
    notBefore: 0,
    failures: 0,
  };
}

/**
 * The reconciler's state machine, without I/O: pressure lines, stream failures, timer ticks and
 * GARM observations go in; which scale sets to apply, and what to PUT, come out. It owns the
 * held total per scale set: raised at once by pressure, lowered only by the timer.
 */
export class ReconcilerCore {
  #states = new Map<string, SetState>();
  /** The scale sets each flavor drives, so a changed flavor finds them without a scan. */
  #byFlavor = new Map<string, SetState[]>();
  /** The last line taken whole or by delta; undefined after anything that moved a state outside it. */
  #lastLine: ReadonlyMap<string, number> | undefined;
  /** The scale sets with pending work, so finding the due ones does not visit every scale set. */
  #pending = new Set<SetState>();
  #timing: CoreTiming;
  #plannerless = false;

  constructor(specs: readonly ScaleSetSpec[], timing: CoreTiming, plannerless = false) {
    this.#timing = timing;
    this.reconfigure(specs, timing, plannerless);
  }

  /**
   * A new configuration. State is kept for scale sets whose name and flavor are unchanged, so a
   * config change loses no held total; a raised floor raises the total at once, a lowered one
   * waits for the timer like any decrease.
   */
  reconfigure(specs: readonly ScaleSetSpec[], timing: CoreTiming, plannerless: boolean): void {
    const next = new Map<string, SetState>();
    for (const spec of specs) {
      const old = this.#states.get(spec.name);
      const state = old !== undefined && old.spec.flavor === spec.flavor ? old : freshState(spec);
      state.spec = spec;
      state.order = next.size;
      next.set(spec.name, state);
    }
    this.#states = next;
    this.#pending = new Set([...next.values()].filter((state) => state.pending));
    this.#byFlavor = new Map();
    for (const state of next.values()) {
      const same = this.#byFlavor.get(state.spec.flavor);
      if (same === undefined) this.#byFlavor.set(state.spec.flavor, [state]);
      else same.push(state);
    }
    // New scale sets have not seen the last line: the next one is read whole.
    this.#lastLine = undefined;
    this.#timing = timing;
    this.#plannerless = plannerless;
    for (const state of next.values()) {
      // Without a planner the total is the floor, set by the timer only.
      if (plannerless) state.lastPressure = state.spec.minPressure;
      else if (state.lastPressure !== null) this.#hold(state, state.lastPressure);
    }
  }

  get plannerless(): boolean {
    return this.#plannerless;
  }

  /**
   * A stream line: every managed flavor in it raises its held total at once, never lowers it.
   * With a `delta` following the line taken before, only the changed flavors are visited: for
   * the others the line repeats what each scale set already holds, which would change nothing.
   */
  pressure(pressures: ReadonlyMap<string, number>, delta?: PressureDelta): void {
    const follows = delta !== undefined && delta.since !== undefined && delta.since === this.#lastLine;
    this.#lastLine = pressures;
    if (follows) {
      // forEach, not for-of: the client's lazy map walks its arrays without building a Map.
      delta.changed.forEach((pressure, flavor) => {
        const states = this.#byFlavor.get(flavor);
        if (states !== undefined) for (const state of states) this.#hold(state, pressure);
      });
      return;
    }
    for (const state of this.#states.values()) {
      const pressure = pressures.get(state.spec.flavor);
      if (pressure !== undefined) this.#hold(state, pressure);
    }
  }

  /** The stream failed: hold `max(last pressure, min_pressure)`, which never lowers a total. */
  streamFailed(): void {
    // A fallback may move a last pressure off the last line: the next line is read whole.
    this.#lastLine = undefined;
    for (const state of this.#states.values()) {
      this.#hold(state, Math.max(state.lastPressure ?? 0, state.spec.minPressure));
    }
  }

  /**
   * The reconcile timer: the only place a held total may fall. Each scale set with a known
   * pressure is re-applied with force, which also repairs drift. Returns how many were.
   */
  timerTick(): number {
    let applied = 0;
    for (const state of this.#states.values()) {
      if (state.lastPressure === null) continue;
      state.heldTotal = desiredTotal(state.lastPressure, state.spec);
      this.#mark(state, true);
      applied++;
    }
    return applied;
  }

  /** GARM's view of a scale set (from a poll or an apply); a change in assigned jobs re-applies. */
  observe(observed: ObservedScaleSet): void {
    const state = this.#states.get(observed.name);
    if (state === undefined) return;
    const before = state.assigned;
    state.id = observed.id;
    state.assigned = observed.desiredRunnerCount;
    state.applied = observed.minIdleRunners;
    if (before !== undefined && before !== observed.desiredRunnerCount && state.heldTotal !== null) {
      this.#mark(state, false);
    }
  }

  /** GARM has no scale set of that name (yet): forget its id until it shows up. */
  missing(name: string): void {
    const state = this.#states.get(name);
    if (state !== undefined) state.id = undefined;
  }

  /**
   * What to PUT for a scale set GARM just reported. Outside the timer min idle is lowered only
   * below a value this service wrote itself and GARM still holds, which happens when assigned
   * jobs rose (the total stays); anything else that would lower waits for the timer.
   */
  decide(name: string, observed: ObservedScaleSet, forced: boolean): Decision {
    const state = this.#states.get(name);
    if (state?.heldTotal == null) return { kind: "none", reason: "no-total" };
    if (!observed.enabled) return { kind: "none", reason: "disabled" };
    const want = wantMinIdle(state.heldTotal, state.spec, observed);
    if (want === observed.minIdleRunners) return { kind: "none", reason: "unchanged" };
    if (want < observed.minIdleRunners && !forced && state.written !== observed.minIdleRunners) {
      return { kind: "none", reason: "lower-waits-for-timer" };
    }
    return { kind: "put", minIdle: want };
  }

  /** Scale sets that should be applied now (pending, not in flight, past their rate limit). */
  due(now: number): string[] {
    const due: SetState[] = [];
    for (const state of this.#pending) {
      if (!state.inFlight && now >= state.notBefore) due.push(state);
    }
    if (due.length > 1) due.sort((a, b) => a.order - b.order);
    return due.map((state) => state.spec.name);
  }

  /** When the next pending scale set becomes due, or undefined when none waits. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const state of this.#pending) {
      if (state.inFlight) continue;
      if (next === undefined || state.notBefore < next) next = state.notBefore;
    }
    return next;
  }

  /** Starts an apply: takes the pending work (and whether it is forced) off the scale set. */
  begin(name: string): { forced: boolean; id: number | undefined } | undefined {
    const state = this.#states.get(name);
    if (state === undefined) return undefined;
    const forced = state.forced;
    state.pending = false;
    this.#pending.delete(state);
    state.forced = false;
    state.inFlight = true;
    return { forced, id: state.id };
  }

  /** Ends an apply; a PUT starts the rate-limit window, a failure retries with backoff. */
  finish(name: string, outcome: ApplyOutcome, now: number, forced: boolean): void {
    const state = this.#states.get(name);
    if (state === undefined) return;
    state.inFlight = false;
    if (outcome.kind === "failed") {
      const delay = this.#timing.putMinIntervalMs * 2 ** state.failures;
      state.notBefore = now + Math.min(Math.max(delay, 1000), this.#timing.retryMaxMs);
      state.failures = Math.min(state.failures + 1, 30);
      this.#mark(state, forced);
      return;
    }
    state.failures = 0;
    if (outcome.kind === "put") {
      state.written = outcome.minIdle;
      state.applied = outcome.minIdle;
      state.notBefore = now + this.#timing.putMinIntervalMs;
    }
  }

  view(): ScaleSetView[] {
    return [...this.#states.values()].map((state) => ({
      name: state.spec.name,
      flavor: state.spec.flavor,
      lastPressure: state.lastPressure,
      desiredTotal: state.lastPressure === null ? null : desiredTotal(state.lastPressure, state.spec),
      heldTotal: state.heldTotal,
      minIdleApplied: state.applied,
      assignedJobs: state.assigned,
      id: state.id,
    }));
  }

  /** Raise-only: the stream path and fallback go through here. */
  #hold(state: SetState, pressure: number): void {
    state.lastPressure = pressure;
    const total = desiredTotal(pressure, state.spec);
    if (state.heldTotal === null || total > state.heldTotal) {
      state.heldTotal = total;
      this.#mark(state, false);
    }
  }

  #mark(state: SetState, forced: boolean): void {
    state.pending = true;
    this.#pending.add(state);
    state.forced ||= forced;
  }
}

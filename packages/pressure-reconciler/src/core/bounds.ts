/**
 * The arithmetic of planner-driven scaling (spec 3.2 and 4.3): a desired total runner count from
 * pressure and the floors, and the `min_idle_runners` that makes GARM reach that total.
 */

/**
 * `subtract-assigned` (the default): GARM already runs one runner per job GitHub assigned, so
 * min idle is the total minus those. `absolute`: min idle is the total, for planner demand that
 * GitHub will not assign to this scale set (it over-provisions by the assigned jobs).
 */
export type ScalingMode = "subtract-assigned" | "absolute";

/** What the operator set for one planner-managed scale set. */
export interface ScaleSetBounds {
  /** Floor on the total (the relation's `minimum-pressure`). */
  readonly minPressure: number;
  /** Ceiling on the total; 0 means no cap beyond the scale set's `max_runners`. */
  readonly maxPressure: number;
  /** Floor on spare runners (the charm's min-idle option). */
  readonly minIdleFloor: number;
  readonly mode: ScalingMode;
}

/** What GARM reports of a scale set that the arithmetic needs. */
export interface ScaleSetCounts {
  readonly maxRunners: number;
  /** GitHub's assigned jobs for the scale set (GARM's `desired_runner_count`). */
  readonly desiredRunnerCount: number;
}

/** `min(max(P, min_pressure, 0), max_pressure or no cap)`: the reference's formula. */
export function desiredTotal(pressure: number, bounds: ScaleSetBounds): number {
  const total = Math.max(pressure, bounds.minPressure, 0);
  return bounds.maxPressure > 0 ? Math.min(total, bounds.maxPressure) : total;
}

/** The jobs GARM already counts on top of min idle (none in `absolute` mode). */
export function assignedJobs(counts: ScaleSetCounts, mode: ScalingMode): number {
  return mode === "subtract-assigned" ? counts.desiredRunnerCount : 0;
}

/** `clamp(max(total - assigned, min_idle_floor), 0, max_runners)`. */
export function wantMinIdle(total: number, bounds: ScaleSetBounds, counts: ScaleSetCounts): number {
  const spare = Math.max(total - assignedJobs(counts, bounds.mode), bounds.minIdleFloor);
  return Math.min(Math.max(spare, 0), Math.max(counts.maxRunners, 0));
}

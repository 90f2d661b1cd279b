import { describe, expect, it } from "vitest";
import { desiredTotal, wantMinIdle } from "./bounds.js";
import type { ScaleSetBounds } from "./bounds.js";

const bounds = (b: Partial<ScaleSetBounds>): ScaleSetBounds => ({
  minPressure: 0,
  maxPressure: 0,
  minIdleFloor: 0,
  mode: "subtract-assigned",
  ...b,
});

describe("test_desired_total_from_pressure_respects_bounds", () => {
  it.each([
    ["within_bounds", 3, { minPressure: 1, maxPressure: 10 }, 3],
    ["clamped_to_max", 20, { minPressure: 1, maxPressure: 10 }, 10],
    ["raised_to_min", 0, { minPressure: 2, maxPressure: 10 }, 2],
    ["max_wins_over_pressure", 8, { minPressure: 2, maxPressure: 5 }, 5],
    ["max_wins_over_min", 1, { minPressure: 5, maxPressure: 3 }, 3],
    ["zero_max_means_no_cap", 100, { minPressure: 1, maxPressure: 0 }, 100],
    ["negative_clamped_to_zero", -3, { minPressure: 0, maxPressure: 0 }, 0],
  ] as const)("%s", (_case, pressure, b, total) => {
    expect(desiredTotal(pressure, bounds(b))).toBe(total);
  });
});

describe("wantMinIdle", () => {
  const counts = (desiredRunnerCount: number, maxRunners = 10) => ({ desiredRunnerCount, maxRunners });

  it("subtracts the jobs GitHub assigned from the total", () => {
    expect(wantMinIdle(5, bounds({}), counts(2))).toBe(3);
  });

  it("never goes below the min idle floor", () => {
    expect(wantMinIdle(5, bounds({ minIdleFloor: 2 }), counts(4))).toBe(2);
  });

  it("is clamped to the scale set's max runners", () => {
    expect(wantMinIdle(15, bounds({ minIdleFloor: 12 }), counts(0, 10))).toBe(10);
  });

  it("is never negative when more jobs are assigned than the total", () => {
    expect(wantMinIdle(2, bounds({}), counts(5))).toBe(0);
  });

  it("ignores assigned jobs in absolute mode", () => {
    expect(wantMinIdle(5, bounds({ mode: "absolute" }), counts(2))).toBe(5);
  });
});

import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff.js";

describe("Backoff", () => {
  it("doubles from the initial delay up to the maximum, jittered within the upper half", () => {
    const low = new Backoff(1000, 8000, () => 0);
    expect([1, 2, 3, 4, 5].map(() => low.next())).toEqual([500, 1000, 2000, 4000, 4000]);
    const high = new Backoff(1000, 8000, () => 0.999);
    expect(high.next()).toBeCloseTo(999.5, 1);
  });

  it("starts over after reset (the first good line of a new stream)", () => {
    const backoff = new Backoff(1000, 60_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  it("gives the longest delay for failures retrying soon cannot fix", () => {
    expect(new Backoff(1000, 60_000, () => 0).longest()).toBe(30_000);
  });
});

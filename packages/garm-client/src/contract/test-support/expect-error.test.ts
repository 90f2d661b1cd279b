import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GarmApiError } from "../../errors.js";
import { apiErrorsInTurn } from "./expect-error.js";

describe("apiErrorsInTurn", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it("unhandled rejection on a real GARM: failing calls start one at a time, none rejects unobserved", async () => {
    const settled: string[] = [];
    const settledAtStart: string[][] = [];
    const calls = ["a", "b", "c"].map((label) => () => {
      settledAtStart.push([...settled]);
      // Rejects on a later turn of the event loop, as a GARM answer does.
      return new Promise<never>((_resolve, reject) =>
        setTimeout(() => {
          settled.push(label);
          reject(new GarmApiError({ method: "GET", path: `/${label}` }, 409, "init_required", label));
        }, 1),
      );
    });
    const errors = await apiErrorsInTurn(calls);
    expect(errors.map((e) => e.details)).toEqual(["a", "b", "c"]);
    expect(settledAtStart).toEqual([[], ["a"], ["a", "b"]]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });
});

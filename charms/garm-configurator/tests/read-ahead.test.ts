/** read-ahead.ts spells its names out (the dispatch entry loads it first): they must be the charm's. */
import { describe, expect, it } from "vitest";

import { GARM_ENDPOINT, IMAGE_ENDPOINT } from "../src/charm.js";
import { PLANNER_ENDPOINT } from "../src/planner.js";
import { READ_AHEAD } from "../src/read-ahead.js";

describe("the configurator's read-ahead plan", () => {
  it("names the endpoints the charm's modules use", () => {
    expect(Object.keys(READ_AHEAD.plan.relations ?? {}).sort()).toEqual(
      [IMAGE_ENDPOINT, PLANNER_ENDPOINT, GARM_ENDPOINT].sort(),
    );
  });
});

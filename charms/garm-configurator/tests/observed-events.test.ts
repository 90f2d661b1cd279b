/**
 * observed-events.ts spells its endpoint names out (the dispatch entry must not load the modules
 * that define them): they must be the names the charm's modules use.
 */
import { describe, expect, it } from "vitest";
import { GARM_ENDPOINT, IMAGE_ENDPOINT } from "../src/charm.js";
import { OBSERVED_EVENTS, RECONCILED_EVENTS } from "../src/observed-events.js";
import { PLANNER_ENDPOINT } from "../src/planner.js";

describe("observed events of the configurator", () => {
  it("name every endpoint the charm's modules act on", () => {
    expect(RECONCILED_EVENTS.relations.endpoints).toEqual([IMAGE_ENDPOINT, GARM_ENDPOINT, PLANNER_ENDPOINT]);
  });

  it("the dispatch entry also loads the charm for secret-remove (its own handler)", () => {
    expect(OBSERVED_EVENTS.kinds).toEqual([...RECONCILED_EVENTS.kinds, "secret-remove"]);
  });
});

import { describe, expect, it } from "vitest";
import type { ConfiguratorUnit } from "../relations/configurator.js";
import { unitDatabag, withDatabag } from "../reconcile/test-support/fixtures.js";
import { plannerManagedNames, plannerScope } from "./scope.js";

function linked(
  unitName: string,
  relationId: number,
  scaleset: string,
  link: { endpoint?: string; token?: string; minimum?: string } = {},
): ConfiguratorUnit {
  const bag = {
    ...unitDatabag(unitName, { name: scaleset, minIdle: 1 }),
    planner_endpoint: link.endpoint ?? "https://planner.example/api",
    planner_token_secret_uri: link.token ?? `secret:tok${String(relationId)}000000000000000`,
    planner_minimum_pressure: link.minimum ?? "2",
  };
  return withDatabag({ relationId, appName: unitName.split("/")[0]!, unitName }, bag);
}

const unlinked = (unitName: string, relationId: number, scaleset: string): ConfiguratorUnit =>
  withDatabag(
    { relationId, appName: unitName.split("/")[0]!, unitName },
    unitDatabag(unitName, { name: scaleset }),
  );

describe("plannerScope", () => {
  it("is undefined when no unit links a planner, so no scale set is planner-managed", () => {
    const scope = plannerScope([unlinked("a/0", 1, "ss-a")]);
    expect(scope).toBeUndefined();
    expect(plannerManagedNames(scope)).toEqual(new Set());
  });

  it("lists each linked scale set with its floors, flavor = name", () => {
    const scope = plannerScope([
      linked("b/0", 2, "ss-b"),
      unlinked("c/0", 3, "ss-c"),
      linked("a/0", 1, "ss-a"),
    ]);
    expect(scope).toEqual({
      endpoint: "https://planner.example/api",
      tokenSecretUris: ["secret:tok1000000000000000", "secret:tok2000000000000000"],
      scalesets: [
        { name: "ss-a", minPressure: 2, minIdleFloor: 1 },
        { name: "ss-b", minPressure: 2, minIdleFloor: 1 },
      ],
      ignored: [],
    });
    expect(plannerManagedNames(scope)).toEqual(new Set(["ss-a", "ss-b"]));
  });

  it("serves one planner: links to another endpoint stay charm-managed", () => {
    const scope = plannerScope([
      linked("a/0", 1, "ss-a"),
      linked("b/0", 2, "ss-b", { endpoint: "https://other-planner.example/" }),
    ]);
    expect(scope?.ignored).toEqual(["b/0"]);
    expect(plannerManagedNames(scope)).toEqual(new Set(["ss-a"]));
  });

  it("lists a scale set name published twice once (the first unit wins, as in the object reconcile)", () => {
    const scope = plannerScope([
      linked("b/0", 2, "ss", { minimum: "4" }),
      linked("a/0", 1, "ss", { minimum: "1" }),
    ]);
    expect(scope?.scalesets).toEqual([{ name: "ss", minPressure: 1, minIdleFloor: 1 }]);
  });

  it("ignores a unit whose planner link is partial (the reader refuses it)", () => {
    const partial = withDatabag(
      { relationId: 1, appName: "a", unitName: "a/0" },
      { ...unitDatabag("a/0", { name: "ss-a" }), planner_endpoint: "https://planner.example/" },
    );
    expect(plannerScope([partial])).toBeUndefined();
  });
});

/** Juju's hook order as the scheduler decides it, without running any charm. */
import { describe, expect, it } from "vitest";
import type { Relation } from "./model.js";
import { emptyModel, status } from "./model.js";
import {
  databagChanged,
  enqueue,
  hookStarting,
  integrated,
  newUnit,
  nextHook,
  relationRemoved,
} from "./scheduler.js";

function twoApps() {
  const model = emptyModel("m", "uuid");
  const app = (name: string) => ({
    name,
    charmPath: "",
    charmDir: "",
    charmName: name,
    charmRev: 0,
    life: "alive" as const,
    config: {},
    resources: {},
    trust: false,
    status: status("unknown"),
    nextUnit: 0,
    units: {},
  });
  const a = (model.applications["a"] = app("a"));
  const b = (model.applications["b"] = app("b"));
  const a0 = newUnit(a, "10.0.0.1");
  const b0 = newUnit(b, "10.0.0.2");
  const relation: Relation = {
    id: 1,
    interface: "x",
    ends: [
      { app: "a", endpoint: "db", role: "requirer" },
      { app: "b", endpoint: "served", role: "provider" },
    ],
    life: "alive",
    appData: {},
    unitData: {},
    joined: {},
  };
  model.relations.push(relation);
  return { model, a0, b0, relation };
}

describe("scheduler", () => {
  it("integrate queues created, then joined and changed for each remote unit, on both sides", () => {
    const { model, a0, b0, relation } = twoApps();
    integrated(model, relation);
    expect(a0.queue.map((h) => [h.kind, h.remoteUnit])).toEqual([
      ["relation-created", undefined],
      ["relation-joined", "b/0"],
      ["relation-changed", "b/0"],
    ]);
    expect(b0.queue.map((h) => h.kind)).toEqual(["relation-created", "relation-joined", "relation-changed"]);
  });

  it("runs one hook per unit at a time, round robin, and skips units in error", () => {
    const { model, a0, b0 } = twoApps();
    enqueue(a0, { kind: "install" });
    enqueue(b0, { kind: "install" });
    expect(nextHook(model)?.unit.name).toBe("a/0");
    expect(nextHook(model, "a/0")?.unit.name).toBe("b/0");
    a0.failedHook = { kind: "install" };
    expect(nextHook(model, "b/0")?.unit.name).toBe("b/0");
  });

  it("coalesces a queued duplicate, as Juju does for config-changed", () => {
    const { a0 } = twoApps();
    enqueue(a0, { kind: "config-changed" });
    enqueue(a0, { kind: "config-changed" });
    expect(a0.queue).toHaveLength(1);
  });

  it("a unit databag change reaches only units that have joined the writer", () => {
    const { model, a0, b0, relation } = twoApps();
    databagChanged(model, relation, a0, false);
    expect(b0.queue).toEqual([]);
    hookStarting(model, b0, { kind: "relation-joined", relationId: 1, remoteUnit: "a/0" });
    databagChanged(model, relation, a0, false);
    expect(b0.queue.map((h) => [h.kind, h.remoteUnit])).toEqual([["relation-changed", "a/0"]]);
  });

  it("remove-relation queues departed for each joined remote unit before broken", () => {
    const { model, a0, relation } = twoApps();
    relation.joined["a/0"] = ["b/0"];
    relationRemoved(model, relation);
    expect(a0.queue.map((h) => [h.kind, h.departingUnit])).toEqual([
      ["relation-departed", "b/0"],
      ["relation-broken", undefined],
    ]);
  });
});

import { describe, expect, it } from "vitest";

import { PermissionDeniedError, RelationDataAccessError, TooManyRelationsError } from "../errors.js";
import type { HookToolInvocation } from "../hook-tools/runner.js";
import { testContext } from "../test-support/context.js";

const relEnv = (kind: string, extra: Record<string, string> = {}) => ({
  JUJU_DISPATCH_PATH: `hooks/garm-configurator-relation-${kind}`,
  JUJU_RELATION: "garm-configurator",
  JUJU_RELATION_ID: "garm-configurator:7",
  JUJU_REMOTE_APP: "cfg",
  ...extra,
});

/** relation-get answers per databag, keyed by `<app|unit>:<member>`. */
function bags(data: Record<string, Record<string, string>>) {
  return (inv: HookToolInvocation) => {
    const app = inv.args.includes("--app");
    const member = inv.args[inv.args.length - 1]!;
    return { stdout: JSON.stringify(data[`${app ? "app" : "unit"}:${member}`] ?? {}) };
  };
}

/** relation-list answers: the units, or the app name with --app. */
function members(units: string[], app: string) {
  return (inv: HookToolInvocation) => ({ stdout: JSON.stringify(inv.args.includes("--app") ? app : units) });
}

describe("relations(endpoint)", () => {
  it("lists relations with remote app and units", async () => {
    const { ctx, runner } = testContext();
    runner.json("relation-ids", ["garm-configurator:7", "garm-configurator:9"]);
    runner.on("relation-list", (inv) =>
      inv.args.includes("--app")
        ? { stdout: JSON.stringify(inv.args.at(-1) === "garm-configurator:7" ? "cfg-a" : "cfg-b") }
        : { stdout: JSON.stringify(inv.args.at(-1) === "garm-configurator:7" ? ["cfg-a/0"] : []) },
    );
    const relations = await ctx.relations("garm-configurator");
    expect(relations.map((r) => [r.id, r.endpoint, r.remoteAppName, r.remoteUnits])).toEqual([
      [7, "garm-configurator", "cfg-a", ["cfg-a/0"]],
      [9, "garm-configurator", "cfg-b", []],
    ]);
  });

  it("takes the remote app from the environment for the event's relation", async () => {
    const { ctx, runner } = testContext(relEnv("changed", { JUJU_REMOTE_UNIT: "cfg/0" }));
    runner.json("relation-ids", ["garm-configurator:7"]);
    runner.json("relation-list", ["cfg/0"]);
    const [relation] = await ctx.relations("garm-configurator");
    expect(relation!.remoteAppName).toBe("cfg");
    expect(runner.argv().filter((a) => a.includes("--app"))).toEqual([]);
  });

  it("excludes the broken relation on relation-broken, but eventRelation() still gives it", async () => {
    const { ctx, runner } = testContext(relEnv("broken"));
    runner.json("relation-ids", ["garm-configurator:7", "garm-configurator:8"]);
    runner.on("relation-list", members([], "cfg"));
    const relations = await ctx.relations("garm-configurator");
    expect(relations.map((r) => r.id)).toEqual([8]);
    expect((await ctx.eventRelation())?.id).toBe(7);
  });

  it("reports the departing unit and keeps the leaving remote unit listed", async () => {
    const { ctx, runner } = testContext(
      relEnv("departed", { JUJU_REMOTE_UNIT: "cfg/1", JUJU_DEPARTING_UNIT: "cfg/1" }),
    );
    runner.json("relation-ids", ["garm-configurator:7"]);
    runner.json("relation-list", ["cfg/0"]);
    const relation = await ctx.relation("garm-configurator");
    expect(relation?.departingUnit).toBe("cfg/1");
    expect(relation?.remoteUnits).toEqual(["cfg/0", "cfg/1"]);
  });

  it("relation(endpoint) returns undefined for none and throws for several", async () => {
    const { ctx, runner } = testContext();
    runner.json("relation-ids", []);
    expect(await ctx.relation("db")).toBeUndefined();
    const other = testContext();
    other.runner.json("relation-ids", ["db:1", "db:2"]);
    other.runner.on("relation-list", members([], "pg"));
    await expect(other.ctx.relation("db")).rejects.toBeInstanceOf(TooManyRelationsError);
  });
});

describe("databags", () => {
  async function oneRelation(leader: boolean, data: Record<string, Record<string, string>>) {
    const t = testContext();
    t.runner.json("relation-ids", ["garm-configurator:7"]);
    t.runner.on("relation-list", (inv) => ({
      stdout: JSON.stringify(inv.args.includes("--app") ? "cfg" : ["cfg/0"]),
    }));
    t.runner.json("is-leader", leader);
    t.runner.on("relation-get", bags(data));
    const relation = (await t.ctx.relation("garm-configurator"))!;
    return { ...t, relation };
  }

  it("reads each bag with the right member and --app flag", async () => {
    const { relation, runner } = await oneRelation(true, {
      "unit:garm/0": { a: "1" },
      "app:garm": { b: "2" },
      "app:cfg": { c: "3" },
      "unit:cfg/0": { d: "4" },
    });
    expect(await relation.localUnitData.get()).toEqual({ a: "1" });
    expect(await relation.localAppData.get()).toEqual({ b: "2" });
    expect(await relation.remoteAppData.get()).toEqual({ c: "3" });
    expect(await relation.remoteUnitData("cfg/0").get()).toEqual({ d: "4" });
    expect(runner.argv().filter((a) => a[0] === "relation-get")).toEqual([
      ["relation-get", "--format=json", "-r", "garm-configurator:7", "-", "garm/0"],
      ["relation-get", "--format=json", "-r", "garm-configurator:7", "--app", "-", "garm"],
      ["relation-get", "--format=json", "-r", "garm-configurator:7", "--app", "-", "cfg"],
      ["relation-get", "--format=json", "-r", "garm-configurator:7", "-", "cfg/0"],
    ]);
  });

  it("update() sends one relation-set with only changed keys; empty string deletes", async () => {
    const { relation, runner } = await oneRelation(true, { "app:garm": { same: "x", old: "1", drop: "y" } });
    await relation.localAppData.update({ same: "x", old: "2", drop: "", absent: "", added: "z" });
    expect(runner.callsTo("relation-set")).toEqual([
      {
        tool: "relation-set",
        args: ["-r", "garm-configurator:7", "--app", "--file", "-"],
        stdin: JSON.stringify({ old: "2", drop: "", added: "z" }),
      },
    ]);
  });

  it("update() makes no call when nothing changed", async () => {
    const { relation, runner } = await oneRelation(false, { "unit:garm/0": { a: "1" } });
    await relation.localUnitData.update({ a: "1", missing: "" });
    expect(runner.callsTo("relation-set")).toEqual([]);
  });

  it("a write is visible to the next read of the local bag (cache invalidated)", async () => {
    const { relation, runner } = await oneRelation(false, { "unit:garm/0": { a: "1" } });
    await relation.localUnitData.update({ a: "2" });
    runner.on("relation-get", bags({ "unit:garm/0": { a: "2" } }));
    expect(await relation.localUnitData.get()).toEqual({ a: "2" });
  });

  it("rejects app-bag writes from a non-leader before calling relation-set", async () => {
    const { relation, runner } = await oneRelation(false, {});
    await expect(relation.localAppData.update({ a: "1" })).rejects.toBeInstanceOf(RelationDataAccessError);
    expect(runner.callsTo("relation-set")).toEqual([]);
  });

  it("rejects writes to remote bags", async () => {
    const { relation, runner } = await oneRelation(true, {});
    await expect(relation.remoteAppData.update({ a: "1" })).rejects.toBeInstanceOf(RelationDataAccessError);
    await expect(relation.remoteUnitData("cfg/0").update({ a: "1" })).rejects.toBeInstanceOf(
      RelationDataAccessError,
    );
    expect(runner.callsTo("relation-set")).toEqual([]);
  });

  it("refuses to read the remote app bag when the remote app is unknown", async () => {
    const t = testContext();
    t.runner.json("relation-ids", ["db:4"]);
    t.runner.on("relation-list", members([], ""));
    const relation = (await t.ctx.relation("db"))!;
    expect(relation.remoteAppName).toBeUndefined();
    await expect(relation.remoteAppData.get()).rejects.toBeInstanceOf(RelationDataAccessError);
  });

  it("surfaces Juju's refusal of a local app-bag read as PermissionDeniedError", async () => {
    const { relation, runner } = await oneRelation(false, {});
    runner.fail("relation-get", "permission denied");
    await expect(relation.localAppData.get()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

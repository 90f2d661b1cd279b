/**
 * The spawn rules: each distinct hook-tool read at most once per hook. A relation with units needs
 * no `relation-list --app`; reading this unit's bag after writing it reuses the cached read with
 * the write applied (Juju shows pending writes); a `--refresh` read keeps unrelated cached reads.
 */
import { describe, expect, it } from "vitest";

import type { HookToolInvocation } from "./runner.js";
import { testContext } from "../test-support/context.js";

function members(units: string[], app: string) {
  return (inv: HookToolInvocation) => ({ stdout: JSON.stringify(inv.args.includes("--app") ? app : units) });
}

describe("spawn rules", () => {
  it("takes the remote app from the unit names: no relation-list --app when the relation has units", async () => {
    const { ctx, runner } = testContext();
    runner.json("relation-ids", ["db:3"]);
    runner.on("relation-list", members(["pg/0", "pg/1"], "pg"));
    const relation = await ctx.relation("db");
    expect(relation?.remoteAppName).toBe("pg");
    expect(runner.argv()).toEqual([
      ["relation-ids", "db", "--format=json"],
      ["relation-list", "--format=json", "-r", "db:3"],
    ]);
  });

  it("still asks relation-list --app for a relation without units", async () => {
    const { ctx, runner } = testContext();
    runner.json("relation-ids", ["db:3"]);
    runner.on("relation-list", members([], "pg"));
    expect((await ctx.relation("db"))?.remoteAppName).toBe("pg");
    expect(runner.callsTo("relation-list").map((c) => c.args)).toContainEqual([
      "--format=json",
      "--app",
      "-r",
      "db:3",
    ]);
  });

  it("reads this unit's bag once in a hook, even after writing it, and sees the write", async () => {
    const { ctx, runner } = testContext();
    runner.json("relation-ids", ["db:3"]);
    runner.on("relation-list", members(["pg/0"], "pg"));
    runner.json("relation-get", { a: "1", b: "2" });
    const relation = (await ctx.relation("db"))!;
    await relation.localUnitData.update({ a: "10", b: "" });
    await relation.localUnitData.update({ c: "3" });
    expect(await relation.localUnitData.get()).toEqual({ a: "10", c: "3" });
    expect(runner.callsTo("relation-get")).toHaveLength(1);
    expect(runner.callsTo("relation-set").map((c) => c.stdin)).toEqual(['{"a":"10","b":""}', '{"c":"3"}']);
  });

  it("reads again after a failed write (what Juju kept is unknown)", async () => {
    const { ctx, runner } = testContext();
    runner.json("relation-ids", ["db:3"]);
    runner.on("relation-list", members(["pg/0"], "pg"));
    runner.json("relation-get", { a: "1" });
    runner.fail("relation-set", "cannot write relation settings");
    const relation = (await ctx.relation("db"))!;
    await expect(relation.localUnitData.update({ a: "2" })).rejects.toThrow();
    await relation.localUnitData.get();
    expect(runner.callsTo("relation-get")).toHaveLength(2);
  });

  it("keeps unrelated cached reads across a --refresh read, and reads that secret once", async () => {
    const { ctx, runner } = testContext();
    runner.on("secret-get", (inv) => ({
      stdout: JSON.stringify({ value: inv.args.includes("secret:bbbbbbbbbbbbbbbbbbbb") ? "b" : "a" }),
    }));
    const a = await ctx.getSecret({ id: "secret:aaaaaaaaaaaaaaaaaaaa" });
    const b = await ctx.getSecret({ id: "secret:bbbbbbbbbbbbbbbbbbbb" });
    await a.getContent({ refresh: true });
    await a.getContent({ refresh: true });
    expect(await a.getContent()).toEqual({ value: "a" });
    expect(await b.getContent()).toEqual({ value: "b" });
    await ctx.getSecret({ id: "secret:bbbbbbbbbbbbbbbbbbbb" });
    const argv = runner.callsTo("secret-get").map((c) => c.args.join(" "));
    expect(argv).toEqual([
      "--format=json secret:aaaaaaaaaaaaaaaaaaaa",
      "--format=json secret:bbbbbbbbbbbbbbbbbbbb",
      "--format=json secret:aaaaaaaaaaaaaaaaaaaa --refresh",
    ]);
  });
});

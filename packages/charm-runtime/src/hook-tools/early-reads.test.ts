import { describe, expect, it } from "vitest";

import { parseJujuContext, type Env } from "../events.js";
import { prefetch, type PrefetchPlan } from "../model/prefetch.js";
import { BASE_ENV } from "../test-support/context.js";
import { RecordingRunner } from "../test-support/recording-runner.js";
import { EarlyReadsRunner, earlyReads, startEarlyReads } from "./early-reads.js";
import type { HookToolRunner } from "./runner.js";
import { HookToolSession } from "./session.js";

const PLAN: PrefetchPlan = {
  config: true,
  isLeader: true,
  charmState: true,
  openedPorts: true,
  secrets: [{ label: "a" }, { id: "secret:abc", mode: "refresh" }, { label: "b", mode: "peek" }],
  relations: { db: ["remote-app"], peers: ["local-unit"] },
};

/** The runtime's prefetch of `plan`, in the hook of `env`, through `runner`. */
async function runPrefetch(runner: HookToolRunner, plan: PrefetchPlan, env: Env = BASE_ENV): Promise<void> {
  const juju = parseJujuContext(env);
  const session = new HookToolSession(runner, "/nonexistent");
  const scope = { session, event: juju.event, unitName: juju.unitName, appName: juju.appName };
  await prefetch(scope, juju.modelUuid, plan);
}

describe("earlyReads", () => {
  it("are exactly the calls of the plan that need no other answer, with the argv prefetch uses", async () => {
    const runner = new RecordingRunner().json("relation-ids", []).json("is-leader", false);
    await runPrefetch(runner, PLAN);
    const calls = runner.argv();
    const early = earlyReads(PLAN).map((r) => [r.tool, ...r.args]);
    expect(early).toEqual([
      ["config-get", "--format=json"],
      ["is-leader", "--format=json"],
      ["state-get", "--format=json"],
      ["opened-ports", "--format=json"],
      ["secret-get", "--format=json", "--label", "a"],
      ["secret-get", "--format=json", "secret:abc", "--refresh"],
      ["secret-get", "--format=json", "--label", "b", "--peek"],
      ["relation-ids", "db", "--format=json"],
      ["relation-ids", "peers", "--format=json"],
    ]);
    // With no relations, prefetch makes these calls and no others.
    expect([...calls].sort()).toEqual([...early].sort());
  });

  it("taken by prefetch: the runtime makes none of those calls again", async () => {
    const inner = new RecordingRunner().json("relation-ids", []).json("is-leader", false);
    const runner = startEarlyReads(inner, PLAN);
    expect(inner.calls).toHaveLength(9);
    await runPrefetch(runner, PLAN);
    expect(inner.calls).toHaveLength(9);
  });
});

describe("EarlyReadsRunner", () => {
  it("answers the first call with the same argv from the early read, and later ones by running the tool", async () => {
    let n = 0;
    const inner = new RecordingRunner().on("is-leader", () => ({ stdout: String(++n) }));
    const runner = new EarlyReadsRunner(inner);
    void runner.start([{ tool: "is-leader", args: ["--format=json"] }]);
    expect((await runner.run({ tool: "is-leader", args: ["--format=json"] })).stdout).toBe("1");
    expect((await runner.run({ tool: "is-leader", args: ["--format=json"] })).stdout).toBe("2");
    expect(inner.calls).toHaveLength(2);
  });

  it("drops the early reads nobody took once a call that may change something runs", async () => {
    const inner = new RecordingRunner();
    const runner = new EarlyReadsRunner(inner);
    void runner.start([
      { tool: "state-get", args: ["--format=json"] },
      { tool: "relation-ids", args: ["db", "--format=json"] },
    ]);
    await runner.run({ tool: "relation-ids", args: ["db", "--format=json"] });
    await runner.run({ tool: "state-set", args: ["--file", "-"], stdin: "{}" });
    await runner.run({ tool: "state-get", args: ["--format=json"] });
    expect(inner.argv()).toEqual([
      ["state-get", "--format=json"],
      ["relation-ids", "db", "--format=json"],
      ["state-set", "--file", "-"],
      ["state-get", "--format=json"],
    ]);
  });

  it("keeps them across reads, and never answers a call that has input from them", async () => {
    const inner = new RecordingRunner();
    const runner = new EarlyReadsRunner(inner);
    void runner.start([{ tool: "config-get", args: ["--format=json"] }]);
    await runner.run({ tool: "relation-get", args: ["-r", "db:1", "-", "app/0"] });
    await runner.run({ tool: "config-get", args: ["--format=json"], stdin: "" });
    await runner.run({ tool: "config-get", args: ["--format=json"] });
    expect(inner.callsTo("config-get")).toHaveLength(2);
  });

  it("hands an early read's failure to the call that takes it", async () => {
    const failing = { run: () => Promise.reject(new Error("spawner gone")) };
    const runner = new EarlyReadsRunner(failing);
    void runner.start([{ tool: "is-leader", args: ["--format=json"] }]);
    await expect(runner.run({ tool: "is-leader", args: ["--format=json"] })).rejects.toThrow("spawner gone");
  });
});

describe("startEarlyReads: following each relation", () => {
  const plan: PrefetchPlan = {
    isLeader: true,
    relations: { db: ["local-unit", "local-app", "remote-units", "remote-app"], peers: ["remote-units"] },
  };
  const env = { ...BASE_ENV, JUJU_UNIT_NAME: "garm/0" };

  function juju(leader: boolean, dbIds: string = JSON.stringify(["db:1"])): RecordingRunner {
    return new RecordingRunner()
      .json("is-leader", leader)
      .on("relation-ids", (call) => ({ stdout: call.args[0] === "db" ? dbIds : "null" }))
      .json("relation-list", ["pg/0", "pg/1"])
      .json("relation-get", { k: "v" });
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

  it("reads each relation's units and the plan's databags before the runtime asks, and the runtime asks nothing again", async () => {
    const inner = juju(true);
    const runner = startEarlyReads(inner, plan, env);
    await settle();
    expect(inner.argv().filter(([tool]) => tool !== "is-leader" && tool !== "relation-ids")).toEqual([
      ["relation-list", "--format=json", "-r", "db:1"],
      ["relation-get", "--format=json", "-r", "db:1", "-", "garm/0"],
      ["relation-get", "--format=json", "-r", "db:1", "-", "pg/0"],
      ["relation-get", "--format=json", "-r", "db:1", "-", "pg/1"],
      ["relation-get", "--format=json", "-r", "db:1", "--app", "-", "pg"],
      ["relation-get", "--format=json", "-r", "db:1", "--app", "-", "garm"],
    ]);
    const made = inner.calls.length;
    await runPrefetch(runner, plan, env);
    expect(inner.calls).toHaveLength(made);
  });

  it("reads no application databag of its own unless the unit leads", async () => {
    const inner = juju(false);
    startEarlyReads(inner, plan, env);
    await settle();
    expect(inner.argv()).not.toContainEqual([
      "relation-get",
      "--format=json",
      "-r",
      "db:1",
      "--app",
      "-",
      "garm",
    ]);
    expect(inner.argv()).toContainEqual(["relation-get", "--format=json", "-r", "db:1", "--app", "-", "pg"]);
  });

  it("leaves the hook's own relation to the runtime (a departing unit is not listed)", async () => {
    const inner = juju(true);
    startEarlyReads(inner, plan, { ...env, JUJU_RELATION: "db", JUJU_RELATION_ID: "db:1" });
    await settle();
    expect(inner.callsTo("relation-list")).toEqual([]);
  });

  it("follows nothing from an answer it does not expect", async () => {
    const inner = juju(true, '{"db:1": true}');
    startEarlyReads(inner, plan, env);
    await settle();
    expect(inner.callsTo("relation-list")).toEqual([]);
    expect(inner.callsTo("relation-get")).toEqual([]);
  });

  it("starts nothing more once a call that may write has run", async () => {
    const inner = juju(true);
    const runner = startEarlyReads(inner, plan, env);
    await runner.run({ tool: "status-set", args: ["active"] });
    await settle();
    expect(inner.callsTo("relation-list")).toEqual([]);
  });
});

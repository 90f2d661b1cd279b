import { describe, expect, it } from "vitest";

import { parseJujuContext } from "../events.js";
import { prefetch, type PrefetchPlan } from "../model/prefetch.js";
import { BASE_ENV } from "../test-support/context.js";
import { RecordingRunner } from "../test-support/recording-runner.js";
import { EarlyReadsRunner, earlyReads, startEarlyReads } from "./early-reads.js";
import { HookToolSession } from "./session.js";

const PLAN: PrefetchPlan = {
  config: true,
  isLeader: true,
  charmState: true,
  openedPorts: true,
  secrets: [{ label: "a" }, { id: "secret:abc", mode: "refresh" }, { label: "b", mode: "peek" }],
  relations: { db: ["remote-app"], peers: ["local-unit"] },
};

/** The calls prefetch makes for `plan` through `runner`. */
async function prefetchCalls(runner: RecordingRunner, plan: PrefetchPlan): Promise<string[][]> {
  const juju = parseJujuContext(BASE_ENV);
  const session = new HookToolSession(runner, "/nonexistent");
  await prefetch(
    { session, event: juju.event, unitName: juju.unitName, appName: juju.appName },
    juju.modelUuid,
    plan,
  );
  return runner.argv();
}

describe("earlyReads", () => {
  it("are exactly the calls of the plan that need no other answer, with the argv prefetch uses", async () => {
    const runner = new RecordingRunner().json("relation-ids", []).json("is-leader", false);
    const calls = await prefetchCalls(runner, PLAN);
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
    const juju = parseJujuContext(BASE_ENV);
    const session = new HookToolSession(runner, "/nonexistent");
    await prefetch(
      { session, event: juju.event, unitName: juju.unitName, appName: juju.appName },
      juju.modelUuid,
      PLAN,
    );
    expect(inner.calls).toHaveLength(9);
  });
});

describe("EarlyReadsRunner", () => {
  it("answers the first call with the same argv from the early read, and later ones by running the tool", async () => {
    let n = 0;
    const inner = new RecordingRunner().on("is-leader", () => ({ stdout: String(++n) }));
    const runner = new EarlyReadsRunner(inner);
    runner.start([{ tool: "is-leader", args: ["--format=json"] }]);
    expect((await runner.run({ tool: "is-leader", args: ["--format=json"] })).stdout).toBe("1");
    expect((await runner.run({ tool: "is-leader", args: ["--format=json"] })).stdout).toBe("2");
    expect(inner.calls).toHaveLength(2);
  });

  it("drops the early reads nobody took once a call that may change something runs", async () => {
    const inner = new RecordingRunner();
    const runner = new EarlyReadsRunner(inner);
    runner.start([
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
    runner.start([{ tool: "config-get", args: ["--format=json"] }]);
    await runner.run({ tool: "relation-get", args: ["-r", "db:1", "-", "app/0"] });
    await runner.run({ tool: "config-get", args: ["--format=json"], stdin: "" });
    await runner.run({ tool: "config-get", args: ["--format=json"] });
    expect(inner.callsTo("config-get")).toHaveLength(2);
  });

  it("hands an early read's failure to the call that takes it", async () => {
    const failing = { run: () => Promise.reject(new Error("spawner gone")) };
    const runner = new EarlyReadsRunner(failing);
    runner.start([{ tool: "is-leader", args: ["--format=json"] }]);
    await expect(runner.run({ tool: "is-leader", args: ["--format=json"] })).rejects.toThrow("spawner gone");
  });
});

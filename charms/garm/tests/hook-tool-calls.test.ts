/**
 * Issue 12: a settled hook is mostly hook-tool processes. The secrets other applications share
 * (database, OpenStack password, GitHub App key) are read with one `secret-get --refresh` each,
 * the read itself reporting a missing secret, and no call repeats.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import { events, repeatedHookToolCalls, type State } from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";

import { charmOptions, garmContext, readyState, useGarmFake } from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

async function settled(): Promise<State> {
  const ctx = await garmContext(charmOptions(garm.url));
  let state = readyState();
  for (let i = 0; i < 3; i++) state = await ctx.run(events.configChanged(), state);
  return state;
}

describe("hook-tool calls of a settled update-status", () => {
  it("read each shared secret with one --refresh secret-get, and repeat no call", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.updateStatus(), await settled());
    const byId = ctx.hookToolCalls.filter(
      (call) => call.tool === "secret-get" && !call.args.includes("--label"),
    );
    expect(byId.length).toBeGreaterThan(0);
    expect(byId.every((call) => call.args.includes("--refresh"))).toBe(true);
    expect(repeatedHookToolCalls(ctx.hookToolCalls)).toEqual([]);
  });

  it("read every secret before GARM answers: the GitHub App key does not wait for the bootstrap", async () => {
    const secretReads = (ctx: Awaited<ReturnType<typeof garmContext>>) =>
      ctx.hookToolCalls.filter((call) => call.tool === "secret-get").map((call) => call.args.join(" "));
    const state = await settled();
    const answering = await garmContext(charmOptions(garm.url));
    await answering.run(events.updateStatus(), state);
    // GARM does not answer: the bootstrap waits it out, and the object step never runs.
    garm.injectFault({
      method: "POST",
      path: "/api/v1/auth/login",
      times: 1_000,
      fault: { kind: "status", status: 503 },
    });
    const unanswered = await garmContext(charmOptions(garm.url));
    const after = await unanswered.run(events.updateStatus(), state);
    expect(after.unitStatus.name).toBe("waiting");
    expect(secretReads(unanswered).sort()).toEqual(secretReads(answering).sort());
    expect(secretReads(answering).some((args) => args.includes("--refresh"))).toBe(true);
  });

  it("ask Pebble each thing once: the reads every reconcile makes start together", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.updateStatus(), await settled());
    const garmRequests = (ctx.pebbleRequests["garm"] ?? []).map((r) => `${r.method} ${r.path}?${r.query}`);
    expect(garmRequests.length).toBeGreaterThan(0);
    expect(garmRequests.every((r) => r.startsWith("GET "))).toBe(true);
    expect(new Set(garmRequests).size).toBe(garmRequests.length);
  });

  it("log nothing when GARM needed no write (each juju-log is a process)", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.updateStatus(), await settled());
    expect(ctx.hookToolCalls.filter((call) => call.tool === "juju-log")).toEqual([]);
  });
});

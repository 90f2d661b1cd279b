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

  it("log nothing when GARM needed no write (each juju-log is a process)", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.updateStatus(), await settled());
    expect(ctx.hookToolCalls.filter((call) => call.tool === "juju-log")).toEqual([]);
  });
});

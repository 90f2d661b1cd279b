/**
 * Issue 12: a settled hook is mostly hook-tool processes, so the configurator makes as few as it
 * can. Each secret is read with one secret-get (the read itself reports a missing secret), and
 * its own relation secrets are looked up with secret-info-get, which also gives the id.
 */
import { events, type State } from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";

import { newContext, relatedState } from "./fixtures.js";

async function settled(): Promise<State> {
  const ctx = newContext();
  let state = relatedState();
  for (let i = 0; i < 3; i++) state = await ctx.run(events.configChanged(), state);
  return state;
}

describe("hook-tool calls of a settled config-changed", () => {
  it("read each secret once: a --refresh read per consumed secret, a --peek per owned one, no lookup by label", async () => {
    const ctx = newContext();
    await ctx.run(events.configChanged(), await settled());
    const secretGets = ctx.hookToolCalls.filter((call) => call.tool === "secret-get");
    expect(secretGets.filter((call) => call.args.includes("--refresh"))).toHaveLength(3);
    expect(secretGets.filter((call) => call.args.includes("--peek"))).toHaveLength(3);
    expect(secretGets).toHaveLength(6);
    expect(secretGets.some((call) => call.args.includes("--label"))).toBe(false);
    expect(ctx.hookToolCalls.filter((call) => call.tool === "secret-info-get")).toHaveLength(3);
  });

  it("total no more than the reads and the writes a settled unit needs", async () => {
    const ctx = newContext();
    await ctx.run(events.configChanged(), await settled());
    // 1 config-get, 1 is-leader, 3 relation-ids, 3 relation-list, 5 relation-get, 6 secret-get,
    // 3 secret-info-get, 1 status-set; no secret-grant, since garm already holds the grants.
    expect(ctx.hookToolCalls.length).toBeLessThanOrEqual(23);
  });

  it("repeat no grant garm already holds, and make again one that is gone", async () => {
    const state = await settled();
    const ctx = newContext();
    await ctx.run(events.configChanged(), state);
    expect(ctx.hookToolCalls.filter((call) => call.tool === "secret-grant")).toEqual([]);

    const passwordSecret = state.secrets.find((secret) => secret.label === "configurator-password");
    expect(passwordSecret?.grants).not.toEqual({});
    const revoked: State = {
      ...state,
      secrets: state.secrets.map((secret) =>
        secret === passwordSecret ? { ...secret, grants: {} } : secret,
      ),
    };
    const again = newContext();
    const out = await again.run(events.configChanged(), revoked);
    expect(again.hookToolCalls.filter((call) => call.tool === "secret-grant")).toHaveLength(1);
    expect(out.secrets.find((secret) => secret.label === "configurator-password")?.grants).toEqual(
      passwordSecret?.grants,
    );
  });
});

/**
 * Runs one scenario twice, in-process and as the packed charm's `dispatch`, and checks that both
 * leave the same State (created secrets' ids aside), fail alike, and that the process run calls
 * no hook tool twice with the same arguments.
 */
import { fileURLToPath } from "node:url";

import { packCharmsCached } from "@garm-charms/charm-pack";
import type { Context } from "@garm-charms/charm-testing";
import {
  packedCharm,
  repeatedHookToolCalls,
  UncaughtCharmError,
  withStableSecretIds,
  type HarnessEvent,
  type PackedCharm,
  type State,
} from "@garm-charms/charm-testing";
import { expect } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The charm packed (once per content, shared by the test files), as Juju unpacks it. */
export async function packed(name: string): Promise<PackedCharm> {
  const pack = await packCharmsCached(REPO, ["garm", "garm-configurator"]);
  const found = pack.charms.find((c) => c.name === name);
  if (found === undefined) throw new Error(`${name} was not packed`);
  return packedCharm(found.primeDir);
}

type Outcome = { ok: true; state: State } | { ok: false; state: State; error: unknown };

async function outcome(ctx: Context, event: HarnessEvent, input: State): Promise<Outcome> {
  try {
    return { ok: true, state: await ctx.run(event, input) };
  } catch (error) {
    if (!(error instanceof UncaughtCharmError)) throw error;
    return { ok: false, state: error.state, error: error.cause };
  }
}

/** Stack frames name source files in-process and the bundle as a process. */
function withoutStackFrames(lines: readonly { level: string; message: string }[]): string[] {
  return lines.map((l) => `${l.level} ${l.message.replace(/\n\s+at .*/g, "")}`);
}

/** The tools called, sorted (argv would differ: created secrets' ids are minted per run). */
function sortedCalls(ctx: Context): string[] {
  return ctx.hookToolCalls.map((c) => c.tool).sort();
}

export interface BothModes {
  readonly inProcess: Outcome;
  readonly asProcess: Outcome;
}

export async function expectSameInBothModes(
  inProcess: Context,
  asProcess: Context,
  event: HarnessEvent,
  input: State,
): Promise<BothModes> {
  const a = await outcome(inProcess, event, input);
  const b = await outcome(asProcess, event, input);
  expect(b.ok, b.ok ? "" : String((b as { error: unknown }).error)).toBe(a.ok);
  expect(withStableSecretIds(input, b.state)).toEqual(withStableSecretIds(input, a.state));
  expect(withoutStackFrames(asProcess.jujuLog)).toEqual(withoutStackFrames(inProcess.jujuLog));
  expect(asProcess.actionResults).toEqual(inProcess.actionResults);
  expect(asProcess.actionFailure).toEqual(inProcess.actionFailure);
  // The same calls; their order may differ, since reads the charm starts together (ctx.prefetch)
  // reach the tool server in whatever order the processes get there.
  expect(sortedCalls(asProcess)).toEqual(sortedCalls(inProcess));
  expect(
    repeatedHookToolCalls(asProcess.hookToolCalls),
    "hook tools called twice with the same arguments",
  ).toEqual([]);
  return { inProcess: a, asProcess: b };
}

/**
 * Entry points. `runCharm` runs one hook: parse the environment, build the HookContext, call the
 * charm, flush its logs. A charm error is logged through juju-log at ERROR (name, message and stack
 * frames; the runtime's own errors never carry secret values), fails the action when the hook is
 * an action, and is rethrown. `main` is what a charm's bundled entry file calls.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parseJujuContext } from "./events.js";
import { actionFail } from "./hook-tools/actions.js";
import { jujuLog } from "./hook-tools/logging.js";
import { HookToolSession } from "./hook-tools/session.js";
import type { HookToolRunner } from "./hook-tools/runner.js";
import { spawnRunner } from "./hook-tools/spawn-runner.js";
import { SPAWNER_PATH, spawnerRunner } from "./hook-tools/spawner-runner.js";
import { HookContext } from "./model/hook-context.js";
import { writeStderr } from "./model/logger.js";
import type { RuntimeOptions } from "./runtime-options.js";

export type Charm = (ctx: HookContext) => Promise<void>;

export function defaultPebbleSocketPath(container: string): string {
  return `/charm/containers/${container}/pebble.socket`;
}

/**
 * Test-only: when set (never by Juju), a container's socket is `<dir>/<name>/pebble.socket`
 * instead of under /charm/containers, so process-level tests can run a packed charm against fake
 * Pebbles without root.
 */
export const CONTAINERS_DIR_VARIABLE = "CHARM_TESTING_CONTAINERS_DIR";

export function pebbleSocketPathFor(
  env: Readonly<Record<string, string | undefined>>,
): (container: string) => string {
  const dir = env[CONTAINERS_DIR_VARIABLE];
  if (dir === undefined || dir === "") return defaultPebbleSocketPath;
  return (container) => `${dir}/${container}/pebble.socket`;
}

/** `Name: message` plus stack frames (never the stack's repeated message, never `cause` chains). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error value thrown: ${typeof error}`;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return [`${error.name}: ${error.message}`, ...frames].join("\n");
}

async function reportFailure(session: HookToolSession, error: unknown, isAction: boolean): Promise<void> {
  try {
    await jujuLog(session, "ERROR", `Uncaught ${describeError(error)}`);
  } catch (logError) {
    writeStderr(`juju-log failed while reporting an error: ${describeError(logError)}`);
  }
  if (!isAction) return;
  try {
    const summary = error instanceof Error ? `${error.name}: ${error.message}` : "the action failed";
    await actionFail(session, summary);
  } catch (failError) {
    writeStderr(`action-fail failed: ${describeError(failError)}`);
  }
}

/**
 * Hook tools through the charm's `bin/hook-tool-spawner` when it ships one (a packed charm does,
 * when a C compiler was there to build it); else each tool is spawned from Node directly.
 */
export function defaultHookToolRunner(env: NodeJS.ProcessEnv): HookToolRunner {
  const direct = spawnRunner(env);
  const charmDir = env["JUJU_CHARM_DIR"];
  if (charmDir === undefined || charmDir === "") return direct;
  const spawner = join(charmDir, SPAWNER_PATH);
  return existsSync(spawner) ? spawnerRunner(spawner, env, direct) : direct;
}

export async function runCharm(charm: Charm, options: Partial<RuntimeOptions> = {}): Promise<void> {
  const env = options.env ?? process.env;
  const session = new HookToolSession(
    options.hookTools ?? defaultHookToolRunner(process.env),
    options.tmpDir ?? tmpdir(),
  );
  let ctx: HookContext;
  try {
    const juju = parseJujuContext(env);
    ctx = new HookContext(juju, session, {
      pebbleSocketPath: options.pebbleSocketPath ?? pebbleSocketPathFor(env),
      pebble: options.pebble,
      stderr: writeStderr,
    });
  } catch (error) {
    await reportFailure(session, error, false);
    throw error;
  }
  try {
    await charm(ctx);
  } catch (error) {
    await ctx.log.flush();
    await reportFailure(session, error, ctx.event.kind === "action");
    throw error;
  }
  await ctx.log.flush();
}

/**
 * Runs the charm for the current process and sets the exit code Juju reads (0 ok, 1 error). A
 * charm with containers passes `{ pebble: connectPebble }`; other options are for tests.
 */
export async function main(charm: Charm, options: Partial<RuntimeOptions> = {}): Promise<void> {
  try {
    await runCharm(charm, options);
    process.exitCode = 0;
  } catch (error) {
    writeStderr(describeError(error));
    process.exitCode = 1;
  }
}

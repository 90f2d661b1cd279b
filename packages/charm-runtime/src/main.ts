/**
 * Entry points. `runCharm` runs one hook: parse the environment, build the HookContext, call the
 * charm, flush its logs. A charm error is logged through juju-log at ERROR (name, message and stack
 * frames; the runtime's own errors never carry secret values), fails the action when the hook is
 * an action, and is rethrown. `main` is what a charm's bundled entry file calls.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parseJujuContext, type JujuContext } from "./events.js";
import { actionFail } from "./hook-tools/actions.js";
import { jujuLog } from "./hook-tools/logging.js";
import { HookToolSession } from "./hook-tools/session.js";
import type { HookToolRunner } from "./hook-tools/runner.js";
import { spawnRunner } from "./hook-tools/spawn-runner.js";
import { SPAWNER_PATH, spawnerRunner } from "./hook-tools/spawner-runner.js";
import { HookContext } from "./model/hook-context.js";
import { writeStderr } from "./model/logger.js";
import { prefetch, type PrefetchPlan } from "./model/prefetch.js";
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

function newSession(options: Partial<RuntimeOptions>): HookToolSession {
  return new HookToolSession(
    options.hookTools ?? defaultHookToolRunner(process.env),
    options.tmpDir ?? tmpdir(),
  );
}

/** A hook whose reads started before the charm's code was loaded (see `readAhead`). */
export interface StartedHook {
  readonly session: HookToolSession;
}

export type RunOptions = Partial<RuntimeOptions> & {
  /** The hook `readAhead` started: its session, whose cache holds the reads already made. */
  readonly started?: StartedHook;
};

/**
 * For a charm's entry file: starts the reads of `plan` (the charm's own read-ahead plan) before
 * the charm's code is loaded, so the hook tools run while Node compiles it; pass the result to
 * `main` as `started`. Never throws: an environment that is not a hook's is reported by `main`.
 */
export function readAhead(plan: PrefetchPlan, options: Partial<RuntimeOptions> = {}): StartedHook {
  const session = newSession(options);
  let juju: JujuContext;
  try {
    juju = parseJujuContext(options.env ?? process.env);
  } catch {
    return { session };
  }
  const scope = { session, event: juju.event, unitName: juju.unitName, appName: juju.appName };
  void prefetch(scope, juju.modelUuid, plan);
  return { session };
}

export async function runCharm(charm: Charm, options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const session = options.started?.session ?? newSession(options);
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
export async function main(charm: Charm, options: RunOptions = {}): Promise<void> {
  try {
    await runCharm(charm, options);
    process.exitCode = 0;
  } catch (error) {
    writeStderr(describeError(error));
    process.exitCode = 1;
  }
}

/**
 * Entry points. `runCharm` runs one hook: parse the environment, build the HookContext, call the
 * charm, flush its logs. A charm error is logged through juju-log at ERROR (name, message and stack
 * frames; the runtime's own errors never carry secret values), fails the action when the hook is
 * an action, and is rethrown. `main` is what a charm's bundled entry file calls.
 */
import { tmpdir } from "node:os";

import { parseJujuContext, type JujuContext } from "./events.js";
import { actionFail } from "./hook-tools/actions.js";
import { jujuLog } from "./hook-tools/logging.js";
import { HookToolSession } from "./hook-tools/session.js";
import { defaultHookToolRunner } from "./hook-tools/default-runner.js";
import { HookContext } from "./model/hook-context.js";
import { writeStderr } from "./model/logger.js";
import type { HookStart } from "./dispatch-entry.js";
import { prefetch } from "./model/prefetch.js";
import { pebbleSocketPathFor } from "./pebble-socket-path.js";
import type { RuntimeOptions } from "./runtime-options.js";

export type Charm = (ctx: HookContext) => Promise<void>;

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
 * For a charm's entry file, with what `dispatchLazily` started: the session of the hook, and the
 * rest of the plan's reads (those that needed the early ones' answers) under way before the
 * charm's code is loaded, so the hook tools run while Node compiles it. Pass the result to `main`
 * as `started`. Never throws: an environment that is not a hook's is reported by `main`.
 */
export function readAhead(start: HookStart, options: Partial<RuntimeOptions> = {}): StartedHook {
  const session = newSession({
    ...options,
    ...(start.hookTools === undefined ? {} : { hookTools: start.hookTools }),
  });
  if (start.plan === undefined) return { session };
  let juju: JujuContext;
  try {
    juju = parseJujuContext(options.env ?? process.env);
  } catch {
    return { session };
  }
  const scope = { session, event: juju.event, unitName: juju.unitName, appName: juju.appName };
  void prefetch(scope, juju.modelUuid, start.plan);
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

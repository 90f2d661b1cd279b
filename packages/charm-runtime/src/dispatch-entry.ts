/**
 * `@garm-charms/charm-runtime/dispatch`: what a charm's entry files start from. They decide from
 * the environment alone (no zod, no model, no charm code loaded) whether the charm observes the
 * hook, so a hook the charm ignores costs little more than Node starting. A packed charm is two
 * scripts: the entry (`src/dispatch.ts`) calls `dispatchHookBundle`, which starts the hook's first
 * reads through the hook-tool spawner and runs the hook bundle through a code cache; the hook
 * bundle (`src/hook.ts`) calls `dispatchCharm`, which sets zod up for a one-shot process
 * (zod-for-hooks.ts), starts the rest of the read-ahead, then loads and runs the charm:
 *
 *   exitWhenDone(
 *     dispatchCharm(OBSERVED, READ_AHEAD, async () => ({
 *       charm: (await import("./charm.js")).myCharm,
 *     })),
 *   );
 *
 * where `READ_AHEAD` is a `ReadAhead`: the reads every reconcile makes, and the events it runs on.
 *
 * `OBSERVED` must list every event the charm acts on (a superset is safe; a missing event is
 * silently skipped), which the charm's tests check against the charm itself.
 */
import { dirname, resolve } from "node:path";

import type { EventFilterSpec } from "./event-filter.js";
import { matchesFilter, scopeFromEnv } from "./event-scope.js";
import type { Env } from "./events.js";
import { runHookBundle } from "./hook-bundle.js";
import type { HookToolRunner } from "./hook-tools/runner.js";
import type { Charm } from "./main.js";
import type { PebbleConnector } from "./model/container.js";
import type { PrefetchPlan } from "./model/prefetch.js";

export type { EventFilterSpec } from "./event-filter.js";
export { matchesFilter, scopeFromEnv } from "./event-scope.js";
export type { EventScope } from "./event-scope.js";

/**
 * Whether the hook in `env` must load the charm: it is listed in `observed`, or the environment is
 * not a well-formed hook's (the runtime then fails loudly, as it should).
 */
export function mustLoad(observed: EventFilterSpec, env: Env): boolean {
  const scope = scopeFromEnv(env);
  return scope === undefined || matchesFilter(observed, scope);
}

/**
 * A charm's read-ahead plan and the events whose hooks make those reads (its reconcile's, not an
 * action's): for those, the calls of the plan that need no other answer start at once, before the
 * runtime and the charm load, and (in a packed charm) the hook may write the code cache.
 */
export interface ReadAhead {
  readonly plan: PrefetchPlan;
  readonly on: EventFilterSpec;
}

export interface LazyDispatchOptions {
  /** The hook's environment; `process.env` under Juju. */
  readonly env?: Env;
  readonly readAhead?: ReadAhead;
}

/** What the entry started for the hook: give it to the runtime's `readAhead`. */
export interface HookStart {
  /** The runner holding the early reads; undefined when none were started. */
  readonly hookTools?: HookToolRunner;
  /** The plan whose reads started; undefined when the hook makes none of them. */
  readonly plan?: PrefetchPlan;
}

/** Runs `run` (which loads and runs the charm) only for a hook the charm observes; else exits 0. */
export async function dispatchLazily(
  observed: EventFilterSpec,
  run: (start: HookStart) => Promise<void>,
  options: LazyDispatchOptions = {},
): Promise<void> {
  const env = options.env ?? process.env;
  if (!mustLoad(observed, env)) return;
  const start = takeHandedOverStart() ?? (await startReadAhead(options.readAhead, env));
  // Loading code keeps the main thread busy without a turn of the event loop; the early reads
  // answered meanwhile start their follow-ups only when it gets one.
  await yieldToIo();
  await import("./zod-for-hooks.js");
  await yieldToIo();
  await run(start);
}

/** What a hook bundle loads for a hook the charm observes: the charm, and its Pebble connector. */
export interface LoadedCharm {
  readonly charm: Charm;
  readonly pebble?: PebbleConnector;
}

/**
 * A hook bundle's whole job: `dispatchLazily` with the charm's read-ahead, the rest of the
 * read-ahead started as soon as the runtime is up, then the charm loaded (`load`) and run.
 * `load` gets what the entry started: its `plan` is set for the events the read-ahead runs on,
 * when a charm may start its Pebble reads (`readingAhead`) before loading its own code.
 */
export function dispatchCharm(
  observed: EventFilterSpec,
  readAhead: ReadAhead,
  load: (start: HookStart) => Promise<LoadedCharm>,
): Promise<void> {
  return dispatchLazily(
    observed,
    async (start) => {
      const runtime = await import("./main.js");
      const started = runtime.readAhead(start);
      await yieldToIo();
      const { charm, pebble } = await load(start);
      await runtime.main(charm, { started, ...(pebble === undefined ? {} : { pebble }) });
    },
    { readAhead },
  );
}

/**
 * For a hook bundle: once `hook` (its `dispatchCharm`) is done, exits at once with the code
 * `main` set, rather than letting Node tear its heap down (10-20 ms of every hook on a slow
 * machine); every call has been answered and the logs flushed by then. A failure before `main`
 * (loading the charm) exits 1 with its stack on stderr.
 */
export function exitWhenDone(hook: Promise<void>): void {
  hook.then(
    () => process.exit(),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** Lets the event loop handle pending I/O (hook-tool answers) before going on. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts the early reads of `readAhead` when the hook in `env` is one of its events. */
async function startReadAhead(readAhead: ReadAhead | undefined, env: Env): Promise<HookStart> {
  const scope = scopeFromEnv(env);
  if (readAhead === undefined || scope === undefined || !matchesFilter(readAhead.on, scope)) return {};
  const [{ defaultHookToolRunner }, { startEarlyReads }] = await Promise.all([
    import("./hook-tools/default-runner.js"),
    import("./hook-tools/early-reads.js"),
  ]);
  return {
    hookTools: startEarlyReads(defaultHookToolRunner(process.env), readAhead.plan, env),
    plan: readAhead.plan,
  };
}

/**
 * The entry and the hook bundle are separate scripts, each with its own copy of this module, so
 * what the entry started reaches the bundle's `dispatchLazily` through a registered symbol.
 */
const HANDED_OVER = Symbol.for("garm-charms.charm-runtime.hook-start");

type WithHandedOver = typeof globalThis & { [HANDED_OVER]?: HookStart };

function handOverStart(start: HookStart): void {
  (globalThis as WithHandedOver)[HANDED_OVER] = start;
}

function takeHandedOverStart(): HookStart | undefined {
  const holder = globalThis as WithHandedOver;
  const start = holder[HANDED_OVER];
  holder[HANDED_OVER] = undefined;
  return start;
}

export interface HookBundleEntry {
  /** The hook bundle's file name, beside the entry. */
  readonly bundle: string;
  readonly readAhead: ReadAhead;
}

/**
 * A packed charm's entry (`dist/charm.cjs`): for a hook the charm observes, starts the read-ahead
 * (when the charm reconciles on the event) and then runs its hook bundle, which calls
 * `dispatchLazily`, through the code cache: the first tools run while Node reads the bundle. For
 * any other hook, nothing, so an ignored hook costs little more than Node starting. Only
 * reconciling hooks write the cache: they run the code most hooks run.
 */
export async function dispatchHookBundle(
  observed: EventFilterSpec,
  entry: HookBundleEntry,
  env: Env = process.env,
): Promise<void> {
  if (!mustLoad(observed, env)) return;
  const start = await startReadAhead(entry.readAhead, env);
  handOverStart(start);
  runHookBundle(resolve(dirname(process.argv[1] ?? "."), entry.bundle), {
    writeCache: start.plan !== undefined,
  });
}

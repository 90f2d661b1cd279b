/**
 * `@garm-charms/charm-runtime/dispatch`: what a charm's bundled entry file starts from. It decides
 * from the environment alone (no zod, no model, no charm code loaded) whether the charm observes
 * the hook; only then does it set zod up for a one-shot process (zod-for-hooks.ts) and load and run
 * the charm, so a hook the charm ignores costs little more than Node starting. A charm's entry:
 *
 *   await dispatchLazily(OBSERVED, async () => {
 *     const [{ main }, { myCharm }] = await Promise.all([import("@garm-charms/charm-runtime"), import("./charm.js")]);
 *     await main(myCharm);
 *   });
 *
 * `OBSERVED` must list every event the charm acts on (a superset is safe; a missing event is
 * silently skipped), which the charm's tests check against the charm itself.
 */
import type { EventFilterSpec } from "./event-filter.js";
import { matchesFilter, scopeFromEnv } from "./event-scope.js";

export type { EventFilterSpec } from "./event-filter.js";
export { matchesFilter, scopeFromEnv } from "./event-scope.js";
export type { EventScope } from "./event-scope.js";

/**
 * Whether the hook in `env` must load the charm: it is listed in `observed`, or the environment is
 * not a well-formed hook's (the runtime then fails loudly, as it should).
 */
export function mustLoad(
  observed: EventFilterSpec,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const scope = scopeFromEnv(env);
  return scope === undefined || matchesFilter(observed, scope);
}

/** Runs `run` (which loads and runs the charm) only for a hook the charm observes; else exits 0. */
export async function dispatchLazily(
  observed: EventFilterSpec,
  run: () => Promise<void>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<void> {
  if (!mustLoad(observed, env)) return;
  await import("./zod-for-hooks.js");
  await run();
}

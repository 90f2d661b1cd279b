/**
 * Helpers for running one scenario in both modes: the State a hook leaves differs between two runs
 * only in the ids of the secrets it created (Juju mints a fresh xid each time), so
 * `withStableSecretIds` renames those, and `repeatedHookToolCalls` finds a tool called twice with
 * the same arguments (and stdin) in one hook, which the runtime's read cache rules out.
 */
import type { HookToolInvocation } from "@garm-charms/charm-runtime/internal";
import { bareSecretId } from "@garm-charms/charm-runtime/internal";

import type { State } from "../state.js";

/**
 * `output` with every secret the hook created (not in `input`) renamed `secret:created-<n>`, in
 * creation order, wherever its id appears (secrets, databags, charm state).
 */
export function withStableSecretIds(input: State, output: State): State {
  const known = new Set(input.secrets.map((s) => bareSecretId(s.id)));
  let text = JSON.stringify(output);
  output.secrets
    .filter((s) => !known.has(bareSecretId(s.id)))
    .forEach((created, index) => {
      const bare = bareSecretId(created.id);
      const uri = new RegExp(`secret:(//[^/"]+/)?${bare}`, "g");
      text = text.replace(uri, `secret:created-${String(index)}`);
    });
  return JSON.parse(text) as State;
}

/** Every call that repeats an earlier one of the same hook: same tool, argv and stdin. */
export function repeatedHookToolCalls(calls: readonly HookToolInvocation[]): HookToolInvocation[] {
  const seen = new Set<string>();
  const repeated: HookToolInvocation[] = [];
  for (const call of calls) {
    const key = JSON.stringify([call.tool, call.args, call.stdin ?? null]);
    if (seen.has(key)) repeated.push(call);
    seen.add(key);
  }
  return repeated;
}

/**
 * Reads the dispatch entry starts before the runtime is loaded: the calls of a read-ahead plan
 * that depend on nothing (config, leadership, charm state, ports, relation ids, secrets by label),
 * with the argv the tool modules build (`read-argv.ts`). The runtime's own read of the same argv
 * takes the result instead of running the tool again. Nothing here parses: the runtime validates
 * the output as if it had run the tool itself. No zod here, so the entry stays light.
 */
import type { PrefetchPlan } from "../model/prefetch.js";
import { JSON_FORMAT, relationIdsArgs, secretGetArgs } from "./read-argv.js";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "./runner.js";

/** The calls of `plan` that need no other call's answer, in the order prefetch makes them. */
export function earlyReads(plan: PrefetchPlan): HookToolInvocation[] {
  const reads: HookToolInvocation[] = [];
  const add = (tool: string, args: readonly string[]): void => {
    reads.push({ tool, args });
  };
  if (plan.config === true) add("config-get", JSON_FORMAT);
  if (plan.isLeader === true) add("is-leader", JSON_FORMAT);
  if (plan.charmState === true) add("state-get", JSON_FORMAT);
  if (plan.openedPorts === true) add("opened-ports", JSON_FORMAT);
  for (const secret of plan.secrets ?? []) add("secret-get", secretGetArgs(secret, secret.mode ?? "tracked"));
  for (const endpoint of Object.keys(plan.relations ?? {})) add("relation-ids", relationIdsArgs(endpoint));
  return reads;
}

/** Tools that change nothing Juju holds (a `secret-get --refresh` does: it moves tracking). */
const READS = new Set([
  "config-get",
  "is-leader",
  "state-get",
  "opened-ports",
  "relation-ids",
  "relation-list",
  "relation-get",
  "secret-info-get",
  "secret-ids",
  "goal-state",
  "network-get",
  "action-get",
  "storage-get",
  "storage-list",
  "credential-get",
  "resource-get",
]);

function keyOf(invocation: HookToolInvocation): string {
  return JSON.stringify([invocation.tool, ...invocation.args]);
}

/**
 * A runner holding reads started early. Each early result answers the first call with the same
 * argv; any other call that may change something drops the results not yet taken, so nothing
 * read before a write is handed out after it.
 */
export class EarlyReadsRunner implements HookToolRunner {
  private readonly started = new Map<string, Promise<HookToolResult>>();

  constructor(private readonly inner: HookToolRunner) {}

  start(reads: readonly HookToolInvocation[]): void {
    for (const read of reads) {
      const key = keyOf(read);
      if (this.started.has(key)) continue;
      const result = this.inner.run(read);
      // A failure waits for the call that takes it.
      result.catch(() => undefined);
      this.started.set(key, result);
    }
  }

  run(invocation: HookToolInvocation): Promise<HookToolResult> {
    if (invocation.stdin === undefined) {
      const key = keyOf(invocation);
      const early = this.started.get(key);
      if (early !== undefined) {
        this.started.delete(key);
        return early;
      }
    }
    if (!READS.has(invocation.tool)) this.started.clear();
    return this.inner.run(invocation);
  }
}

/** The hook's runner with the plan's early reads under way. */
export function startEarlyReads(inner: HookToolRunner, plan: PrefetchPlan): EarlyReadsRunner {
  const runner = new EarlyReadsRunner(inner);
  runner.start(earlyReads(plan));
  return runner;
}

/**
 * Reads the dispatch entry starts before the runtime is loaded: the calls of a read-ahead plan
 * that depend on nothing (config, leadership, charm state, ports, relation ids, secrets by label),
 * then, as their answers come, each relation's units and the databags the plan names, with the
 * argv the tool modules build (`read-argv.ts`). The runtime's own read of the same argv takes the
 * result instead of running the tool again. Answers are only looked at to choose the next reads
 * (anything unexpected ends the chain); the runtime validates every output as if it had run the
 * tool itself. No zod here, so the entry stays light.
 */
import type { Env } from "../events.js";
import type { PrefetchBag, PrefetchPlan } from "../model/prefetch.js";
import {
  JSON_FORMAT,
  relationGetArgs,
  relationIdsArgs,
  relationListArgs,
  secretGetArgs,
} from "./read-argv.js";
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
  /** Every argv run so far, early or not: an early read never repeats a call. */
  private readonly made = new Set<string>();
  private wrote = false;

  constructor(private readonly inner: HookToolRunner) {}

  /**
   * Starts `reads`, but none after a write and none already made; returns each one's result, in
   * order (undefined for one not started).
   */
  start(reads: readonly HookToolInvocation[]): (Promise<HookToolResult> | undefined)[] {
    return reads.map((read) => {
      const key = keyOf(read);
      if (this.wrote || this.made.has(key)) return undefined;
      this.made.add(key);
      const result = this.inner.run(read);
      // A failure waits for the call that takes it.
      result.catch(() => undefined);
      this.started.set(key, result);
      return result;
    });
  }

  run(invocation: HookToolInvocation): Promise<HookToolResult> {
    const key = keyOf(invocation);
    if (invocation.stdin === undefined) {
      const early = this.started.get(key);
      if (early !== undefined) {
        this.started.delete(key);
        return early;
      }
    }
    if (!READS.has(invocation.tool)) {
      this.wrote = true;
      this.started.clear();
    }
    this.made.add(key);
    return this.inner.run(invocation);
  }
}

/** What a started read printed when it succeeded; undefined when it was not started or failed. */
async function succeededWith(result: Promise<HookToolResult> | undefined): Promise<string | undefined> {
  const answer = await result?.catch(() => undefined);
  return answer?.exitCode === 0 ? answer.stdout : undefined;
}

/** A read's JSON answer as a list of strings (Juju prints `null` for none); else undefined. */
async function stringList(result: Promise<HookToolResult> | undefined): Promise<string[] | undefined> {
  const stdout = await succeededWith(result);
  if (stdout === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(stdout);
    if (value === null) return [];
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}

async function isTrue(result: Promise<HookToolResult> | undefined): Promise<boolean> {
  return (await succeededWith(result))?.trim() === "true";
}

interface Self {
  readonly unit: string;
  readonly app: string;
  /** The relation the hook is about (`<endpoint>:<id>`): left to the runtime, which adjusts it. */
  readonly eventRelation: string | undefined;
}

/** After each relation's ids: its units, then the plan's databags of it. */
async function followRelation(
  runner: EarlyReadsRunner,
  self: Self,
  idsRead: Promise<HookToolResult> | undefined,
  bags: readonly PrefetchBag[],
  leader: Promise<boolean>,
): Promise<void> {
  for (const relation of (await stringList(idsRead)) ?? []) {
    if (relation === self.eventRelation) continue;
    const [listRead] = runner.start([{ tool: "relation-list", args: relationListArgs(relation) }]);
    void stringList(listRead).then(async (units) => {
      if (units === undefined) return;
      const bag = (app: boolean, member: string) => ({
        tool: "relation-get",
        args: relationGetArgs(relation, app, member),
      });
      const reads: HookToolInvocation[] = [];
      if (bags.includes("local-unit")) reads.push(bag(false, self.unit));
      if (bags.includes("remote-units")) reads.push(...units.map((unit) => bag(false, unit)));
      const remoteApp = units[0]?.split("/")[0];
      if (bags.includes("remote-app") && remoteApp !== undefined) reads.push(bag(true, remoteApp));
      void runner.start(reads);
      if (bags.includes("local-app") && (await leader)) void runner.start([bag(true, self.app)]);
    });
  }
}

/** The hook's runner with the plan's early reads under way. */
export function startEarlyReads(
  inner: HookToolRunner,
  plan: PrefetchPlan,
  env: Env = process.env,
): EarlyReadsRunner {
  const runner = new EarlyReadsRunner(inner);
  const reads = earlyReads(plan);
  const results = runner.start(reads);
  const resultOf = (tool: string, args: readonly string[]) =>
    results[reads.findIndex((read) => keyOf(read) === keyOf({ tool, args }))];
  const unit = env["JUJU_UNIT_NAME"];
  if (unit === undefined || unit === "") return runner;
  const self = { unit, app: unit.split("/")[0] ?? unit, eventRelation: env["JUJU_RELATION_ID"] };
  const leader = isTrue(resultOf("is-leader", JSON_FORMAT));
  for (const [endpoint, bags] of Object.entries(plan.relations ?? {})) {
    void followRelation(runner, self, resultOf("relation-ids", relationIdsArgs(endpoint)), bags, leader);
  }
  return runner;
}

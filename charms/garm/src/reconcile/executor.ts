/**
 * Runs planned operations through GarmClient in order. A failed write fails that operation and
 * the operations that wait for it (planned again next time); the pass goes on. A write GARM does
 * not answer (5xx, timeout) ends the pass only when GARM itself no longer answers: GARM passes
 * GitHub's failures on as a bare 500 or hangs with GitHub, and then only the writes through that
 * organisation's or repository's GitHub side are given up for this pass.
 */
import type { GarmClient } from "@garm-charms/garm-client";
import { failureSeverity, garmAnswers, garmFailurePolicy, isNoAnswer } from "../garm-failure.js";
import { describeOperation, type Operation } from "./operations.js";
import { problem, type ReconcileProblem } from "./problems.js";
import { DeferredError, runOperation, type WriteIds } from "./writes.js";

export type LogLevel = "debug" | "info" | "warning";
export type ReconcileLog = (level: LogLevel, message: string) => void;

export interface ExecutionSummary {
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface ExecutionContext {
  /** Entity key -> GARM id, of entities GARM already has. */
  readonly entityIds: ReadonlyMap<string, string>;
  /** Template name -> id, of the charm's templates GARM already has. */
  readonly templateIds: ReadonlyMap<string, number>;
  readonly webhookSecret: string;
  readonly log: ReconcileLog;
}

/** What one pass has learnt so far. */
interface Pass {
  readonly failed: Set<string>;
  /** Entity keys whose GitHub side failed a write in this pass. */
  readonly failingForges: Set<string>;
  readonly problems: ReconcileProblem[];
  succeeded: number;
  failures: number;
  skipped: number;
}

/** Why `op` cannot run in this pass, or undefined when it can. */
function blockerOf(op: Operation, pass: Pass): string | undefined {
  const key = op.after.find((k) => pass.failed.has(k));
  if (key !== undefined) return key;
  if (op.forge !== undefined && pass.failingForges.has(op.forge)) return `GitHub of ${op.forge}`;
  return undefined;
}

const GITHUB_HINT =
  "GARM itself answers, so GitHub is the likely cause (unreachable from GARM, or refusing the GitHub App: check its installation id and key)";

/**
 * Records a failed write. Resolves to "stop" when GARM is down (the rest of the pass is
 * pointless); rethrows what the GARM error policy calls a bug.
 */
async function recordFailure(
  client: GarmClient,
  op: Operation,
  error: unknown,
  pass: Pass,
  log: ReconcileLog,
): Promise<"go-on" | "stop"> {
  const description = describeOperation(op);
  const policy = error instanceof DeferredError ? "transient" : garmFailurePolicy(error);
  if (policy === "bug") throw error;
  pass.failures += 1;
  pass.failed.add(op.key);
  if (isNoAnswer(error) && !(await garmAnswers(client))) {
    pass.problems.push(problem("GARM", `unreachable during "${description}": ${error.message}`, "waiting"));
    return "stop";
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isNoAnswer(error) && op.forge !== undefined) {
    pass.failingForges.add(op.forge);
    pass.problems.push(problem(description, `failed: ${GITHUB_HINT}; ${message}`, "blocked"));
  } else {
    const retry = policy === "transient" ? "failed, will retry: " : "";
    pass.problems.push(problem(description, `${retry}${message}`, failureSeverity(policy)));
  }
  log("warning", `could not ${description}: ${message}`);
  return "go-on";
}

export async function executeOperations(
  client: GarmClient,
  operations: readonly Operation[],
  context: ExecutionContext,
): Promise<{ problems: ReconcileProblem[]; summary: ExecutionSummary }> {
  const { log } = context;
  const ids: WriteIds = {
    entityIds: new Map(context.entityIds),
    templateIds: new Map(context.templateIds),
    webhookSecret: context.webhookSecret,
    onRecreate: (name, reason) => log("warning", `re-creating scaleset ${name}: ${reason}`),
  };
  const pass: Pass = {
    failed: new Set(),
    failingForges: new Set(),
    problems: [],
    succeeded: 0,
    failures: 0,
    skipped: 0,
  };
  for (const [index, op] of operations.entries()) {
    const blocker = blockerOf(op, pass);
    if (blocker !== undefined) {
      pass.skipped += 1;
      pass.failed.add(op.key);
      log("debug", `not yet: ${describeOperation(op)} (waits for ${blocker})`);
      continue;
    }
    try {
      await runOperation(client, op, ids);
      pass.succeeded += 1;
      log("info", describeOperation(op));
    } catch (error) {
      if ((await recordFailure(client, op, error, pass, log)) === "stop") {
        pass.skipped += operations.length - index - 1;
        break;
      }
    }
  }
  const { problems, succeeded, failures, skipped } = pass;
  return { problems, summary: { succeeded, failed: failures, skipped } };
}

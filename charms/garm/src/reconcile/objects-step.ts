/**
 * The GARM object step of the charm's reconcile: from every configurator unit (read once, in the
 * charm's state) and the debug-ssh relation to GARM's credentials, organisations/repositories,
 * templates and scalesets, through the reconcilers in this folder. Runs on the leader only,
 * after bootstrap.
 */
import type { HookContext, StatusToSet } from "@garm-charms/charm-runtime";
import type { GarmClient } from "@garm-charms/garm-client";
import { readWebhookSecret } from "../bootstrap/charm-secrets.js";
import { debugSshConnection } from "../relations/debug-ssh.js";
import { plannerManagedNames } from "../planner/scope.js";
import { readSharedSecretValue } from "../relations/shared-secrets.js";
import type { CharmState } from "../state.js";
import { blocked, STATUS_WAITING_SECRETS, waiting } from "../status.js";
import { buildDesiredState } from "./desired.js";
import type { ReconcileLog } from "./executor.js";
import { parseOwnershipRecord, serialiseOwnershipRecord, type OwnershipRecord } from "./ownership-record.js";
import type { ReconcileProblem } from "./problems.js";
import { reconcileGarmObjects, type ReconcileResult } from "./reconcile.js";

/** Everything the GARM object step gets. */
export interface GarmObjectsInput {
  /** Logged in as admin, controller URLs set. */
  readonly client: GarmClient;
  readonly ctx: HookContext;
  readonly state: CharmState;
}

/** The leader's controller-side state key of the ownership record (see reconcile/ownership-record.ts). */
export const OWNERSHIP_RECORD_KEY = "garm-ownership";

/** The stored record, serialised as stored; an unreadable one is logged and treated as none. */
async function readOwnershipRecord(ctx: HookContext): Promise<{ raw?: string; record?: OwnershipRecord }> {
  const raw = (await ctx.stateGet())[OWNERSHIP_RECORD_KEY];
  const record = parseOwnershipRecord(raw);
  if (raw !== undefined && record === undefined) {
    await ctx.log.warning(`Ignoring unreadable charm state ${OWNERSHIP_RECORD_KEY}; it is rebuilt`);
  }
  return { ...(raw === undefined ? {} : { raw }), ...(record === undefined ? {} : { record }) };
}

/** Stores the record when it changed, so a quiet hook calls no state-set. */
async function saveOwnershipRecord(ctx: HookContext, previous: string | undefined, next: OwnershipRecord) {
  const raw = serialiseOwnershipRecord(next);
  if (raw !== previous) await ctx.stateSet({ [OWNERSHIP_RECORD_KEY]: raw });
}

/**
 * What GARM should hold, from the configurator units in the charm's state and the stored record:
 * what the object step reconciles to and what the `plan` action reports on (nothing is saved).
 */
export async function desiredGarmObjects(ctx: HookContext, state: CharmState, webhookSecret: string) {
  const stored = await readOwnershipRecord(ctx);
  const desired = await buildDesiredState(state.configurators, {
    readSecret: (uri) => readSharedSecretValue(ctx, uri),
    webhookSecret,
    plannerManaged: plannerManagedNames(state.planner),
    ...(stored.record === undefined ? {} : { record: stored.record }),
  });
  return { desired, stored };
}

/** One status line for what the reconcile could not do: operator problems first. */
export function problemsStatus(problems: readonly ReconcileProblem[]): StatusToSet | undefined {
  const first = problems.find((p) => p.severity === "blocked") ?? problems[0];
  if (first === undefined) return undefined;
  const more = problems.length > 1 ? ` (+${String(problems.length - 1)} more in the log)` : "";
  const text = `${first.subject}: ${first.message}${more}`;
  return first.severity === "blocked" ? blocked(text) : waiting(text);
}

/**
 * Reconciles GARM's objects. Resolves with the status to show when something is left undone,
 * undefined when GARM matches; a GARM failure it cannot survive is thrown.
 */
export async function reconcileConfiguratorObjects({
  client,
  ctx,
  state,
}: GarmObjectsInput): Promise<StatusToSet | undefined> {
  const webhookSecret = await readWebhookSecret(ctx);
  if (webhookSecret === undefined) return waiting(STATUS_WAITING_SECRETS);
  const { desired, stored } = await desiredGarmObjects(ctx, state, webhookSecret);
  await saveOwnershipRecord(ctx, stored.raw, desired.record);
  // The reconcilers log synchronously; juju-log is a process per line. Chain the calls so lines
  // keep their order and a failing juju-log surfaces here instead of as an unhandled rejection.
  let logged: Promise<void> = Promise.resolve();
  const log: ReconcileLog = (level, message) => {
    logged = logged.then(() => ctx.log[level](message));
  };
  const sshDebug = await debugSshConnection(ctx);
  let result: ReconcileResult;
  try {
    result = await reconcileGarmObjects(
      client,
      desired,
      sshDebug === undefined ? { log } : { log, sshDebug },
    );
  } finally {
    await logged;
  }
  return problemsStatus(result.problems);
}

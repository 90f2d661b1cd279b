/**
 * The GARM object step of the reconcile: from every configurator unit's databag (and the debug-ssh
 * relation) to GARM's credentials, organisations/repositories, templates and scalesets, through
 * the reconcilers in ./reconcile/. Runs on the leader only, after bootstrap.
 */
import type { HookContext, StatusToSet } from "@garm-charms/charm-runtime";
import { readDebugSshConnections, type DebugSshConnection } from "@garm-charms/interfaces";
import type { GarmObjectsStep } from "./objects-step.js";
import { readWebhookSecret } from "./charm-secrets.js";
import { configuratorUnits } from "./configurator-providers.js";
import {
  buildDesiredState,
  parseOwnershipRecord,
  reconcileGarmObjects,
  serialiseOwnershipRecord,
  type OwnershipRecord,
  type ReconcileLog,
  type ReconcileProblem,
} from "./reconcile/index.js";
import { readSharedSecretValue } from "./relation-secrets.js";
import { blocked, STATUS_WAITING_SECRETS, waiting } from "./status.js";

export const DEBUG_SSH_ENDPOINT = "debug-ssh";

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

/** The tmate server runners should use: the first usable one, sorted by host and port. */
export async function debugSshConnection(ctx: HookContext): Promise<DebugSshConnection | undefined> {
  const relation = await ctx.relation(DEBUG_SSH_ENDPOINT);
  if (relation === undefined) return undefined;
  const bags: Record<string, Readonly<Record<string, string>>> = {};
  for (const unit of relation.remoteUnits) {
    if (unit !== relation.departingUnit) bags[unit] = await relation.remoteUnitData(unit).get();
  }
  const read = readDebugSshConnections(bags);
  for (const skipped of read.skipped.filter((s) => s.state === "invalid")) {
    await ctx.log.warning(
      `Ignoring debug-ssh data of ${skipped.unit}: ${skipped.problems.map((p) => p.message).join("; ")}`,
    );
  }
  return read.connections[0];
}

/** One status line for what the reconcile could not do: operator problems first. */
export function problemsStatus(problems: readonly ReconcileProblem[]): StatusToSet | undefined {
  const first = problems.find((p) => p.severity === "blocked") ?? problems[0];
  if (first === undefined) return undefined;
  const more = problems.length > 1 ? ` (+${String(problems.length - 1)} more in the log)` : "";
  const text = `${first.subject}: ${first.message}${more}`;
  return first.severity === "blocked" ? blocked(text) : waiting(text);
}

export const reconcileConfiguratorObjects: GarmObjectsStep = async ({ client, ctx }) => {
  const webhookSecret = await readWebhookSecret(ctx);
  if (webhookSecret === undefined) return waiting(STATUS_WAITING_SECRETS);
  const units = await configuratorUnits(ctx);
  const stored = await readOwnershipRecord(ctx);
  const desired = await buildDesiredState(units, {
    readSecret: (uri) => readSharedSecretValue(ctx, uri),
    webhookSecret,
    ...(stored.record === undefined ? {} : { record: stored.record }),
  });
  await saveOwnershipRecord(ctx, stored.raw, desired.record);
  // The reconcilers log synchronously; juju-log is a process per line. Chain the calls so lines
  // keep their order and a failing juju-log surfaces here instead of as an unhandled rejection.
  let logged: Promise<void> = Promise.resolve();
  const log: ReconcileLog = (level, message) => {
    logged = logged.then(() => ctx.log[level](message));
  };
  const sshDebug = await debugSshConnection(ctx);
  let result: Awaited<ReturnType<typeof reconcileGarmObjects>>;
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
};

/**
 * The `plan` action: what the next reconcile would change in GARM, without writing anything (to
 * GARM, Juju or the charm's state). It starts from the very inputs the leader's object step uses
 * (the configurator units, the stored ownership record, the debug-ssh relation), reads GARM the
 * same way and runs the same diff, without the executor, so the plan and the run cannot disagree.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { GarmClient } from "@garm-charms/garm-client";
import { readAdminCredentials, readWebhookSecret } from "../bootstrap/charm-secrets.js";
import { describeGarmFailure, isGarmFailure } from "../garm-failure.js";
import { desiredGarmObjects } from "../reconcile/objects-step.js";
import { observeGarm } from "../reconcile/observed.js";
import { describeOperation, type Operation } from "../reconcile/operations.js";
import { keptObjects } from "../reconcile/plan-report.js";
import { planReconcile } from "../reconcile/plan.js";
import { debugSshConnection } from "../relations/debug-ssh.js";
import { readCharmState } from "../state.js";

export const PLAN_ACTION = "plan";

export interface PlanActionOptions {
  readonly garmUrl: string;
  readonly requestTimeoutMs: number;
}

/** One planned write, as the action reports it (never secret material). */
export interface PlannedOperation {
  readonly kind: Operation["kind"];
  readonly object: string;
  readonly description: string;
  /** Update only: the fields that drifted from what the configurators publish. */
  readonly drifted?: readonly string[];
}

export function plannedOperation(op: Operation): PlannedOperation {
  return {
    kind: op.kind,
    object: op.key,
    description: describeOperation(op),
    ...(op.kind === "update-scaleset" && { drifted: op.drifted }),
  };
}

/** `4 writes: 1 creates, 2 updates, 1 deletes; 3 kept` (re-creates and key rotations are updates). */
function summary(operations: readonly PlannedOperation[], kept: number): string {
  const count = (...prefixes: string[]) =>
    operations.filter((op) => prefixes.some((prefix) => op.kind.startsWith(prefix))).length;
  const updates = count("update", "rotate", "recreate");
  return `${operations.length} writes: ${count("create")} creates, ${updates} updates, ${count("delete")} deletes; ${kept} kept`;
}

/** What the action needs before it can read GARM; a failure message otherwise. */
async function planInputs(ctx: HookContext) {
  if (!(await ctx.isLeader()))
    return { failure: "plan runs on the leader unit, which reconciles GARM's objects" };
  const read = await readCharmState(ctx, true);
  if (read.kind === "no-database") return { failure: "GARM has no database: integrate postgresql first" };
  if (read.kind !== "ready") return { failure: `GARM is not configured yet: ${read.message}` };
  const admin = await readAdminCredentials(ctx);
  const webhookSecret = await readWebhookSecret(ctx);
  if (admin === undefined || webhookSecret === undefined)
    return { failure: "GARM's secrets are not created yet" };
  return { state: read.state, admin, webhookSecret };
}

async function planWithClient(ctx: HookContext, client: GarmClient): Promise<void> {
  const inputs = await planInputs(ctx);
  if (inputs.failure !== undefined) return ctx.failAction(inputs.failure);
  const { desired } = await desiredGarmObjects(ctx, inputs.state, inputs.webhookSecret);
  const sshDebug = await debugSshConnection(ctx);
  await client.login(inputs.admin.username, inputs.admin.password);
  const observed = await observeGarm(client);
  const plan = planReconcile(desired, observed, sshDebug);
  const operations = plan.operations.map(plannedOperation);
  const kept = keptObjects(desired, observed, sshDebug);
  const problems = [...desired.problems, ...plan.problems].map((p) => `${p.subject}: ${p.message}`);
  await ctx.setActionResults({
    summary: summary(operations, kept.length),
    operations: JSON.stringify(operations),
    kept: JSON.stringify(kept),
    problems: JSON.stringify(problems),
  });
}

export async function planAction(ctx: HookContext, options: PlanActionOptions): Promise<void> {
  const client = new GarmClient({ baseUrl: options.garmUrl, timeoutMs: options.requestTimeoutMs });
  try {
    await planWithClient(ctx, client);
  } catch (error) {
    if (!isGarmFailure(error)) throw error;
    await ctx.failAction(`GARM could not be read: ${describeGarmFailure(error)}`);
  } finally {
    await client.close();
  }
}

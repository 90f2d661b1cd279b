/**
 * Entry point: make GARM's credentials, organisations/repositories, templates and scale sets
 * match what the garm-configurator units publish. Call it after GARM is up, the controller URLs
 * are set and the client is logged in. One list call per kind, one GET of the system template;
 * writes only for what differs. Never throws for GARM errors: they come back as problems.
 */
import type { GarmClient } from "@garm-charms/garm-client";
import type { DebugSshConnection } from "@garm-charms/interfaces";
import { isGarmFailure } from "../garm-failure.js";
import { entityKey, type DesiredState } from "./desired.js";
import { observedEntities } from "./entities.js";
import { executeOperations, type ReconcileLog } from "./executor.js";
import { observeGarm, type ObservedState } from "./observed.js";
import { isCharmTemplate } from "./ownership.js";
import { planReconcile } from "./plan.js";
import { problem, type ReconcileProblem } from "./problems.js";

export interface ReconcileOptions {
  readonly log: ReconcileLog;
  /** The tmate server runners should use for debug-ssh, when one is related. */
  readonly sshDebug?: DebugSshConnection;
}

export interface ReconcileSummary {
  /** Writes planned this pass; 0 means GARM already matched. */
  readonly planned: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Not attempted because a prerequisite failed (or GARM went away). */
  readonly skipped: number;
}

export interface ReconcileResult {
  /** Units still publishing, collisions with objects made by hand, failed writes; for status and log. */
  readonly problems: readonly ReconcileProblem[];
  readonly summary: ReconcileSummary;
}

function executionContext(observed: ObservedState) {
  const entityIds = new Map(
    observedEntities(observed.organisations, observed.repositories).map((e) => [
      entityKey(e.kind, e.name),
      e.id,
    ]),
  );
  const templateIds = new Map(observed.templates.filter(isCharmTemplate).map((t) => [t.name, t.id]));
  return { entityIds, templateIds };
}

export async function reconcileGarmObjects(
  client: GarmClient,
  desired: DesiredState,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const { log } = options;
  for (const unit of desired.followers) {
    log("debug", `unit ${unit} is not its configurator's leader: its leader's data runs the scaleset`);
  }
  let observed: ObservedState;
  try {
    observed = await observeGarm(client);
  } catch (err) {
    if (isGarmFailure(err)) {
      return {
        problems: [...desired.problems, problem("GARM", `could not be read: ${err.message}`, "waiting")],
        summary: { planned: 0, succeeded: 0, failed: 0, skipped: 0 },
      };
    }
    throw err;
  }
  const plan = planReconcile(desired, observed, options.sshDebug);
  for (const p of [...desired.problems, ...plan.problems]) log("warning", `${p.subject}: ${p.message}`);
  const execution = await executeOperations(client, plan.operations, {
    ...executionContext(observed),
    webhookSecret: desired.webhookSecret,
    log,
  });
  const summary: ReconcileSummary = { planned: plan.operations.length, ...execution.summary };
  // A settled controller needs no line per hook (each juju-log is a process); changes always get one.
  if (summary.planned > 0) {
    log(
      "info",
      `GARM reconcile: ${summary.planned} writes planned, ${summary.succeeded} done, ${summary.failed} failed, ${summary.skipped} deferred`,
    );
  }
  return { problems: [...desired.problems, ...plan.problems, ...execution.problems], summary };
}

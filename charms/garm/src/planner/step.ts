/**
 * The planner step of the garm charm's reconcile: on the leader, while a configurator links a
 * scale set to a planner, the pressure reconciler runs in its container with this charm
 * revision's code and a config file from the charm's state; anywhere else it is stopped and its
 * config file (it holds secrets) removed. Returns what the status should say.
 */
// `fs.promises` read at the call: node:fs/promises loads only for a planner-managed unit.
import { promises as fs } from "node:fs";
import { resolve } from "node:path";
import type { HookContext } from "@garm-charms/charm-runtime";
import { readAdminCredentials } from "../bootstrap/charm-secrets.js";
import { readSharedSecretValue } from "../relations/shared-secrets.js";
import { STATUS_WAITING_SECRETS } from "../status.js";
import { deliverReconciler, reconcilerCode, retireReconciler, type ReconcilerCode } from "./deliver.js";
import { RECONCILER_BUNDLE, RECONCILER_CONTAINER } from "./layout.js";
import { plannerOptionsSchema, RECONCILE_INTERVAL_OPTION } from "./options.js";
import type { PlannerScope } from "./scope.js";
import { renderServiceConfig } from "./service-config.js";
import { readStreamState, type StreamState } from "./stream-status.js";

export interface PlannerStepOptions {
  /** GARM's root URL from the pod (the charm's own). */
  readonly garmUrl: string;
  /** The service's bundle; relative paths are from the charm directory (dispatch's cwd). */
  readonly bundlePath?: string;
  readonly metricsUrl: string;
}

export type PlannerOutcome =
  /** No planner link: the charm owns every scale set's min idle runners, as without a planner. */
  | { readonly kind: "none" }
  /** A non-leader: the leader's service drives the scale sets. */
  | { readonly kind: "elsewhere" }
  | { readonly kind: "pending"; readonly severity: "waiting" | "blocked"; readonly message: string }
  | { readonly kind: "running"; readonly scalesets: number; readonly stream: StreamState };

export const STATUS_WAITING_RECONCILER_CONTAINER = "Waiting for the pressure-reconciler container";
export const STATUS_WAITING_PLANNER_TOKEN = "Waiting for a readable planner token secret";
export const STATUS_RECONCILER_CODE_MISSING = `The charm lacks ${RECONCILER_BUNDLE}: repack it with ./scripts/pack`;

async function firstReadableToken(ctx: HookContext, uris: readonly string[]): Promise<string | undefined> {
  for (const uri of uris) {
    const token = await readSharedSecretValue(ctx, uri);
    if (token !== undefined) return token;
  }
  return undefined;
}

async function readCode(bundlePath: string): Promise<ReconcilerCode | undefined> {
  try {
    return reconcilerCode(await fs.readFile(resolve(bundlePath)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Not the leader, or no planner link: nothing of the service may keep running here. */
async function retireIfPresent(ctx: HookContext): Promise<void> {
  const container = ctx.container(RECONCILER_CONTAINER);
  if (!(await container.canConnect())) return;
  const { stopped, configRemoved } = await retireReconciler(container.pebble);
  if (stopped) await ctx.log.info("Stopped the pressure reconciler (not the leader, or no planner link)");
  if (configRemoved) await ctx.log.info("Removed the pressure reconciler's config file");
}

const pending = (severity: "waiting" | "blocked", message: string): PlannerOutcome => ({
  kind: "pending",
  severity,
  message,
});

/** The leader with a planner link: deliver the code and config, run the service. */
async function runReconciler(
  ctx: HookContext,
  scope: PlannerScope,
  options: PlannerStepOptions,
): Promise<PlannerOutcome> {
  const container = ctx.container(RECONCILER_CONTAINER);
  if (!(await container.canConnect())) return pending("waiting", STATUS_WAITING_RECONCILER_CONTAINER);
  const code = await readCode(options.bundlePath ?? RECONCILER_BUNDLE);
  if (code === undefined) return pending("blocked", STATUS_RECONCILER_CODE_MISSING);
  const token = await firstReadableToken(ctx, scope.tokenSecretUris);
  if (token === undefined) return pending("waiting", STATUS_WAITING_PLANNER_TOKEN);
  const admin = await readAdminCredentials(ctx);
  if (admin === undefined) return pending("waiting", STATUS_WAITING_SECRETS);
  // Invalid: blocked, and the running service keeps the file (and the interval) it has.
  const checked = await ctx.checkConfig(plannerOptionsSchema);
  if (!checked.ok) return pending("blocked", checked.status.message);
  const config = renderServiceConfig({
    garmUrl: options.garmUrl,
    admin: { username: admin.username, password: admin.password },
    planner: { url: scope.endpoint, token },
    scalesets: scope.scalesets,
    reconcileIntervalSeconds: checked.config[RECONCILE_INTERVAL_OPTION],
  });
  const delivery = await deliverReconciler(container.pebble, code, config);
  if (delivery.codePushed) await ctx.log.info(`Pushed the pressure reconciler's code (sha256 ${code.hash})`);
  if (delivery.configPushed) {
    const names = scope.scalesets.map((scaleset) => scaleset.name).join(", ");
    await ctx.log.info(`Wrote the pressure reconciler's config: planner-managed scale sets ${names}`);
  }
  if (delivery.service !== "running") await ctx.log.info(`Pressure reconciler ${delivery.service}`);
  const stream = await readStreamState(options.metricsUrl);
  return { kind: "running", scalesets: scope.scalesets.length, stream };
}

export async function reconcilePlannerService(
  ctx: HookContext,
  isLeader: boolean,
  scope: PlannerScope | undefined,
  options: PlannerStepOptions,
): Promise<PlannerOutcome> {
  if (scope === undefined || !isLeader) {
    await retireIfPresent(ctx);
    return scope === undefined ? { kind: "none" } : { kind: "elsewhere" };
  }
  if (scope.ignored.length > 0) {
    await ctx.log.warning(
      `Planner links of ${scope.ignored.join(", ")} name another planner endpoint than the first link's; ` +
        "their scale sets stay charm-managed (one planner per GARM)",
    );
  }
  return runReconciler(ctx, scope, options);
}

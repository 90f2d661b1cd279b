/**
 * The workload step of a hook: render the workload from validated inputs, bring the container to
 * it (apply-workload.ts) and log what changed, provider names only (their files hold credentials).
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { applyWorkload } from "./apply-workload.js";
import { GarmConfigError } from "./config-toml.js";
import { desiredWorkload, type DesiredWorkload, type WorkloadInput } from "./desired-workload.js";
import { GARM_CONTAINER } from "./layout.js";
import { ProviderFilesError } from "./provider-files.js";

export type WorkloadStepResult =
  | { readonly kind: "applied"; readonly desired: DesiredWorkload }
  /** The inputs cannot make a valid GARM config; `message` names the problem, never a value. */
  | { readonly kind: "invalid"; readonly message: string };

async function logConfigured(ctx: HookContext, desired: DesiredWorkload): Promise<void> {
  const kept = desired.retainedProviderNames;
  const keptNote = kept.length === 0 ? "" : ` (kept until GARM no longer uses them: ${kept.join(", ")})`;
  const names = desired.providerNames.length === 0 ? "(none)" : desired.providerNames.join(", ");
  await ctx.log.info(`Configured GARM with providers: ${names}${keptNote}`);
}

export async function configureWorkload(ctx: HookContext, input: WorkloadInput): Promise<WorkloadStepResult> {
  let desired: DesiredWorkload;
  try {
    desired = desiredWorkload(input);
  } catch (error) {
    if (!(error instanceof GarmConfigError || error instanceof ProviderFilesError)) throw error;
    await ctx.log.warning(error.message);
    return { kind: "invalid", message: error.message };
  }
  const applied = await applyWorkload(ctx.container(GARM_CONTAINER).pebble, desired);
  if (applied.outcome === "config-changed") await logConfigured(ctx, desired);
  if (applied.outcome === "restarted")
    await ctx.log.info("GARM was not running with the current config; replanned");
  for (const path of applied.removedFiles) await ctx.log.info(`Removed stale provider file ${path}`);
  return { kind: "applied", desired };
}

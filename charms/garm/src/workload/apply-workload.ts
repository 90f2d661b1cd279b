/**
 * Brings the GARM container to a DesiredWorkload with as few Pebble writes as possible: nothing
 * at all when the running plan already carries the desired config hash and GARM is running.
 * Otherwise: push every file (0600), add the layer, replan, then remove provider files that no
 * provider uses any more (they hold OpenStack credentials).
 */
import type { DesiredWorkload } from "./desired-workload.js";
import { GARM_CONFIG_DIR, WORKLOAD_FILE_PERMISSIONS } from "./layout.js";
import { GARM_LAYER_LABEL, GARM_SERVICE, needsReplan, type GarmPebbleLayer } from "./pebble-layer.js";
import { staleProviderFiles } from "./provider-files.js";

/** The part of the runtime's PebbleClient this needs (PebbleClient satisfies it). */
export interface WorkloadPebble {
  getPlan(): Promise<unknown>;
  getServices(
    names?: readonly string[],
  ): Promise<readonly { readonly name: string; readonly current: string }[]>;
  push(
    path: string,
    content: string,
    opts: { readonly permissions?: number; readonly makeDirs?: boolean },
  ): Promise<void>;
  listFiles(path: string): Promise<readonly { readonly path: string }[]>;
  removePath(path: string): Promise<void>;
  addLayer(label: string, layer: GarmPebbleLayer, opts: { readonly combine?: boolean }): Promise<void>;
  replan(): Promise<unknown>;
}

export interface ApplyWorkloadResult {
  /** `config-changed`: files pushed, layer added, replanned. `restarted`: same config, GARM was
   * not running, replanned. `unchanged`: no write at all. */
  readonly outcome: "config-changed" | "restarted" | "unchanged";
  readonly removedFiles: readonly string[];
}

export async function applyWorkload(
  pebble: WorkloadPebble,
  desired: DesiredWorkload,
): Promise<ApplyWorkloadResult> {
  const plan = await pebble.getPlan();
  if (!needsReplan(plan, desired.configHash)) {
    // The plan can carry the new hash while GARM is down (a replan that failed after the layer
    // was added, a crash loop that gave up): start it again rather than trust the plan alone.
    const [service] = await pebble.getServices([GARM_SERVICE]);
    if (service?.current === "active") return { outcome: "unchanged", removedFiles: [] };
    await pebble.replan();
    return { outcome: "restarted", removedFiles: [] };
  }

  for (const file of desired.files) {
    await pebble.push(file.path, file.content, { permissions: WORKLOAD_FILE_PERMISSIONS, makeDirs: true });
  }
  await pebble.addLayer(GARM_LAYER_LABEL, desired.layer, { combine: true });
  await pebble.replan();

  const present = (await pebble.listFiles(GARM_CONFIG_DIR)).map((entry) => entry.path);
  const stale = staleProviderFiles(present, desired.providerNames);
  for (const path of stale) await pebble.removePath(path);
  return { outcome: "config-changed", removedFiles: stale };
}

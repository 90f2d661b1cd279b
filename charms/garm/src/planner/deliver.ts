/**
 * Brings the pressure reconciler's container to the desired code and config with as few Pebble
 * writes as possible: the code only when its hash differs from the one pushed last, the config
 * only when its content differs, the layer and a replan only when the code changed or the
 * service is not running. A config change alone is a push: the service watches its file and
 * reloads it without losing its held totals.
 */
import { createHash } from "node:crypto";
import { PebblePathError, type PebbleClient } from "@garm-charms/charm-runtime/pebble";
import { planCodeHash, reconcilerPebbleLayer } from "./layer.js";
import {
  RECONCILER_CODE_HASH_PATH,
  RECONCILER_CODE_PATH,
  RECONCILER_CODE_PERMISSIONS,
  RECONCILER_CONFIG_PATH,
  RECONCILER_CONFIG_PERMISSIONS,
  RECONCILER_LAYER_LABEL,
  RECONCILER_SERVICE,
} from "./layout.js";

/** The service's bundle, as shipped in this charm revision. */
export interface ReconcilerCode {
  readonly content: Uint8Array;
  /** sha256, hex. */
  readonly hash: string;
}

export function reconcilerCode(content: Uint8Array): ReconcilerCode {
  return { content, hash: createHash("sha256").update(content).digest("hex") };
}

export interface Delivery {
  readonly codePushed: boolean;
  readonly configPushed: boolean;
  /** `started`: layer added and replanned (new code, or first start); `restarted`: same layer, the
   * service was not running; `running`: left alone. */
  readonly service: "started" | "restarted" | "running";
}

/** A text file's content, or undefined when it does not exist. */
async function pullIfPresent(pebble: PebbleClient, path: string): Promise<string | undefined> {
  try {
    return await pebble.pull(path);
  } catch (error) {
    if (error instanceof PebblePathError && error.kind === "not-found") return undefined;
    throw error;
  }
}

async function ensureCode(pebble: PebbleClient, code: ReconcilerCode): Promise<boolean> {
  if ((await pullIfPresent(pebble, RECONCILER_CODE_HASH_PATH))?.trim() === code.hash) return false;
  const mode = { permissions: RECONCILER_CODE_PERMISSIONS, makeDirs: true };
  await pebble.push(RECONCILER_CODE_PATH, code.content, mode);
  // After the code: a push that failed half-way leaves a stale hash, so the next hook pushes again.
  await pebble.push(RECONCILER_CODE_HASH_PATH, `${code.hash}\n`, mode);
  return true;
}

async function ensureConfig(pebble: PebbleClient, config: string): Promise<boolean> {
  if ((await pullIfPresent(pebble, RECONCILER_CONFIG_PATH)) === config) return false;
  await pebble.push(RECONCILER_CONFIG_PATH, config, {
    permissions: RECONCILER_CONFIG_PERMISSIONS,
    makeDirs: true,
  });
  return true;
}

async function isRunning(pebble: PebbleClient): Promise<boolean> {
  const [service] = await pebble.getServices([RECONCILER_SERVICE]);
  return service?.current === "active";
}

/** Code and config first (the service refuses to start without its file), then the layer. */
export async function deliverReconciler(
  pebble: PebbleClient,
  code: ReconcilerCode,
  config: string,
): Promise<Delivery> {
  const codePushed = await ensureCode(pebble, code);
  const configPushed = await ensureConfig(pebble, config);
  if (planCodeHash(await pebble.getPlan()) !== code.hash) {
    await pebble.addLayer(RECONCILER_LAYER_LABEL, reconcilerPebbleLayer(code.hash), { combine: true });
    await pebble.replan();
    return { codePushed, configPushed, service: "started" };
  }
  if (await isRunning(pebble)) return { codePushed, configPushed, service: "running" };
  await pebble.replan();
  return { codePushed, configPushed, service: "restarted" };
}

/** What `retireReconciler` did, for the log. */
export interface Retirement {
  readonly stopped: boolean;
  readonly configRemoved: boolean;
}

/** Stops the service and removes its config file (it holds secrets); the code may stay. */
export async function retireReconciler(pebble: PebbleClient): Promise<Retirement> {
  const stopped = await isRunning(pebble);
  if (stopped) await pebble.stopServices([RECONCILER_SERVICE]);
  const configRemoved = await pebble.exists(RECONCILER_CONFIG_PATH);
  if (configRemoved) await pebble.removePath(RECONCILER_CONFIG_PATH);
  return { stopped, configRemoved };
}

/**
 * Brings the `planner` container to the desired code, token file and layer with as few Pebble
 * writes as possible: each file only when its content differs, the layer and a replan only when
 * the command or the code changed, a restart when only the token changed (the fake reads it at
 * start), a replan when the service is not running.
 */
import { createHash } from "node:crypto";

import {
  PebblePathError,
  type PebbleClient,
  type PebbleServicesLayer,
} from "@garm-charms/charm-runtime/pebble";

import {
  NODE_BINARY,
  PLANNER_CODE_HASH_PATH,
  PLANNER_CODE_PATH,
  PLANNER_CODE_PERMISSIONS,
  PLANNER_LAYER_LABEL,
  PLANNER_SERVICE,
  PLANNER_TOKEN_PATH,
  PLANNER_TOKEN_PERMISSIONS,
} from "./layout.js";

/** Environment entry recording which code the service runs, so new code changes the layer. */
export const CODE_HASH_VARIABLE = "code_hash";

export interface ServiceSpec {
  readonly code: Uint8Array;
  readonly token: string;
  readonly listenAddress: string;
  readonly port: number;
}

export type PlannerLayer = PebbleServicesLayer;

export function sha256(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** No secret here: the token is read from its file only. */
export function plannerLayer(spec: Omit<ServiceSpec, "token">): PlannerLayer {
  const command = [
    NODE_BINARY,
    PLANNER_CODE_PATH,
    `--port ${String(spec.port)}`,
    `--host ${spec.listenAddress}`,
    `--token-file ${PLANNER_TOKEN_PATH}`,
  ].join(" ");
  return {
    summary: "The planner fake: a stand-in for the GitHub runner planner",
    services: {
      [PLANNER_SERVICE]: {
        override: "replace",
        summary: "Planner routes, bearer auth and NDJSON pressure stream, with a control endpoint",
        command,
        startup: "enabled",
        environment: { [CODE_HASH_VARIABLE]: sha256(spec.code) },
      },
    },
  };
}

async function pullIfPresent(pebble: PebbleClient, path: string): Promise<Uint8Array | undefined> {
  try {
    const content = await pebble.pull(path, { encoding: null });
    return typeof content === "string" ? Buffer.from(content) : content;
  } catch (error) {
    if (error instanceof PebblePathError && error.kind === "not-found") return undefined;
    throw error;
  }
}

async function ensureFile(
  pebble: PebbleClient,
  path: string,
  content: Uint8Array,
  permissions: number,
): Promise<boolean> {
  const current = await pullIfPresent(pebble, path);
  if (current !== undefined && Buffer.from(current).equals(Buffer.from(content))) return false;
  await pebble.push(path, content, { permissions, makeDirs: true });
  return true;
}

function sameService(
  plan: { readonly services: Readonly<Record<string, unknown>> },
  layer: PlannerLayer,
): boolean {
  const running = plan.services[PLANNER_SERVICE] as Readonly<Record<string, unknown>> | undefined;
  const wanted = layer.services[PLANNER_SERVICE];
  if (running === undefined || wanted === undefined) return false;
  const environment = running["environment"] as Readonly<Record<string, unknown>> | undefined;
  return (
    running["command"] === wanted.command &&
    environment?.[CODE_HASH_VARIABLE] === wanted.environment[CODE_HASH_VARIABLE]
  );
}

export type ServiceOutcome = "started" | "restarted" | "running";

async function isRunning(pebble: PebbleClient): Promise<boolean> {
  const [service] = await pebble.getServices([PLANNER_SERVICE]);
  return service?.current === "active";
}

/**
 * The code by its hash file (pulling the whole bundle on every hook would cost more than the
 * hook); the hash is written after the code, so a push that failed half-way is redone.
 */
async function ensureCode(pebble: PebbleClient, code: Uint8Array): Promise<void> {
  const hash = Buffer.from(`${sha256(code)}\n`);
  const current = await pullIfPresent(pebble, PLANNER_CODE_HASH_PATH);
  if (current !== undefined && Buffer.from(current).equals(hash)) return;
  await pebble.push(PLANNER_CODE_PATH, code, { permissions: PLANNER_CODE_PERMISSIONS, makeDirs: true });
  await pebble.push(PLANNER_CODE_HASH_PATH, hash, { permissions: PLANNER_CODE_PERMISSIONS, makeDirs: true });
}

/** Files first (the fake refuses to start without its token file), then the layer. */
export async function deliverPlanner(pebble: PebbleClient, spec: ServiceSpec): Promise<ServiceOutcome> {
  await ensureCode(pebble, spec.code);
  const tokenChanged = await ensureFile(
    pebble,
    PLANNER_TOKEN_PATH,
    Buffer.from(spec.token),
    PLANNER_TOKEN_PERMISSIONS,
  );
  const layer = plannerLayer(spec);
  if (!sameService(await pebble.getPlan(), layer)) {
    await pebble.addLayer(PLANNER_LAYER_LABEL, layer, { combine: true });
    await pebble.replan();
    return "started";
  }
  if (!(await isRunning(pebble))) {
    await pebble.replan();
    return "started";
  }
  if (!tokenChanged) return "running";
  await pebble.restartServices([PLANNER_SERVICE]);
  return "restarted";
}

/** Not the leader: the leader's service is the planner; stop this one and drop its token file. */
export async function retirePlanner(pebble: PebbleClient): Promise<boolean> {
  const stopped = await isRunning(pebble);
  if (stopped) await pebble.stopServices([PLANNER_SERVICE]);
  if (await pebble.exists(PLANNER_TOKEN_PATH)) await pebble.removePath(PLANNER_TOKEN_PATH);
  return stopped;
}

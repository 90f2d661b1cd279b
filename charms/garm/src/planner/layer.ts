/**
 * The Pebble layer that runs the pressure reconciler in its own container. The layer carries the
 * sha256 of the code, so new code (a charm upgrade) changes the service definition and a replan
 * restarts it; a config change does not touch the layer (the service reloads its file itself and
 * keeps its held totals).
 */
import type { PebbleServicesLayer } from "@garm-charms/charm-runtime/pebble";

import { planServiceVariable } from "../workload/pebble-layer.js";
import { NODE_BINARY, RECONCILER_CODE_PATH, RECONCILER_CONFIG_PATH, RECONCILER_SERVICE } from "./layout.js";

/** Environment entry recording which code the service runs. */
export const CODE_HASH_VARIABLE = "code_hash";

export type ReconcilerPebbleLayer = PebbleServicesLayer;

/** No secret here: the password and token are read from the config file only. */
export function reconcilerPebbleLayer(codeHash: string): ReconcilerPebbleLayer {
  return {
    summary: "The pressure reconciler: min_idle_runners of planner-managed scale sets",
    services: {
      [RECONCILER_SERVICE]: {
        override: "replace",
        summary: "Planner pressure to GARM scale set sizes",
        command: `${NODE_BINARY} ${RECONCILER_CODE_PATH} --config ${RECONCILER_CONFIG_PATH}`,
        startup: "enabled",
        environment: { [CODE_HASH_VARIABLE]: codeHash },
      },
    },
  };
}

/** The code hash the plan's service carries; undefined without the service (or an unreadable plan). */
export function planCodeHash(plan: unknown): string | undefined {
  return planServiceVariable(plan, RECONCILER_SERVICE, CODE_HASH_VARIABLE);
}

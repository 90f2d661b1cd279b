/**
 * The Pebble layer that runs the pressure reconciler in its own container. The layer carries the
 * sha256 of the code, so new code (a charm upgrade) changes the service definition and a replan
 * restarts it; a config change does not touch the layer (the service reloads its file itself and
 * keeps its held totals).
 */
import { z } from "zod";
import { NODE_BINARY, RECONCILER_CODE_PATH, RECONCILER_CONFIG_PATH, RECONCILER_SERVICE } from "./layout.js";

/** Environment entry recording which code the service runs. */
export const CODE_HASH_VARIABLE = "code_hash";

/** A type alias (not an interface) so that it fits the runtime's open-ended PebbleLayer type. */
export type ReconcilerPebbleLayer = {
  readonly summary: string;
  readonly services: Readonly<
    Record<
      string,
      {
        readonly override: "replace";
        readonly summary: string;
        readonly command: string;
        readonly startup: "enabled";
        readonly environment: Readonly<Record<string, string>>;
      }
    >
  >;
};

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

const planSchema = z.object({
  services: z
    .record(
      z.string(),
      z
        .object({ environment: z.record(z.string(), z.unknown()).nullish() })
        .loose()
        .nullish(),
    )
    .nullish(),
});

/** The code hash the plan's service carries; undefined without the service (or an unreadable plan). */
export function planCodeHash(plan: unknown): string | undefined {
  const parsed = planSchema.safeParse(plan);
  if (!parsed.success) return undefined;
  const value = parsed.data.services?.[RECONCILER_SERVICE]?.environment?.[CODE_HASH_VARIABLE];
  return typeof value === "string" ? value : undefined;
}

/**
 * The Pebble layer that runs GARM, and the replan decision. The layer's environment carries a
 * hash of everything GARM reads at start-up (config.toml, the provider files, the proxy
 * variables), so a changed input changes the service definition and a replan restarts GARM; an
 * unchanged one leaves the running service alone. The hash is read back from the live Pebble
 * plan, never from a file: the plan is what GARM was actually started with.
 */
import { createHash } from "node:crypto";
import type { PebbleService, PebbleServicesLayer } from "@garm-charms/charm-runtime/pebble";
import * as z from "zod";
import { GARM_BINARY, GARM_CONFIG_PATH, type WorkloadFile } from "./layout.js";
import type { ProxyEnvironment } from "./proxy-environment.js";

export const GARM_SERVICE = "garm";
export const GARM_LAYER_LABEL = "garm";
/** Environment entry that records the config hash in the service definition. */
export const CONFIG_HASH_VARIABLE = "config_hash";

export type GarmPebbleService = PebbleService;
export type GarmPebbleLayer = PebbleServicesLayer;

export interface ConfigHashInput {
  readonly configToml: string;
  readonly providerFiles: readonly WorkloadFile[];
  readonly proxyEnvironment: ProxyEnvironment;
}

/**
 * sha256 (hex) over the rendered inputs. Files and variables are sorted and the whole is
 * JSON-encoded, so neither ordering nor a value that looks like a separator changes the hash.
 */
export function configHash(input: ConfigHashInput): string {
  const files = [...input.providerFiles]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => [file.path, file.content]);
  const proxy = Object.entries(input.proxyEnvironment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256")
    .update(JSON.stringify([input.configToml, files, proxy]))
    .digest("hex");
}

export interface GarmLayerInput {
  readonly configHash: string;
  /** Given to GARM itself; providers get it through config.toml's environment_variables. */
  readonly proxyEnvironment: ProxyEnvironment;
  /** Variables for GARM's database driver (the CA path when it verifies TLS). */
  readonly databaseEnvironment?: Readonly<Record<string, string>>;
}

/** The layer to add (combine) under GARM_LAYER_LABEL; `replace` so no stale variable survives. */
export function garmPebbleLayer(input: GarmLayerInput): GarmPebbleLayer {
  return {
    summary: "GARM, the GitHub Actions Runner Manager",
    services: {
      [GARM_SERVICE]: {
        override: "replace",
        summary: "GARM API server and runner manager",
        // Two dashes: GARM's cobra command line (since d846bf54) refuses `-config`; old GARM takes both.
        command: `${GARM_BINARY} --config ${GARM_CONFIG_PATH}`,
        // Enabled, so that replan starts it (and Pebble restarts it after a pod restart).
        startup: "enabled",
        environment: {
          ...input.proxyEnvironment,
          ...input.databaseEnvironment,
          [CONFIG_HASH_VARIABLE]: input.configHash,
        },
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

/**
 * A string the plan's `service` carries in its environment under `variable` (the charm records a
 * hash of what the service runs there); undefined without the service or from an unreadable plan.
 */
export function planServiceVariable(plan: unknown, service: string, variable: string): string | undefined {
  const parsed = planSchema.safeParse(plan);
  if (!parsed.success) return undefined;
  const value = parsed.data.services?.[service]?.environment?.[variable];
  return typeof value === "string" ? value : undefined;
}

/** The config hash the running plan's GARM service carries, if any. */
export function planConfigHash(plan: unknown): string | undefined {
  return planServiceVariable(plan, GARM_SERVICE, CONFIG_HASH_VARIABLE);
}

export function needsReplan(plan: unknown, desiredHash: string): boolean {
  return planConfigHash(plan) !== desiredHash;
}

/**
 * The service's configuration file: JSON written by the garm charm, mode 0600 (it holds the GARM
 * password and the planner token). Read, checked and turned into the typed Config here; nothing
 * else touches the file.
 */
import { readFile, stat } from "node:fs/promises";
import * as z from "zod";
import type { ScaleSetSpec } from "./core/reconciler-core.js";
import { ConfigError } from "./errors.js";

const MAX_CONFIG_BYTES = 1024 * 1024;
const count = z.number().int().nonnegative();
const seconds = z.number().positive().max(86_400);
const text = z.string().min(1);

const scaleSetWire = z
  .object({
    name: text,
    flavor: text,
    min_pressure: count.default(0),
    max_pressure: count.default(0),
    min_idle_floor: count.default(0),
    mode: z.enum(["subtract-assigned", "absolute"]).default("subtract-assigned"),
  })
  .strict();

const plannerWire = z
  .object({ url: z.string().optional(), token: z.string().optional() })
  .strict()
  .refine((p) => (p.url ?? "") !== "" && (p.token ?? "") !== "", {
    message: "partial planner configuration: url and token go together (or set planner to null)",
  });

const configWire = z
  .object({
    garm: z.object({ url: z.url(), username: text, password: text, ca_cert: z.string().optional() }).strict(),
    planner: plannerWire.nullable().default(null),
    reconcile_interval_minutes: z.number().positive().max(1440).default(5),
    put_min_interval_s: z.number().nonnegative().max(3600).default(5),
    assigned_poll_s: seconds.default(2),
    stream: z
      .object({
        idle_timeout_s: seconds.default(300),
        backoff_initial_s: seconds.default(1),
        backoff_max_s: seconds.default(60),
      })
      .strict()
      .default({ idle_timeout_s: 300, backoff_initial_s: 1, backoff_max_s: 60 }),
    metrics: z
      .object({ host: text.default("0.0.0.0"), port: z.number().int().min(0).max(65535).default(9464) })
      .strict()
      .default({ host: "0.0.0.0", port: 9464 }),
    scalesets: z.array(scaleSetWire),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const key of ["name", "flavor"] as const) {
      const seen = new Set<string>();
      for (const s of c.scalesets) {
        if (seen.has(s[key]))
          ctx.addIssue({ code: "custom", message: `scale set ${key} "${s[key]}" is listed twice` });
        seen.add(s[key]);
      }
    }
  });

export interface GarmSettings {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** PEM bundle to trust for an https GARM URL. */
  readonly caCert: string | undefined;
}

export interface PlannerSettings {
  readonly url: string;
  readonly token: string;
}

export interface Config {
  readonly garm: GarmSettings;
  /** Null: no planner (relation absent); the total is each scale set's minimum pressure. */
  readonly planner: PlannerSettings | null;
  readonly reconcileIntervalMs: number;
  readonly putMinIntervalMs: number;
  readonly assignedPollMs: number;
  readonly stream: {
    readonly idleTimeoutMs: number;
    readonly backoffInitialMs: number;
    readonly backoffMaxMs: number;
  };
  readonly metrics: { readonly host: string; readonly port: number };
  readonly scaleSets: readonly ScaleSetSpec[];
}

function toConfig(wire: z.output<typeof configWire>): Config {
  return {
    garm: {
      url: wire.garm.url,
      username: wire.garm.username,
      password: wire.garm.password,
      caCert: wire.garm.ca_cert,
    },
    planner: wire.planner === null ? null : { url: wire.planner.url!, token: wire.planner.token! },
    reconcileIntervalMs: wire.reconcile_interval_minutes * 60_000,
    putMinIntervalMs: wire.put_min_interval_s * 1000,
    assignedPollMs: wire.assigned_poll_s * 1000,
    stream: {
      idleTimeoutMs: wire.stream.idle_timeout_s * 1000,
      backoffInitialMs: wire.stream.backoff_initial_s * 1000,
      backoffMaxMs: wire.stream.backoff_max_s * 1000,
    },
    metrics: wire.metrics,
    scaleSets: wire.scalesets.map((s) => ({
      name: s.name,
      flavor: s.flavor,
      minPressure: s.min_pressure,
      maxPressure: s.max_pressure,
      minIdleFloor: s.min_idle_floor,
      mode: s.mode,
    })),
  };
}

/** Checks parsed JSON. Messages name fields and rules, never values (the file holds secrets). */
export function parseConfig(value: unknown, source: string): Config {
  const parsed = configWire.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(
      `${source}: invalid configuration: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`,
    );
  }
  return toConfig(parsed.data);
}

/** Reads the file the charm wrote; refuses one that others can read, or that does not parse. */
export async function readConfigFile(path: string): Promise<Config> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ConfigError(
      `${path}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  if (!info.isFile()) throw new ConfigError(`${path}: the configuration is not a regular file`);
  const mode = info.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const shown = mode.toString(8).padStart(4, "0");
    throw new ConfigError(`${path}: mode ${shown} lets others read the secrets it holds; it must be 0600`);
  }
  if (info.size > MAX_CONFIG_BYTES) throw new ConfigError(`${path}: larger than ${MAX_CONFIG_BYTES} bytes`);
  const raw = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a secret.
    throw new ConfigError(`${path}: the configuration is not valid JSON`);
  }
  return parseConfig(value, path);
}

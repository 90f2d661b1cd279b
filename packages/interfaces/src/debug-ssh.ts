/**
 * `debug-ssh` interface, requirer side (provider: tmate-ssh-server). Each provider unit publishes
 * how runners reach its tmate server; the requirer writes nothing. The values end up in a shell
 * file on every runner, so they are validated strictly here, not only checked for newlines.
 */
import * as z from "zod";
import type { DatabagProblem, DatabagRead } from "./validators.js";

type Databag = Readonly<Record<string, string>>;

export interface DebugSshConnection {
  /** tmate server address (the provider unit's IP). */
  readonly host: string;
  readonly port: number;
  /** `SHA256:<unpadded base64>` of the server's RSA host key. */
  readonly rsaFingerprint: string;
  /** `SHA256:<unpadded base64>` of the server's Ed25519 host key. */
  readonly ed25519Fingerprint: string;
}

const DEBUG_SSH_KEYS = ["host", "port", "rsa_fingerprint", "ed25519_fingerprint"] as const;

const fingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{1,86}$/, "must be SHA256:<base64>");

const connectionSchema = z.object({
  host: z.string().regex(/^[A-Za-z0-9._:-]{1,253}$/, "must be an IP address or host name"),
  port: z
    .string()
    .regex(/^[0-9]{1,5}$/, "must be a port number")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be a port number").max(65535, "must be a port number")),
  rsa_fingerprint: fingerprintSchema,
  ed25519_fingerprint: fingerprintSchema,
});

export type DebugSshUnitResult = DatabagRead<DebugSshConnection>;

/** One provider unit's databag. Missing or empty keys mean "not ready yet". Never throws. */
export function readDebugSshUnit(bag: Databag): DebugSshUnitResult {
  const missing = DEBUG_SSH_KEYS.filter((key) => (bag[key] ?? "") === "");
  if (missing.length > 0) {
    return {
      ok: false,
      state: "incomplete",
      missing,
      problems: missing.map((key) => ({ key, message: `${key} not published yet` })),
    };
  }
  const parsed = connectionSchema.safeParse(bag);
  if (!parsed.success) {
    return {
      ok: false,
      state: "invalid",
      problems: parsed.error.issues.map((issue) => ({
        key: String(issue.path[0] ?? ""),
        message: `${String(issue.path[0] ?? "data")} ${issue.message}`,
      })),
    };
  }
  return {
    ok: true,
    value: {
      host: parsed.data.host,
      port: parsed.data.port,
      rsaFingerprint: parsed.data.rsa_fingerprint,
      ed25519Fingerprint: parsed.data.ed25519_fingerprint,
    },
  };
}

export interface DebugSshSkippedUnit {
  readonly unit: string;
  readonly state: "incomplete" | "invalid";
  readonly problems: readonly DatabagProblem[];
}

export interface DebugSshConnections {
  /** Usable connections, sorted by host then port (the first one is the one runners get). */
  readonly connections: readonly DebugSshConnection[];
  /** Units left out, with why, for logging. */
  readonly skipped: readonly DebugSshSkippedUnit[];
}

/** All remote units' databags of one relation, keyed by unit name (`tmate-ssh-server/0`). */
export function readDebugSshConnections(units: Readonly<Record<string, Databag>>): DebugSshConnections {
  const connections: DebugSshConnection[] = [];
  const skipped: DebugSshSkippedUnit[] = [];
  for (const unit of Object.keys(units).sort()) {
    const result = readDebugSshUnit(units[unit] ?? {});
    if (result.ok) connections.push(result.value);
    else skipped.push({ unit, state: result.state, problems: result.problems });
  }
  connections.sort((a, b) => (a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1));
  return { connections, skipped };
}

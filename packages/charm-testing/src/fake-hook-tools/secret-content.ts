import { readFile } from "node:fs/promises";
import { runError, usageError } from "./errors.js";
import type { SecretRotatePolicy } from "../state.js";

const KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;
const ROTATE_POLICIES: readonly SecretRotatePolicy[] = [
  "never",
  "hourly",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "yearly",
];

/**
 * Reads secret content arguments the three ways Juju accepts them: `key=value`,
 * `key#base64=<b64>` and `key#file=<path>` (what the runtime uses, so values never sit in argv).
 */
export async function readSecretContent(pairs: readonly string[]): Promise<Record<string, string>> {
  const content: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw usageError(`invalid key value "${pair}"`);
    const spec = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const [key = "", encoding] = spec.split("#", 2);
    if (!KEY.test(key)) throw usageError(`invalid key "${key}"`);
    if (encoding === undefined) content[key] = raw;
    else if (encoding === "base64") content[key] = Buffer.from(raw, "base64").toString("utf8");
    else if (encoding === "file") {
      try {
        content[key] = await readFile(raw, "utf8");
      } catch {
        throw runError(`cannot read secret content for key "${key}" from file ${raw}`);
      }
    } else throw usageError(`invalid key "${spec}"`);
  }
  return content;
}

export function parseRotatePolicy(value: string): SecretRotatePolicy {
  const policy = ROTATE_POLICIES.find((p) => p === value);
  if (policy === undefined) throw usageError(`rotate policy "${value}" not valid`);
  return policy;
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** `--expire` accepts RFC 3339, `2006-01-02T15:04:05` (UTC) or a Go duration from now. */
export function parseExpire(value: string, now: Date = new Date()): string {
  if (/^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(value)) {
    let ms = 0;
    for (const [, amount, unit] of value.matchAll(DURATION_PART))
      ms += Number(amount) * (UNIT_MS[unit ?? ""] ?? 0);
    return new Date(now.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  const text = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value) ? `${value}Z` : value;
  const isRfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(text);
  const parsed = new Date(text);
  if (!isRfc3339 || Number.isNaN(parsed.getTime())) {
    throw usageError(`expire time or duration "${value}" not valid`);
  }
  return parsed.toISOString().replace(/\.\d{3}Z$/, "Z");
}

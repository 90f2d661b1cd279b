/**
 * Secret content as `juju add-secret` / `update-secret` take it: `key=value`, `key#base64=<b64>`,
 * `key#file=<path>` arguments and `--file <yaml>` (a flat map, the same key forms). Keys follow
 * Juju's rule (lowercase letters, digits and single hyphens, at least 3 characters).
 */
import { readFileSync } from "node:fs";
import * as z from "zod";

import { JujuLocalError } from "./errors.js";
import { readYamlFile } from "./yaml-file.js";

const SECRET_KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;

const yamlContentSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

function keyError(key: string): JujuLocalError {
  return new JujuLocalError(
    `invalid secret key "${key}": use at least 3 lowercase letters, digits or single hyphens`,
    2,
  );
}

function readContentFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new JujuLocalError(`cannot read secret content file "${path}"`, 2);
  }
}

/** One `key[#base64|#file]` and its raw value, resolved to the plain text Juju stores. */
function entry(spec: string, raw: string): [string, string] {
  const [key = "", kind, ...rest] = spec.split("#");
  if (!SECRET_KEY.test(key) || rest.length > 0) throw keyError(spec);
  if (kind === undefined) return [key, raw];
  if (kind === "file") return [key, readContentFile(raw)];
  if (kind === "base64") return [key, Buffer.from(raw, "base64").toString("utf8")];
  throw new JujuLocalError(`invalid secret key suffix "#${kind}": use #base64 or #file`, 2);
}

/** The `key=value` arguments of add-secret / update-secret. */
export function secretArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const at = arg.indexOf("=");
    if (at <= 0) throw new JujuLocalError(`expected "key=value", got "${arg}"`, 2);
    const [key, value] = entry(arg.slice(0, at), arg.slice(at + 1));
    out[key] = value;
  }
  return out;
}

/** `--file <yaml>`: a flat map of the same key forms. */
export function secretFile(path: string): Record<string, string> {
  const parsed = yamlContentSchema.safeParse(readYamlFile(path, "secret content file"));
  if (!parsed.success) throw new JujuLocalError(`secret content file "${path}" is not a flat YAML map`, 2);
  const out: Record<string, string> = {};
  for (const [spec, value] of Object.entries(parsed.data)) {
    const [key, text] = entry(spec, String(value));
    out[key] = text;
  }
  return out;
}

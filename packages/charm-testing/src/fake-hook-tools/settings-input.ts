import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { runError, usageError } from "./errors.js";

/** A scalar setting as Juju's `map[string]string` decoding gives it; null means delete (""). */
function settingValue(key: string, value: unknown): string {
  if (value === null) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  throw runError(`cannot parse settings: value of "${key}" is not a string`);
}

/** The settings map of a `--file` document (`-` is stdin); an empty document sets nothing. */
async function readSettingsFile(file: string, stdin: string | undefined): Promise<Record<string, string>> {
  const text = file === "-" ? (stdin ?? "") : await readFile(file, "utf8");
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    throw runError(`cannot parse settings from ${file === "-" ? "stdin" : file}: invalid YAML`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== "object" || Array.isArray(document)) {
    throw runError("cannot parse settings: expected a map of strings");
  }
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(document)) settings[key] = settingValue(key, value);
  return settings;
}

/**
 * Reads the settings `relation-set` and `state-set` take: a YAML (or JSON) map from `--file`
 * (`-` is stdin), then `key=value` arguments on top. Scalars become strings as Juju's
 * `map[string]string` decoding does; an empty value means "delete this key".
 */
export async function readSettings(
  file: string | undefined,
  stdin: string | undefined,
  pairs: readonly string[],
): Promise<Record<string, string>> {
  const settings = file === undefined ? {} : await readSettingsFile(file, stdin);
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw usageError(`expected "key=value", got "${pair}"`);
    settings[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return settings;
}

/** Merge semantics of relation settings: set keys overwrite, empty values delete. */
export function mergeSettings(
  target: Record<string, string>,
  changes: Readonly<Record<string, string>>,
): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === "") Reflect.deleteProperty(target, key);
    else target[key] = value;
  }
}

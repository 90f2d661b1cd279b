/**
 * `juju run <unit> <action> key=value...`: juju parses each value as YAML (`pressure=3` is an
 * integer, `force=true` a boolean) unless `--string-args`, and nests dotted keys (`a.b=1` is
 * `{a: {b: 1}}`), so a charm's typed action schema sees what it would on Juju.
 */
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import { JujuLocalError } from "./errors.js";
import { readYamlFile } from "./yaml-file.js";

function parseValue(text: string, stringArgs: boolean): unknown {
  if (stringArgs || text === "") return text;
  try {
    return parseYaml(text) as unknown;
  } catch {
    // Not a YAML scalar (e.g. "a: b: c"): juju keeps such a value as it was typed.
    return text;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === "object" && next !== null && !Array.isArray(next))
      node = next as Record<string, unknown>;
    else node = node[key] = {};
  }
  node[path[path.length - 1]!] = value;
}

export function actionParams(
  args: readonly string[],
  options: { readonly stringArgs?: boolean } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of args) {
    const at = arg.indexOf("=");
    if (at <= 0) throw new JujuLocalError(`expected "key=value", got "${arg}"`, 2);
    setPath(out, arg.slice(0, at).split("."), parseValue(arg.slice(at + 1), options.stringArgs === true));
  }
  return out;
}

const paramsFileSchema = z.record(z.string(), z.unknown());

/** `juju run --params <file>`: a YAML map of parameters (checked, not cast: the file is the user's). */
export function actionParamsFile(path: string): Record<string, unknown> {
  const parsed = paramsFileSchema.safeParse(readYamlFile(path, "params file"));
  if (!parsed.success) throw new JujuLocalError(`params file "${path}" is not a YAML map of parameters`, 2);
  return parsed.data;
}

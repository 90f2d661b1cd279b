import { usageError } from "./errors.js";

/**
 * A small parser with the rules of juju/gnuflag as the hook tools use it: long (`--label x`,
 * `--label=x`) and short (`-r 3`, `-r=3`) options, flags interspersed with positional
 * arguments, `--` ending option parsing, and a lone `-` kept as a positional argument.
 */

export interface OptionSpec {
  /** Every spelling, without dashes: `["r", "relation"]`. The first is the canonical name. */
  readonly names: readonly string[];
  /** Boolean options take no separate value; `--app=false` still works. */
  readonly kind: "bool" | "string";
}

export interface ParsedArgs {
  /** By canonical name. Booleans are `"true"`/`"false"`; a repeated string option keeps the last. */
  readonly options: ReadonlyMap<string, string>;
  readonly positionals: readonly string[];
}

const TRUE_WORDS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_WORDS = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** Go's strconv.ParseBool, which gnuflag uses for `--flag=value`. */
export function parseGoBool(value: string): boolean | undefined {
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return undefined;
}

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of spec.names) byName.set(name, spec);

  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const dashes = arg.startsWith("--") ? "--" : "-";
    const body = arg.slice(dashes.length);
    const eq = body.indexOf("=");
    const name = eq === -1 ? body : body.slice(0, eq);
    const inlineValue = eq === -1 ? undefined : body.slice(eq + 1);
    const spec = byName.get(name);
    if (spec === undefined) throw usageError(`option provided but not defined: ${dashes}${name}`);
    const canonical = spec.names[0] ?? name;
    if (spec.kind === "bool") {
      if (inlineValue === undefined) {
        options.set(canonical, "true");
        continue;
      }
      const parsed = parseGoBool(inlineValue);
      if (parsed === undefined) {
        throw usageError(`invalid boolean value "${inlineValue}" for flag ${dashes}${name}`);
      }
      options.set(canonical, String(parsed));
      continue;
    }
    if (inlineValue !== undefined) {
      options.set(canonical, inlineValue);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined) throw usageError(`option needs an argument: ${dashes}${name}`);
    options.set(canonical, next);
    i++;
  }
  return { options, positionals };
}

/** `unrecognized args: ["a" "b"]`, as juju/cmd's CheckEmpty prints Go's %q of a slice. */
export function rejectExtraArgs(extra: readonly string[]): void {
  if (extra.length > 0) {
    throw usageError(`unrecognized args: [${extra.map((a) => JSON.stringify(a)).join(" ")}]`);
  }
}

export function isTrue(parsed: ParsedArgs, name: string): boolean {
  return parsed.options.get(name) === "true";
}

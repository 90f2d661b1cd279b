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

interface OptionWord {
  /** `--` or `-`, as typed: the error messages echo it. */
  readonly dashes: string;
  readonly name: string;
  /** The part after `=`, when the value was given inline. */
  readonly inlineValue: string | undefined;
}

function splitOptionWord(arg: string): OptionWord {
  const dashes = arg.startsWith("--") ? "--" : "-";
  const body = arg.slice(dashes.length);
  const eq = body.indexOf("=");
  return eq === -1
    ? { dashes, name: body, inlineValue: undefined }
    : { dashes, name: body.slice(0, eq), inlineValue: body.slice(eq + 1) };
}

function boolOptionValue(word: OptionWord): string {
  if (word.inlineValue === undefined) return "true";
  const parsed = parseGoBool(word.inlineValue);
  if (parsed === undefined) {
    throw usageError(`invalid boolean value "${word.inlineValue}" for flag ${word.dashes}${word.name}`);
  }
  return String(parsed);
}

/** The option at `args[i]`, by canonical name, and how many words it took (1 or 2). */
function readOption(
  args: readonly string[],
  i: number,
  byName: ReadonlyMap<string, OptionSpec>,
): { canonical: string; value: string; consumed: number } {
  const word = splitOptionWord(args[i] ?? "");
  const spec = byName.get(word.name);
  if (spec === undefined) throw usageError(`option provided but not defined: ${word.dashes}${word.name}`);
  const canonical = spec.names[0] ?? word.name;
  if (spec.kind === "bool") return { canonical, value: boolOptionValue(word), consumed: 1 };
  if (word.inlineValue !== undefined) return { canonical, value: word.inlineValue, consumed: 1 };
  const next = args[i + 1];
  if (next === undefined) throw usageError(`option needs an argument: ${word.dashes}${word.name}`);
  return { canonical, value: next, consumed: 2 };
}

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of spec.names) byName.set(name, spec);

  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length;) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      i++;
      continue;
    }
    const option = readOption(args, i, byName);
    options.set(option.canonical, option.value);
    i += option.consumed;
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

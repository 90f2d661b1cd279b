/**
 * GARM's command line as GARM itself parses it (test code). Since cloudbase/garm d846bf54 the
 * `garm` binary is a cobra command: flags are parsed by pflag, so
 * - a long flag needs two dashes: `--config <file>` or `--config=<file>`;
 * - one dash starts a cluster of one-letter shorthands: `-config` is `-c -o -n -f -i -g`, and GARM
 *   defines no shorthand but `-h`, so it fails;
 * - a bare word is a subcommand name (`admin`, `version`); anything else is "unknown command",
 *   which is what `garm -config <file>` ends in (the file name is taken for a subcommand).
 * The fake Pebble marks any command active, so the charm's tests check the layer's command here.
 */

/** What `garm` would do with a command line, or why it would exit 1. */
export type GarmInvocation =
  | { readonly ok: true; readonly subcommand: string | undefined; readonly config: string | undefined }
  | { readonly ok: false; readonly error: string };

const SUBCOMMANDS = new Set(["admin", "version"]);
/** Long flags of the root command that take a value, and those that do not. */
const VALUE_FLAGS = new Set(["config"]);
const BOOLEAN_FLAGS = new Set(["help", "version"]);
const SHORTHANDS = new Set(["h"]);

/**
 * Pebble splits a service command like a POSIX shell; the charm's commands never quote, so
 * quotes and escapes are refused rather than interpreted.
 */
export function splitCommand(command: string): string[] {
  if (/["'\\]/.test(command)) throw new Error("quoted commands are not expected from the charm");
  return command.split(/\s+/).filter((word) => word !== "");
}

interface ParseState {
  subcommand: string | undefined;
  config: string | undefined;
}

/** One long flag (`--name` or `--name=value`); returns how many words it used, or an error. */
function longFlag(word: string, next: string | undefined, state: ParseState): number | string {
  const [name = "", value] = word.slice(2).split(/=(.*)/s, 2);
  if (BOOLEAN_FLAGS.has(name)) return 1;
  if (!VALUE_FLAGS.has(name)) return `unknown flag: --${name}`;
  if (value !== undefined) {
    state.config = value;
    return 1;
  }
  if (next === undefined) return `flag needs an argument: --${name}`;
  state.config = next;
  return 2;
}

/** A shorthand cluster (`-abc`): every letter must be a defined shorthand. */
function shorthands(word: string): string | undefined {
  for (const letter of word.slice(1)) {
    if (!SHORTHANDS.has(letter)) return `unknown shorthand flag: '${letter}' in ${word}`;
  }
  return undefined;
}

/**
 * Cobra's first look (finding the subcommand): flags are skipped, a long value flag with its
 * value; the first other word must name a subcommand. A one-dash word never takes a value here,
 * so in `garm -config <file>` the file is taken for a subcommand.
 */
function findSubcommand(args: readonly string[]): GarmInvocation | string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? "";
    if (word.startsWith("--") && !word.includes("=") && VALUE_FLAGS.has(word.slice(2))) i += 1;
    else if (!word.startsWith("-")) {
      if (SUBCOMMANDS.has(word)) return word;
      return { ok: false, error: `unknown command "${word}" for "garm"` };
    }
  }
  return undefined;
}

/** Parses `argv` (binary first) the way GARM's cobra root command does. */
export function parseGarmCommandLine(argv: readonly string[], binary: string): GarmInvocation {
  if (argv[0] !== binary) return { ok: false, error: `not GARM's binary: ${String(argv[0])}` };
  const found = findSubcommand(argv.slice(1));
  if (typeof found === "object") return found;
  const state: ParseState = { subcommand: found, config: undefined };
  for (let i = 1; i < argv.length;) {
    const word = argv[i] ?? "";
    if (word.startsWith("--") && word.length > 2) {
      const used = longFlag(word, argv[i + 1], state);
      if (typeof used === "string") return { ok: false, error: used };
      i += used;
    } else if (word.startsWith("-") && word.length > 1) {
      const error = shorthands(word);
      if (error !== undefined) return { ok: false, error };
      i += 1;
    } else {
      i += 1;
    }
  }
  return { ok: true, ...state };
}

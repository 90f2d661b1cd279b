/**
 * GARM's command line (cobra, since cloudbase/garm d846bf54): `garm [--config <file>]` runs the
 * server (default config /etc/garm/config.toml), `garm version` and `--version` print the
 * version. Errors as cobra prints them, exit 1: `unknown flag: --x`, `unknown shorthand flag:
 * 'x' in -x`, `unknown command "x" for "garm"`. As seen on a real GARM, a single-dash long flag
 * is taken without a value: `garm -config <file>` fails with `unknown command "<file>"`.
 */
export type GarmCommand =
  | { readonly kind: "serve"; readonly config: string }
  | { readonly kind: "version" }
  | { readonly kind: "help" }
  | { readonly kind: "error"; readonly message: string };

export const DEFAULT_CONFIG = "/etc/garm/config.toml";

export const USAGE = `GARM - GitHub Actions Runner Manager

Usage:
  garm [flags]
  garm [command]

Available Commands:
  help        Help about any command
  version     Print version

Flags:
      --config string   garm config file (default "${DEFAULT_CONFIG}")
  -h, --help            help for garm
      --version         version for garm
`;

const LONG_FLAGS = new Set(["config", "version", "help"]);

interface Parsed {
  config: string;
  version: boolean;
  help: boolean;
  positional: string[];
}

/** One flag (`name` without dashes); returns how many following args it consumed, or an error. */
function applyFlag(
  parsed: Parsed,
  arg: string,
  next: string | undefined,
  singleDash: boolean,
): number | { message: string } {
  const [name = "", inline] = arg.replace(/^--?/, "").split(/=(.*)/s, 2);
  if (singleDash && name === "h") parsed.help = true;
  else if (!LONG_FLAGS.has(name))
    return {
      message: singleDash
        ? `unknown shorthand flag: '${name.charAt(0)}' in ${arg}`
        : `unknown flag: --${name}`,
    };
  else if (name === "help") parsed.help = true;
  else if (name === "version") parsed.version = true;
  else if (inline !== undefined) parsed.config = inline;
  else if (!singleDash) {
    if (next === undefined) return { message: "flag needs an argument: --config" };
    parsed.config = next;
    return 1;
  }
  return 0;
}

export function parseGarmArgs(args: readonly string[]): GarmCommand {
  const parsed: Parsed = { config: DEFAULT_CONFIG, version: false, help: false, positional: [] };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positional.push(arg);
      continue;
    }
    const used = applyFlag(parsed, arg, args[i + 1], !arg.startsWith("--"));
    if (typeof used !== "number") return { kind: "error", message: used.message };
    i += used;
  }
  if (parsed.help) return { kind: "help" };
  if (parsed.version) return { kind: "version" };
  const [command, ...rest] = parsed.positional;
  if (command === undefined) return { kind: "serve", config: parsed.config };
  if (command === "version" && rest.length === 0) return { kind: "version" };
  if (command === "help") return { kind: "help" };
  return { kind: "error", message: `unknown command "${command}" for "garm"` };
}

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

export function parseGarmArgs(args: readonly string[]): GarmCommand {
  let config = DEFAULT_CONFIG;
  let version = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [name = "", inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (!LONG_FLAGS.has(name)) return { kind: "error", message: `unknown flag: --${name}` };
      if (name === "help") return { kind: "help" };
      if (name === "version") version = true;
      else if (inline !== undefined) config = inline;
      else {
        const value = args[i + 1];
        if (value === undefined) return { kind: "error", message: "flag needs an argument: --config" };
        config = value;
        i += 1;
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      const [name = "", inline] = arg.slice(1).split(/=(.*)/s, 2);
      if (name === "h") return { kind: "help" };
      if (!LONG_FLAGS.has(name)) return { kind: "error", message: `unknown shorthand flag: '${name.charAt(0)}' in ${arg}` };
      if (name === "help") return { kind: "help" };
      if (name === "version") version = true;
      else if (inline !== undefined) config = inline;
    } else positional.push(arg);
  }
  if (version) return { kind: "version" };
  const [command, ...rest] = positional;
  if (command === undefined) return { kind: "serve", config };
  if (command === "version" && rest.length === 0) return { kind: "version" };
  if (command === "help") return { kind: "help" };
  return { kind: "error", message: `unknown command "${command}" for "garm"` };
}

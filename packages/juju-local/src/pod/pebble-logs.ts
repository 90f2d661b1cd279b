/**
 * `pebble logs` for the Pebble CLI stand-in. The stand-in's services write their stdout and
 * stderr to `<container>/logs/<service>.log` beside the socket (host-services.ts), so the logs
 * are read from there rather than over the API. Lines are tagged `[service]` as Pebble tags them,
 * without Pebble's timestamp (the files have none) and per service rather than interleaved in time.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { JujuLocalError } from "../errors.js";

const DEFAULT_LINES = 30;

interface LogsArgs {
  readonly services: readonly string[];
  /** How many of the last lines to print; undefined for all. */
  readonly lines: number | undefined;
}

function parseCount(text: string | undefined): number | undefined {
  if (text === "all") return undefined;
  if (text === undefined || !/^\d+$/.test(text))
    throw new JujuLocalError(`expected a number or "all" after -n, got "${text ?? ""}"`);
  return Number(text);
}

function parseLogsArgs(args: readonly string[]): LogsArgs {
  const services: string[] = [];
  let lines: number | undefined = DEFAULT_LINES;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "-f" || arg === "--follow")
      throw new JujuLocalError("pebble logs --follow is not supported by the local model: run it again");
    if (arg === "-n") lines = parseCount(args[(i += 1)]);
    else if (arg.startsWith("-n=")) lines = parseCount(arg.slice(3));
    else services.push(arg);
  }
  return { services, lines };
}

/** The text `pebble logs <args>` prints for the container whose socket is `socket`. */
export function pebbleLogs(socket: string, args: readonly string[]): string {
  const { services, lines } = parseLogsArgs(args);
  const logDir = join(dirname(socket), "logs");
  const known = existsSync(logDir)
    ? readdirSync(logDir)
        .filter((f) => f.endsWith(".log"))
        .map((f) => f.slice(0, -".log".length))
        .sort()
    : [];
  const unknown = services.find((s) => !known.includes(s));
  if (unknown !== undefined) throw new JujuLocalError(`cannot find service "${unknown}"`);
  const tagged = (services.length === 0 ? known : services).flatMap((name) =>
    readFileSync(join(logDir, `${name}.log`), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => `[${name}] ${l}`),
  );
  const shown = lines === undefined ? tagged : tagged.slice(Math.max(0, tagged.length - lines));
  return shown.map((l) => `${l}\n`).join("");
}

/**
 * The model's log, as `juju debug-log` prints it: one line per juju-log call and per line the
 * hook wrote to stdout (DEBUG) or stderr (WARNING), `unit-<app>-<n>: <time> <LEVEL> <module> <text>`.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { LogLine } from "@garm-charms/charm-testing";
import type { QueuedHook } from "./model.js";

export interface HookStreams {
  readonly stdout: string;
  readonly stderr: string;
}

function unitTag(unitName: string): string {
  return `unit-${unitName.replace("/", "-")}`;
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

export class DebugLog {
  constructor(readonly path: string) {}

  hook(
    unitName: string,
    hookName: string,
    hook: QueuedHook,
    logs: readonly LogLine[],
    streams: HookStreams,
  ): void {
    const tag = unitTag(unitName);
    const prefix = hook.relationId === undefined ? "" : `${hook.endpoint ?? ""}:${String(hook.relationId)}: `;
    const lines: string[] = [];
    for (const line of logs)
      lines.push(`${tag}: ${clock()} ${line.level} unit.${unitName}.juju-log ${prefix}${line.message}`);
    for (const text of streams.stdout.split("\n").filter((l) => l !== "")) {
      lines.push(`${tag}: ${clock()} DEBUG unit.${unitName}.${hookName} ${text}`);
    }
    for (const text of streams.stderr.split("\n").filter((l) => l !== "")) {
      lines.push(`${tag}: ${clock()} WARNING unit.${unitName}.${hookName} ${text}`);
    }
    this.append(lines);
  }

  agent(unitName: string, level: string, text: string): void {
    this.append([`${unitTag(unitName)}: ${clock()} ${level} juju.worker.uniter ${text}`]);
  }

  private append(lines: readonly string[]): void {
    if (lines.length > 0) appendFileSync(this.path, `${lines.join("\n")}\n`);
  }

  lines(): string[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, "utf8")
      .split("\n")
      .filter((l) => l !== "");
  }
}

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

/** `--include` entities (unit-x-0 or application names) and `--level` as `juju debug-log` filters them. */
export function filterLog(
  lines: readonly string[],
  include: readonly string[],
  level: string | undefined,
): string[] {
  const min = level === undefined ? 0 : Math.max(0, LEVELS.indexOf(level.toUpperCase()));
  return lines.filter((line) => {
    const tag = line.slice(0, line.indexOf(":"));
    const app = tag.replace(/^unit-/, "").replace(/-\d+$/, "");
    const included =
      include.length === 0 ||
      include.some((i) => i === tag || i === app || `unit-${i.replace("/", "-")}` === tag);
    const lineLevel = line.split(" ")[2] ?? "INFO";
    return included && LEVELS.indexOf(lineLevel) >= min;
  });
}

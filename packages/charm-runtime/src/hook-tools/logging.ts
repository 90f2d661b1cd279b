/**
 * `juju-log`: one call per chunk of at most MAX_LOG_LINE_LENGTH UTF-8 bytes. ops splits at 131071
 * characters, but Linux counts the argument in bytes, so a multi-byte message would not start.
 */
import { MAX_ARGUMENT_BYTES, splitToArguments } from "./argv-limit.js";
import type { HookToolSession } from "./session.js";

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** In UTF-8 bytes: the longest argument Linux accepts. */
export const MAX_LOG_LINE_LENGTH = MAX_ARGUMENT_BYTES;

export function splitLogMessage(message: string): string[] {
  return splitToArguments(message);
}

export async function jujuLog(session: HookToolSession, level: LogLevel, message: string): Promise<void> {
  for (const chunk of splitLogMessage(message)) {
    await session.run("juju-log", ["--log-level", level, "--", chunk]);
  }
}

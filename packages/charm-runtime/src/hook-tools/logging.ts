/** `juju-log`: one call per chunk of at most MAX_LOG_LINE_LENGTH characters (ops' limit). */
import type { HookToolSession } from "./session.js";

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MAX_LOG_LINE_LENGTH = 131071;

export function splitLogMessage(message: string): string[] {
  if (message.length <= MAX_LOG_LINE_LENGTH) return [message];
  const chunks: string[] = [];
  for (let start = 0; start < message.length; start += MAX_LOG_LINE_LENGTH) {
    chunks.push(message.slice(start, start + MAX_LOG_LINE_LENGTH));
  }
  return chunks;
}

export async function jujuLog(session: HookToolSession, level: LogLevel, message: string): Promise<void> {
  for (const chunk of splitLogMessage(message)) {
    await session.run("juju-log", ["--log-level", level, "--", chunk]);
  }
}

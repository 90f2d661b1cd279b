/**
 * Charm logging through `juju-log`. Calls are queued in order, so a charm may log without awaiting;
 * runCharm flushes the queue before the hook ends. A failing juju-log is reported on stderr (which
 * Juju also records) instead of failing the hook. With JUJU_DEBUG set, lines also go to stderr.
 */
import { jujuLog } from "../hook-tools/logging.js";
import type { LogLevel } from "../hook-tools/logging.js";
import type { HookToolSession } from "../hook-tools/session.js";

export type LineWriter = (line: string) => void;

export const writeStderr: LineWriter = (line) => {
  process.stderr.write(`${line}\n`);
};

export class Logger {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: HookToolSession,
    private readonly options: { readonly debugToStderr: boolean; readonly stderr: LineWriter },
  ) {}

  debug(message: string): Promise<void> {
    return this.write("DEBUG", message);
  }

  info(message: string): Promise<void> {
    return this.write("INFO", message);
  }

  warning(message: string): Promise<void> {
    return this.write("WARNING", message);
  }

  error(message: string): Promise<void> {
    return this.write("ERROR", message);
  }

  /** Resolves once every message logged so far has been handed to juju-log. */
  flush(): Promise<void> {
    return this.tail;
  }

  private write(level: LogLevel, message: string): Promise<void> {
    if (this.options.debugToStderr) this.options.stderr(`${level} ${message}`);
    this.tail = this.tail
      .then(() => jujuLog(this.session, level, message))
      .catch((error: unknown) => {
        this.options.stderr(`juju-log failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.tail;
  }
}

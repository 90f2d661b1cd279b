/**
 * One line per event on stderr: `level message key=value...`. Callers pass only values that are
 * safe to show; the clients' error messages never carry a token or password.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, string | number | boolean>>): void;
}

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

function render(fields: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(fields)
    .map(
      ([key, value]) =>
        ` ${key}=${typeof value === "string" && /[\s"=]/.test(value) ? JSON.stringify(value) : String(value)}`,
    )
    .join("");
}

export function streamLogger(write: (line: string) => void, minimum: LogLevel = "info"): Logger {
  return {
    log(level, message, fields = {}) {
      if (ORDER[level] < ORDER[minimum]) return;
      write(`${new Date().toISOString()} ${level} ${message.replace(/\n/g, " ")}${render(fields)}\n`);
    },
  };
}

/** Keeps the lines, for tests. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log(level, message, fields = {}) {
      lines.push(`${level} ${message}${render(fields)}`);
    },
  };
}

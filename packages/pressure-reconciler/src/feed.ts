/**
 * Follows the planner's pressure stream for as long as the service runs: each pressure line goes
 * to the core; any end of a stream (error, clean EOF, `{}`) makes the core hold its totals, then
 * the stream is reopened after a backoff with jitter, reset by the first good line.
 */
import type { PressureStreamEvent } from "@garm-charms/planner-client";
import type { PressureDelta } from "./core/reconciler-core.js";
import type { PressureSource } from "./adapters/pressure-source.js";
import type { Backoff } from "./core/backoff.js";
import { sleep } from "./core/clock.js";
import type { Clock } from "./core/clock.js";
import type { Logger } from "./logger.js";
import type { MetricsState } from "./metrics.js";

export interface FeedDeps {
  readonly source: () => PressureSource;
  readonly clock: Clock;
  readonly backoff: Backoff;
  readonly log: Logger;
  readonly metrics: MetricsState;
  readonly onPressure: (pressures: ReadonlyMap<string, number>, delta: PressureDelta) => void;
  /** The stream is gone: hold the totals (the core's fallback). */
  readonly onLost: () => void;
  /** The planner refused the token: the charm may have rewritten it in the config file. */
  readonly onAuthRefused: () => void;
}

type Ending = "eof" | "empty" | "error" | "auth" | "aborted";

/** Logs the 1st, 10th, 100th... bad line of a stream, so a broken planner cannot flood the log. */
function logBadLine(log: Logger, event: Extract<PressureStreamEvent, { kind: "bad-line" }>): void {
  if (Math.log10(event.badLines) % 1 === 0) {
    log.log("warn", `skipped a pressure line the reconciler cannot read: ${event.problem}`, {
      bad_lines: event.badLines,
    });
  }
}

/** Reads one connection to its end; says how it ended. */
async function readStream(deps: FeedDeps, signal: AbortSignal): Promise<Ending> {
  let good = false;
  try {
    for await (const event of deps.source().open(signal)) {
      switch (event.kind) {
        case "connected":
          deps.metrics.streamConnected = true;
          deps.log.log("info", "planner pressure stream connected");
          break;
        case "pressure":
          if (!good) deps.backoff.reset();
          good = true;
          deps.onPressure(event.pressures, event);
          break;
        case "bad-line":
          logBadLine(deps.log, event);
          break;
        case "empty":
          deps.log.log(
            "warn",
            "the planner sent {} (its flavors were deleted); holding totals and reconnecting",
          );
          return "empty";
        case "end":
          return event.reason;
        case "error":
          deps.log.log("warn", `planner pressure stream failed: ${event.error.message}`);
          return event.error.kind === "auth-refused" ? "auth" : "error";
      }
    }
    return "eof";
  } finally {
    deps.metrics.streamConnected = false;
  }
}

export async function runFeed(deps: FeedDeps, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const ending = await readStream(deps, signal);
    if (signal.aborted || ending === "aborted") return;
    deps.onLost();
    deps.metrics.streamReconnects++;
    if (ending === "auth") deps.onAuthRefused();
    // A refused token is not fixed by retrying soon; everything else backs off from the start.
    const delay = ending === "auth" ? deps.backoff.longest() : deps.backoff.next();
    if (ending === "eof") deps.log.log("warn", "the planner closed the pressure stream; holding totals");
    deps.log.log("info", "reopening the planner pressure stream", { in_ms: Math.round(delay) });
    await sleep(deps.clock, delay, signal);
  }
}

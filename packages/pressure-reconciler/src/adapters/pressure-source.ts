/** The planner's all-flavors pressure stream, opened afresh for each (re)connect. */
import { PlannerClient } from "@garm-charms/planner-client";
import type { PressureStreamEvent } from "@garm-charms/planner-client";
import type { PlannerSettings } from "../config.js";

export interface PressureSource {
  /** One connection's events; the last is `end` or `error`. Aborting `signal` ends it. */
  open(signal: AbortSignal): AsyncIterable<PressureStreamEvent>;
  close(): Promise<void>;
}

export function plannerSource(settings: PlannerSettings, idleTimeoutMs: number): PressureSource {
  const client = new PlannerClient({ endpoint: settings.url, token: settings.token, idleTimeoutMs });
  return {
    open: (signal) => client.streamPressure({ signal }),
    close: () => client.close(),
  };
}

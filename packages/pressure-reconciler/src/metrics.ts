/** The service's metrics (spec 4.3): read from the core's view plus a few counters. */
import type { ScaleSetView } from "./core/reconciler-core.js";
import { renderExposition } from "./exposition.js";
import type { Family, Sample } from "./exposition.js";

export type PutResult = "ok" | "error";

/** Counters and the stream flag; everything per scale set comes from the core at scrape time. */
export class MetricsState {
  streamConnected = false;
  streamReconnects = 0;
  readonly puts: Record<PutResult, number> = { ok: 0, error: 0 };
}

function perScaleSet(
  views: readonly ScaleSetView[],
  label: "flavor" | "scaleset",
  pick: (view: ScaleSetView) => number | null | undefined,
): Sample[] {
  const samples: Sample[] = [];
  for (const view of views) {
    const value = pick(view);
    if (value !== null && value !== undefined) {
      samples.push({ labels: { [label]: label === "flavor" ? view.flavor : view.name }, value });
    }
  }
  return samples;
}

export function renderMetrics(views: readonly ScaleSetView[], state: MetricsState): string {
  const families: Family[] = [
    {
      name: "planner_pressure",
      help: "Last pressure the planner reported for the flavor (its desired total runner count).",
      type: "gauge",
      samples: perScaleSet(views, "flavor", (v) => v.lastPressure),
    },
    {
      name: "desired_total",
      help: "Total runners the last pressure asks for, after the minimum and maximum pressure.",
      type: "gauge",
      samples: perScaleSet(views, "flavor", (v) => v.desiredTotal),
    },
    {
      name: "held_total",
      help: "Total runners the reconciler holds: raised at once, lowered only on the reconcile timer.",
      type: "gauge",
      samples: perScaleSet(views, "flavor", (v) => v.heldTotal),
    },
    {
      name: "min_idle_applied",
      help: "min_idle_runners of the GARM scale set, as last read or written.",
      type: "gauge",
      samples: perScaleSet(views, "scaleset", (v) => v.minIdleApplied),
    },
    {
      name: "assigned_jobs",
      help: "Jobs GitHub assigned to the GARM scale set (its desired_runner_count).",
      type: "gauge",
      samples: perScaleSet(views, "scaleset", (v) => v.assignedJobs),
    },
    {
      name: "stream_connected",
      help: "1 while the planner pressure stream is open.",
      type: "gauge",
      samples: [{ value: state.streamConnected ? 1 : 0 }],
    },
    {
      name: "stream_reconnects_total",
      help: "Times the planner pressure stream failed or ended and was reopened.",
      type: "counter",
      samples: [{ value: state.streamReconnects }],
    },
    {
      name: "garm_put_total",
      help: "PUTs of min_idle_runners to GARM, by result.",
      type: "counter",
      samples: (["ok", "error"] as const).map((result) => ({
        labels: { result },
        value: state.puts[result],
      })),
    },
  ];
  return renderExposition(families);
}

/**
 * What the status adds when scaling is planner-driven. A problem the rest of the reconcile
 * reports (waiting or blocked) comes first; an active status gains the planner's line.
 */
import type { StatusToSet } from "@garm-charms/charm-runtime";
import { active, blocked, waiting } from "../status.js";
import type { PlannerOutcome } from "./step.js";
import type { StreamState } from "./stream-status.js";

export const STATUS_PLANNER_ELSEWHERE = "Planner-driven scaling (the pressure reconciler runs on the leader)";

const STREAM_TEXT: Readonly<Record<StreamState, string>> = {
  connected: "stream connected",
  disconnected: "stream disconnected, holding the last totals",
  unknown: "stream state unknown (service starting?)",
};

export function plannerRunningMessage(scalesets: number, stream: StreamState): string {
  const noun = scalesets === 1 ? "scale set" : "scale sets";
  return `Planner-driven scaling: ${String(scalesets)} ${noun}, ${STREAM_TEXT[stream]}`;
}

function joined(base: string, planner: string): string {
  return base === "" ? planner : `${base}; ${planner}`;
}

export function withPlannerStatus(base: StatusToSet, outcome: PlannerOutcome): StatusToSet {
  if (base.name !== "active" || outcome.kind === "none") return base;
  switch (outcome.kind) {
    case "elsewhere":
      return active(joined(base.message, STATUS_PLANNER_ELSEWHERE));
    case "pending":
      return outcome.severity === "blocked" ? blocked(outcome.message) : waiting(outcome.message);
    case "running":
      return active(joined(base.message, plannerRunningMessage(outcome.scalesets, outcome.stream)));
  }
}

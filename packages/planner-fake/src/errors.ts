/** A request the planner fake cannot carry out (bad pressure value, bad flavor name, ...). */
export class PlannerFakeError extends Error {
  override readonly name = "PlannerFakeError";
}

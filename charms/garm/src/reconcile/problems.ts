/**
 * Something the reconcile could not do, for the charm's log and status. `subject` names the
 * object (`scaleset runners-a`, `unit garm-configurator/0`); messages never carry secret values.
 */
export interface ReconcileProblem {
  readonly subject: string;
  readonly message: string;
  /**
   * `waiting`: expected to clear by itself (a unit still publishing, GARM not ready, a delete
   * GARM deferred). `blocked`: needs the operator (a name collision, an invalid databag).
   */
  readonly severity: "waiting" | "blocked";
}

export function problem(
  subject: string,
  message: string,
  severity: ReconcileProblem["severity"],
): ReconcileProblem {
  return { subject, message, severity };
}

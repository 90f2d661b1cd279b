/** `goal-state`: the units and relations Juju is working towards. */
import * as z from "zod";

import type { HookToolSession } from "./session.js";

const entrySchema = z.object({ status: z.string(), since: z.string().optional() });

const goalStateSchema = z.object({
  units: z
    .record(z.string(), entrySchema)
    .nullish()
    .transform((v) => v ?? {}),
  relations: z
    .record(z.string(), z.record(z.string(), entrySchema))
    .nullish()
    .transform((v) => v ?? {}),
});

export type GoalState = z.output<typeof goalStateSchema>;

export function goalState(session: HookToolSession): Promise<GoalState> {
  return session.cached("goal-state", () =>
    session.runJson("goal-state", ["--format=json"], goalStateSchema),
  );
}

/** Units of this application that are not being removed (ops' `planned_units`). */
export function plannedUnits(goal: GoalState): number {
  return Object.values(goal.units).filter((u) => u.status !== "dying").length;
}

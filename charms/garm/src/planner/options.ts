/**
 * The charm's one option, read only where the pressure reconciler runs (the leader with a planner
 * link), so a hook without a planner makes no config-get.
 */
import * as z from "zod";

export const RECONCILE_INTERVAL_OPTION = "planner-reconcile-interval";

export const plannerOptionsSchema = z.object({
  [RECONCILE_INTERVAL_OPTION]: z.number().int().min(10).max(86_400),
});

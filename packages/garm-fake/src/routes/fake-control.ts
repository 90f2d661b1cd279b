/**
 * Fake-only control routes: what GitHub does to GARM that a test must be able to cause. Not part of
 * GARM's API; served only when the fake is started with `fakeControl` (the `garm` executable: env
 * `GARM_FAKE_CONTROL=1`, which the local model's `local:garm` image sets).
 *
 * `PUT /_fake/scalesets/:id/assigned-jobs` `{"assigned_jobs": n}`: GitHub now has n jobs assigned to
 * the scale set (its message session's `TotalAssignedJobs`), which GARM reports as the scale set's
 * `desired_runner_count`. Answers 200 `{"id","name","desired_runner_count"}`.
 */
import * as z from "zod";
import { notFound } from "../api-error.js";
import { parseBody, uintIdParam } from "../body.js";
import { json } from "../http-types.js";
import type { Router } from "../router.js";
import type { ScaleSet, Store } from "../store.js";

export const ASSIGNED_JOBS_ROUTE = "/_fake/scalesets/:id/assigned-jobs";

const assignedJobsSchema = z.object({ assigned_jobs: z.number().int().nonnegative() });

/** Sets the jobs GitHub assigned to a scale set; undefined when there is no such scale set. */
export function setAssignedJobs(store: Store, scaleSetId: number, count: number): ScaleSet | undefined {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`assigned jobs must be a non-negative integer, got ${String(count)}`);
  const set = store.scaleSets.get(scaleSetId);
  if (set) set.desiredRunnerCount = count;
  return set;
}

export function registerFakeControlRoutes(router: Router, store: Store): void {
  router.add("PUT", ASSIGNED_JOBS_ROUTE, "open", (ctx) => {
    const id = uintIdParam(ctx, "scale set");
    const { assigned_jobs: count } = parseBody(ctx, assignedJobsSchema);
    const set = setAssignedJobs(store, id, count);
    if (!set) throw notFound("scale set not found");
    return json({ id: set.id, name: set.name, desired_runner_count: set.desiredRunnerCount });
  });
}

/**
 * One apply of one scale set: read it from GARM, decide, PUT min idle if needed. GARM's answers
 * are handled as spec 4.3 says: 404 re-resolves the id by name (the scale set was re-created),
 * 400 (min idle above a max runners lowered meanwhile) re-reads, re-clamps and retries once; 401
 * is the gateway's (log in again). Anything else propagates: the scheduler retries later.
 */
import type { GarmPort } from "./adapters/garm-port.js";
import { isBadRequest, isNotFound } from "./adapters/garm-port.js";
import type { ApplyOutcome, ObservedScaleSet, ReconcilerCore } from "./core/reconciler-core.js";

export interface ApplyContext {
  readonly core: ReconcilerCore;
  readonly garm: GarmPort;
}

/** The scale set named `name` from GARM's list, or undefined when GARM has none. */
async function resolve(ctx: ApplyContext, name: string): Promise<ObservedScaleSet | undefined> {
  const found = (await ctx.garm.listScaleSets()).find((s) => s.name === name);
  if (found === undefined) ctx.core.missing(name);
  else ctx.core.observe(found);
  return found;
}

/** GETs by id (the value in GARM is always re-read before writing); by name when the id is gone. */
async function read(
  ctx: ApplyContext,
  name: string,
  id: number | undefined,
): Promise<ObservedScaleSet | undefined> {
  if (id === undefined) return resolve(ctx, name);
  try {
    const current = await ctx.garm.getScaleSet(id);
    // An id GARM reused for another scale set is as good as gone.
    if (current.name !== name) return resolve(ctx, name);
    ctx.core.observe(current);
    return current;
  } catch (error) {
    if (isNotFound(error)) return resolve(ctx, name);
    throw error;
  }
}

/** Decides on `current` and PUTs; the one retry after a 400 or 404 comes back here. */
async function decideAndPut(
  ctx: ApplyContext,
  name: string,
  current: ObservedScaleSet,
  forced: boolean,
  retry: boolean,
): Promise<ApplyOutcome> {
  const decision = ctx.core.decide(name, current, forced);
  if (decision.kind === "none") return { kind: "none" };
  try {
    await ctx.garm.setMinIdle(current.id, decision.minIdle);
    return { kind: "put", minIdle: decision.minIdle };
  } catch (error) {
    if (!retry || !(isBadRequest(error) || isNotFound(error))) throw error;
    const again = await read(ctx, name, isNotFound(error) ? undefined : current.id);
    if (again === undefined) return { kind: "missing" };
    return decideAndPut(ctx, name, again, forced, false);
  }
}

export async function applyScaleSet(
  ctx: ApplyContext,
  name: string,
  id: number | undefined,
  forced: boolean,
): Promise<ApplyOutcome> {
  const current = await read(ctx, name, id);
  if (current === undefined) return { kind: "missing" };
  return decideAndPut(ctx, name, current, forced, true);
}

/**
 * A unit Juju is removing runs `-departed` on each relation with itself as the departing unit,
 * then `-broken`, and may still be leader meanwhile. From its view every configurator is gone, so
 * as leader it would prune GARM's objects, which the next leader re-creates. The first such hook
 * marks the unit as leaving (charm state, kept for its last hooks); from then on it acts as a
 * non-leader and makes no GARM writes.
 */
import type { HookContext } from "@garm-charms/charm-runtime";

const LEAVING_KEY = "unit-leaving";

export async function unitIsLeaving(ctx: HookContext): Promise<boolean> {
  const event = ctx.event;
  if (event.kind === "relation-departed" && event.departingUnit === ctx.unit) {
    if ((await ctx.stateGet())[LEAVING_KEY] !== "true") {
      await ctx.stateSet({ [LEAVING_KEY]: "true" });
      await ctx.log.info("This unit is being removed: it leaves GARM's objects to the next leader");
    }
    return true;
  }
  return (await ctx.stateGet())[LEAVING_KEY] === "true";
}

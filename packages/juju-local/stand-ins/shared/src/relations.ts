/**
 * The relations of one endpoint that still stand in this hook: on `-relation-broken` the breaking
 * relation is left out (as ops leaves it out of `model.relations`), so its data is not answered.
 */
import type { HookContext, Relation } from "@garm-charms/charm-runtime";

export async function standingRelations(ctx: HookContext, endpoint: string): Promise<Relation[]> {
  const relations = await ctx.relations(endpoint);
  const event = ctx.event;
  if (event.kind !== "relation-broken" || event.endpoint !== endpoint) return relations;
  return relations.filter((relation) => relation.id !== event.relationId);
}

/** The relation that is breaking in this hook on `endpoint`, if any. */
export function brokenRelationId(ctx: HookContext, endpoint: string): number | undefined {
  const event = ctx.event;
  return event.kind === "relation-broken" && event.endpoint === endpoint ? event.relationId : undefined;
}

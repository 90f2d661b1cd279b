/**
 * The flavors the requirers declare, created in the planner fake as the planner charm keeps
 * them (ADR-002): one per relation's `flavor` key (the last relation wins a name), a changed
 * flavor re-created, every undeclared flavor deleted. Unlike the planner, a re-created flavor
 * keeps the job count set by `set-pressure`.
 */
import type { HookContext, Relation } from "@garm-charms/charm-runtime";
import { readPlannerFlavor, type PlannerFlavor } from "@garm-charms/interfaces";
import type { FlavorRecord, PlannerFakeRemote } from "@garm-charms/planner-fake";

export interface Declared {
  readonly relation: Relation;
  /** Undefined while the requirer has declared nothing usable. */
  readonly flavor: PlannerFlavor | undefined;
}

/**
 * Each relation whose requirer has written anything (the planner answers only those), with its
 * flavor when the declaration parses. An invalid one is logged by key, never answered with a flavor.
 */
export async function declaredFlavors(ctx: HookContext, relations: readonly Relation[]): Promise<Declared[]> {
  const declared: Declared[] = [];
  for (const relation of relations) {
    const bag = await relation.remoteAppData.get();
    if (Object.keys(bag).length === 0) continue;
    const read = readPlannerFlavor(bag);
    if (!read.ok && read.state === "invalid") {
      const keys = read.problems.map((p) => p.key).join(", ");
      await ctx.log.warning(`Flavor of relation ${String(relation.id)} refused: ${keys}`);
    }
    declared.push({ relation, flavor: read.ok ? read.value : undefined });
  }
  return declared;
}

function matches(record: FlavorRecord, flavor: PlannerFlavor): boolean {
  return (
    record.platform === flavor.platform &&
    record.priority === flavor.priority &&
    record.minimumPressure === flavor.minimumPressure &&
    !record.isDisabled &&
    record.labels.length === flavor.labels.length &&
    record.labels.every((label, i) => label === flavor.labels[i])
  );
}

export interface FlavorSync {
  readonly created: readonly string[];
  readonly removed: readonly string[];
}

export async function syncFlavors(
  remote: PlannerFakeRemote,
  wanted: readonly PlannerFlavor[],
): Promise<FlavorSync> {
  const byName = new Map(wanted.map((flavor) => [flavor.flavor, flavor]));
  const current = (await remote.state()).flavors;
  const created: string[] = [];
  for (const flavor of byName.values()) {
    const record = current.find((f) => f.name === flavor.flavor);
    if (record !== undefined && matches(record, flavor)) continue;
    await remote.addFlavor({
      name: flavor.flavor,
      platform: flavor.platform,
      labels: flavor.labels,
      priority: flavor.priority,
      minimumPressure: flavor.minimumPressure,
      pressure: record?.pressure ?? 0,
    });
    created.push(flavor.flavor);
  }
  const removed = current.filter((f) => !byName.has(f.name)).map((f) => f.name);
  for (const name of removed) await remote.removeFlavor(name);
  return { created, removed };
}

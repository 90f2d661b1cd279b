/**
 * Which scale sets are planner-managed, and which planner the service streams from: the one
 * definition both the object reconcile (which then leaves `min_idle_runners` to the service) and
 * the service's config file use. Pure: the configurator units as read once in this hook.
 *
 * The service reads one stream for every flavor, so it serves one planner. Links to another
 * planner endpoint than the first one (in relation id, then unit name order) are left out: their
 * scale sets stay charm-managed, and the charm logs why.
 */
import type { ConfiguratorUnit } from "../relations/configurator.js";

export interface ManagedScaleset {
  /** The GARM scale set name, which is also the planner flavor. */
  readonly name: string;
  /** Floor on the total (the flavor's `minimum-pressure`). */
  readonly minPressure: number;
  /** Floor on spare runners: the configurator's min idle runners. */
  readonly minIdleFloor: number;
}

export interface PlannerScope {
  readonly endpoint: string;
  /** Secret URIs of the planner tokens linked to this endpoint, in order; any one works. */
  readonly tokenSecretUris: readonly string[];
  readonly scalesets: readonly ManagedScaleset[];
  /** Units linked to another planner endpoint: not managed, for the log. */
  readonly ignored: readonly string[];
}

interface Link {
  readonly unitName: string;
  readonly endpoint: string;
  readonly tokenSecretUri: string;
  readonly scaleset: ManagedScaleset;
}

function linkOf(unit: ConfiguratorUnit): Link | undefined {
  if (!unit.read.ok || unit.read.value.planner === undefined) return undefined;
  const { planner, scaleset } = unit.read.value;
  return {
    unitName: unit.unitName,
    endpoint: planner.endpoint,
    tokenSecretUri: planner.tokenSecretUri,
    scaleset: {
      name: scaleset.name,
      minPressure: planner.minimumPressure,
      minIdleFloor: scaleset.minIdleRunners,
    },
  };
}

/** The planner scope, or undefined when no configurator unit links its scale set to a planner. */
export function plannerScope(units: readonly ConfiguratorUnit[]): PlannerScope | undefined {
  const links = [...units]
    .sort((a, b) => a.relationId - b.relationId || a.unitName.localeCompare(b.unitName, "en"))
    .map(linkOf)
    .filter((link): link is Link => link !== undefined);
  const first = links[0];
  if (first === undefined) return undefined;
  const tokens = new Set<string>();
  const scalesets = new Map<string, ManagedScaleset>();
  const ignored: string[] = [];
  for (const link of links) {
    if (link.endpoint !== first.endpoint) {
      ignored.push(link.unitName);
      continue;
    }
    tokens.add(link.tokenSecretUri);
    // Two units publishing one name: the first wins, as in the object reconcile.
    if (!scalesets.has(link.scaleset.name)) scalesets.set(link.scaleset.name, link.scaleset);
  }
  return {
    endpoint: first.endpoint,
    tokenSecretUris: [...tokens],
    scalesets: [...scalesets.values()],
    ignored,
  };
}

/** The scale set names whose `min_idle_runners` the service owns (none without a planner). */
export function plannerManagedNames(scope: PlannerScope | undefined): ReadonlySet<string> {
  return new Set(scope?.scalesets.map((scaleset) => scaleset.name) ?? []);
}

/**
 * The `logging` relation (loki_push_api, requirer side, as `LogForwarder`): Pebble forwards the
 * workload containers' (GARM's and the pressure reconciler's) logs to every Loki push endpoint the related units publish, one log target
 * per provider unit, with the library's labels. The layer is added only when the targets change,
 * so a quiet hook sends Pebble nothing, and a relation whose new unit has not published yet leaves
 * its existing targets alone (the library would switch them off until then). A target whose endpoint went is switched off (targets
 * cannot be deleted from a plan); unlike the library, this also happens when the last endpoint
 * goes, so Pebble stops pushing to a Loki that is no longer related.
 */
import { isDeepStrictEqual } from "node:util";
import type { HookContext, Relation } from "@garm-charms/charm-runtime";
import {
  DISABLED_LOKI_LOG_TARGET,
  isLogTargetEnabled,
  lokiLogTarget,
  lokiPushApiRequirerAppData,
  lokiRelationEndpoints,
  type LokiLogTarget,
  type LokiTopology,
} from "@garm-charms/interfaces";
import { RECONCILER_CONTAINER } from "../planner/layout.js";
import { GARM_CONTAINER } from "../workload/index.js";

export const LOGGING_ENDPOINT = "logging";
/**
 * Containers whose services' logs are forwarded. A target names `all` services, so the pressure
 * reconciler's container gets its target even where no service runs (a non-leader, no planner
 * link): Pebble forwards whatever starts there later. A container that cannot connect is skipped.
 */
export const LOG_FORWARDING_CONTAINERS: readonly string[] = [GARM_CONTAINER, RECONCILER_CONTAINER];
const CHARM_NAME = "garm";

/** The library's layer label: `<container>-log-forwarding`. */
export const logForwardingLabel = (container: string): string => `${container}-log-forwarding`;

type PlanTargets = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

interface RelationRead {
  readonly relation: Relation;
  /** Empty while any unit of the relation has no usable endpoint (the library's all or nothing). */
  readonly endpoints: ReadonlyMap<string, string>;
  /** The relation's units when it is not ready: their targets are left as they are meanwhile. */
  readonly pending: readonly string[];
}

/** A relation's endpoints by provider unit; a departing unit's bag no longer counts. */
async function readRelation(relation: Relation): Promise<RelationRead> {
  const bags = new Map<string, Readonly<Record<string, string>>>();
  for (const unit of relation.remoteUnits) {
    if (unit === relation.departingUnit) continue;
    bags.set(unit, await relation.remoteUnitData(unit).get());
  }
  const endpoints = lokiRelationEndpoints(bags);
  return endpoints === undefined
    ? { relation, endpoints: new Map(), pending: [...bags.keys()] }
    : { relation, endpoints, pending: [] };
}

/** Whether the plan's target already is `wanted` (the plan may omit `override` or empty labels). */
function sameTarget(current: Readonly<Record<string, unknown>> | undefined, wanted: LokiLogTarget): boolean {
  if (current === undefined) return false;
  return (
    current["type"] === wanted.type &&
    current["location"] === wanted.location &&
    isDeepStrictEqual(current["services"], wanted.services) &&
    isDeepStrictEqual(current["labels"] ?? {}, wanted.labels ?? {})
  );
}

/**
 * The log targets to add so that the plan forwards to exactly `endpoints`: new or changed
 * endpoints, and Loki targets still on whose endpoint went. Empty when the plan is right.
 */
export function logTargetChanges(
  plan: PlanTargets,
  endpoints: ReadonlyMap<string, string>,
  topology: LokiTopology,
  pending: ReadonlySet<string> = new Set(),
): Record<string, LokiLogTarget> {
  const changes: Record<string, LokiLogTarget> = {};
  for (const [unit, url] of endpoints) {
    const wanted = lokiLogTarget(url, topology);
    if (!sameTarget(plan[unit], wanted)) changes[unit] = wanted;
  }
  for (const [name, target] of Object.entries(plan)) {
    if (endpoints.has(name) || pending.has(name)) continue;
    if (target["type"] !== "loki" || !isLogTargetEnabled(target)) continue;
    changes[name] = DISABLED_LOKI_LOG_TARGET;
  }
  return changes;
}

function topologyOf(ctx: HookContext): LokiTopology {
  return {
    model: ctx.model.name,
    modelUuid: ctx.model.uuid,
    application: ctx.app,
    unit: ctx.unit,
    charmName: CHARM_NAME,
  };
}

/** One container: a single combined layer with every change, or nothing. */
async function forwardContainerLogs(
  ctx: HookContext,
  name: string,
  endpoints: ReadonlyMap<string, string>,
  pending: ReadonlySet<string>,
): Promise<void> {
  const container = ctx.container(name);
  if (!(await container.canConnect())) return;
  const plan = await container.pebble.getPlan();
  const changes = logTargetChanges(plan.logTargets, endpoints, topologyOf(ctx), pending);
  if (Object.keys(changes).length === 0) return;
  await container.pebble.addLayer(logForwardingLabel(name), { "log-targets": changes }, { combine: true });
  const kept = [...endpoints.keys()].join(", ") || "none";
  await ctx.log.info(`Log forwarding of ${name} updated: Loki endpoints ${kept}`);
}

/** Every hook: the containers' log targets, then (leader) the requirer data where endpoints are known. */
export async function forwardLogs(ctx: HookContext, isLeader: boolean): Promise<void> {
  const read: RelationRead[] = [];
  for (const relation of await ctx.relations(LOGGING_ENDPOINT)) read.push(await readRelation(relation));
  const endpoints = new Map(read.flatMap((one) => [...one.endpoints]));
  const pending = new Set(read.flatMap((one) => one.pending));
  for (const name of LOG_FORWARDING_CONTAINERS) await forwardContainerLogs(ctx, name, endpoints, pending);
  if (!isLeader) return;
  for (const { relation, endpoints: known } of read) {
    if (known.size > 0) await relation.localAppData.update(lokiPushApiRequirerAppData(topologyOf(ctx)));
  }
}

/**
 * The `grafana-dashboard` relation (grafana_dashboard, provider side): the leader publishes the
 * project's GARM dashboard (src/cos/grafana-dashboards/garm.json) as `GrafanaDashboardProvider`
 * publishes file dashboards, and at the same moments: on every relation when it is elected, on
 * upgrade-charm and config-changed, and on a new relation when it is created. Each write carries a
 * fresh uuid, so other hooks write nothing (a write would always change the bag).
 */
import { randomUUID } from "node:crypto";
import { isRelationEvent, type HookContext, type Relation } from "@garm-charms/charm-runtime";
import {
  grafanaDashboardProviderAppData,
  prepareFileDashboard,
  type FileDashboard,
} from "@garm-charms/interfaces";
import { GARM_DASHBOARD_CONTENT } from "../cos/garm-dashboard-content.js";
import garmDashboard from "../cos/grafana-dashboards/garm.json" with { type: "json" };

export const DASHBOARD_ENDPOINT = "grafana-dashboard";
const CHARM_NAME = "garm";
/** The file's path in the charm's source: what its Path40 uid is derived from (stable across builds). */
const GARM_DASHBOARD_PATH = "src/cos/grafana-dashboards/garm.json";
/** `file:` + the file's stem, as the library names file dashboards. */
export const GARM_DASHBOARD_ID = "file:garm";

/** GARM's dashboard, prepared as the library prepares files (uid, charm tag). */
export function preparedGarmDashboard(): Record<string, unknown> {
  return prepareFileDashboard(
    garmDashboard as Readonly<Record<string, unknown>>,
    CHARM_NAME,
    GARM_DASHBOARD_PATH,
  );
}

/** The dashboards to publish, with their content compressed when the charm was built. */
export function garmDashboards(): FileDashboard[] {
  return [{ id: GARM_DASHBOARD_ID, dashboard: preparedGarmDashboard(), content: GARM_DASHBOARD_CONTENT }];
}

const REWRITE_ALL: ReadonlySet<string> = new Set(["leader-elected", "upgrade-charm", "config-changed"]);

/** The relations this hook writes to, as the library chooses them. */
async function relationsToWrite(ctx: HookContext): Promise<readonly Relation[]> {
  const event = ctx.event;
  if (REWRITE_ALL.has(event.kind)) return ctx.relations(DASHBOARD_ENDPOINT);
  if (!isRelationEvent(event) || event.kind !== "relation-created" || event.endpoint !== DASHBOARD_ENDPOINT) {
    return [];
  }
  const created = await ctx.eventRelation();
  return created === undefined ? [] : [created];
}

/** Leader only: `dashboards` on the relations this hook writes to. */
export async function publishDashboards(ctx: HookContext, isLeader: boolean): Promise<void> {
  if (!isLeader) return;
  const relations = await relationsToWrite(ctx);
  if (relations.length === 0) return;
  const dashboards = garmDashboards();
  const topology = { model: ctx.model.name, modelUuid: ctx.model.uuid, application: ctx.app, unit: ctx.unit };
  for (const relation of relations) {
    await relation.localAppData.update(
      grafanaDashboardProviderAppData({ charmName: CHARM_NAME, topology, dashboards, uuid: randomUUID() }),
    );
  }
}

/**
 * The `grafana-dashboard` relation (grafana_dashboard provider) through the harness: when the
 * leader writes (created, leader-elected, upgrade, config-changed) and when not (joined, changed,
 * broken, a non-leader), the databag as the spec gives it, the content as the consumer decodes it,
 * and the dashboard itself: datasource placeholders, and every query on a metric GARM or the
 * charm's services export.
 */
import { spawnSync } from "node:child_process";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { events, getRelation, relation, type Context, type State } from "@garm-charms/charm-testing";
import {
  decompressDashboardContent,
  dashboardAltUid,
  dashboardPath40Uid,
  fileDashboardContent,
} from "@garm-charms/interfaces";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import garmDashboardFile from "../src/cos/grafana-dashboards/garm.json" with { type: "json" };
import { GARM_DASHBOARD_CONTENT } from "../src/cos/garm-dashboard-content.js";
import { preparedGarmDashboard } from "../src/relations/dashboard.js";
import { charmOptions, garmContext, GARM_PROVIDERS, readyState } from "./fixtures.js";

let garm: GarmFake;

beforeAll(async () => {
  garm = await startGarmFake({ providers: GARM_PROVIDERS });
});

afterAll(async () => {
  await garm.close();
});

/**
 * GARM's metric families as seen on a real GARM (spec garm/api-behaviour.md 4.8), plus
 * `garm_runner_status`, which GARM exports per runner (cloudbase/garm metrics/instance.go) and
 * was absent there for want of runners; the pressure reconciler's (its README); Prometheus' `up`.
 */
const EXPORTED_METRICS = new Set([
  "garm_health",
  "garm_provider_info",
  "garm_organization_info",
  "garm_organization_pool_manager_status",
  "garm_enterprise_info",
  "garm_enterprise_pool_manager_status",
  "garm_github_operations_total",
  "garm_github_errors_total",
  "garm_github_rate_limit_limit",
  "garm_github_rate_limit_remaining",
  "garm_github_rate_limit_used",
  "garm_github_rate_limit_reset_timestamp",
  "garm_runner_operations_total",
  "garm_scaleset_info",
  "garm_scaleset_status",
  "garm_scaleset_max_runners",
  "garm_scaleset_min_idle_runners",
  "garm_scaleset_desired_runner_count",
  "garm_scaleset_bootstrap_timeout",
  "garm_runner_status",
  "planner_pressure",
  "desired_total",
  "held_total",
  "min_idle_applied",
  "assigned_jobs",
  "stream_connected",
  "stream_reconnects_total",
  "garm_put_total",
  "up",
]);

const TOPOLOGY_MATCHERS =
  'juju_model=~"$juju_model",juju_model_uuid=~"$juju_model_uuid",juju_application=~"$juju_application",juju_unit=~"$juju_unit"';

const grafana = relation({ endpoint: "grafana-dashboard", id: 50, remoteAppName: "grafana" });
const context = (unit = 0): Promise<Context> => garmContext(charmOptions(garm.url), unit);
const withGrafana = (overrides: Partial<State> = {}): State =>
  readyState({ relations: [...readyState().relations, grafana], ...overrides });

interface Template {
  charm: string;
  content: string;
  juju_topology: Record<string, string>;
  inject_dropdowns: boolean;
  dashboard_alt_uid: string;
}

function published(out: State, id = 50): { templates: Record<string, Template>; uuid: string } {
  return JSON.parse(getRelation(out, id)?.localAppData["dashboards"] ?? "") as {
    templates: Record<string, Template>;
    uuid: string;
  };
}

/** cosl's reader, in Python; falls back to LZMA-JS (saying so) where python3 is missing. */
function consumerDecode(content: string): string {
  const script =
    "import base64,lzma,sys;sys.stdout.write(lzma.decompress(base64.b64decode(sys.stdin.read().encode())).decode())";
  const run = spawnSync("python3", ["-c", script], { input: content, encoding: "utf8" });
  if (run.error !== undefined) {
    console.warn("python3 not found: the dashboard content is decoded with LZMA-JS, not Python's lzma");
    return decompressDashboardContent(content);
  }
  expect(run.status).toBe(0);
  return run.stdout;
}

describe("grafana-dashboard (provider)", () => {
  it("ships garm.json's content compressed ahead (run `pnpm gen:dashboard-content` after editing it)", () => {
    expect(GARM_DASHBOARD_CONTENT).toBe(fileDashboardContent(preparedGarmDashboard()));
  });

  it("relation-created (leader): the spec's databag, decodable as the consumer decodes it", async () => {
    const ctx = await context();
    const out = await ctx.run(events.relationCreated(grafana), withGrafana());
    const raw = getRelation(out, 50)?.localAppData["dashboards"] ?? "";
    expect(Object.keys(getRelation(out, 50)?.localAppData ?? {})).toEqual(["dashboards"]);
    expect(raw).toMatch(
      /^\{"templates": \{"file:garm": \{"charm": "garm", "content": "[A-Za-z0-9+/]+=*", "juju_topology": /,
    );
    const { templates, uuid } = published(out);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const template = templates["file:garm"]!;
    expect(Object.keys(template)).toEqual([
      "charm",
      "content",
      "juju_topology",
      "inject_dropdowns",
      "dashboard_alt_uid",
    ]);
    expect(template.juju_topology).toStrictEqual({
      model: "garm-model",
      model_uuid: "1a2b3c4d-0000-4000-8000-000000000000",
      application: "garm",
      unit: "garm/0",
    });
    expect(template.inject_dropdowns).toBe(true);
    expect(template.dashboard_alt_uid).toBe(dashboardAltUid("garm", "file:garm"));

    const dashboard = JSON.parse(consumerDecode(template.content)) as Record<string, unknown>;
    expect(dashboard["uid"]).toBe(dashboardPath40Uid("garm", "src/cos/grafana-dashboards/garm.json"));
    expect(dashboard["tags"]).toEqual(["garm", "charm: garm"]);
    expect({ ...dashboard, uid: garmDashboardFile.uid, tags: garmDashboardFile.tags }).toEqual(
      garmDashboardFile,
    );
  });

  it("writes nothing on joined, changed or broken, nor as a non-leader", async () => {
    const ctx = await context();
    for (const event of [
      events.relationJoined(grafana),
      events.relationChanged(grafana),
      events.relationBroken(grafana),
    ]) {
      const out = await ctx.run(event, withGrafana());
      expect(getRelation(out, 50)?.localAppData ?? {}).toStrictEqual({});
    }
    const follower = await context(1);
    const out = await follower.run(events.relationCreated(grafana), withGrafana({ leader: false }));
    expect(getRelation(out, 50)?.localAppData).toStrictEqual({});
  });

  it("rewrites every relation, with a new uuid, on config-changed, upgrade and leader-elected", async () => {
    const second = relation({ endpoint: "grafana-dashboard", id: 51, remoteAppName: "otelcol" });
    const ctx = await context();
    const input = readyState({ relations: [...readyState().relations, grafana, second] });
    let out = await ctx.run(events.relationCreated(second), input);
    expect(getRelation(out, 50)?.localAppData).toStrictEqual({});
    const first = published(out, 51).uuid;
    for (const event of [events.configChanged(), events.upgradeCharm(), events.leaderElected()]) {
      out = await ctx.run(event, out);
      expect(Object.keys(published(out, 50).templates)).toEqual(["file:garm"]);
      expect(published(out, 51).uuid).not.toBe(first);
    }
  });
});

describe("the GARM dashboard", () => {
  const panels = (
    garmDashboardFile.panels as {
      type: string;
      datasource?: { type: string; uid: string };
      targets?: { expr: string }[];
    }[]
  ).filter((panel) => panel.type !== "row");

  it("defines COS's datasource variables and the topology dropdowns", () => {
    const variables = garmDashboardFile.templating.list.map((v) => [v.name, v.type]);
    expect(variables).toEqual([
      ["prometheusds", "datasource"],
      ["lokids", "datasource"],
      ["juju_model", "query"],
      ["juju_model_uuid", "query"],
      ["juju_application", "query"],
      ["juju_unit", "query"],
    ]);
  });

  it("points every panel at ${prometheusds} or ${lokids} and filters by the topology", () => {
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      const uid = panel.datasource?.type === "loki" ? "${lokids}" : "${prometheusds}";
      expect(panel.datasource).toEqual({ type: panel.datasource?.type, uid });
      for (const target of panel.targets ?? []) expect(target.expr).toContain(TOPOLOGY_MATCHERS);
    }
  });

  it("queries only metrics GARM or the charm's services export", () => {
    const queried = new Set<string>();
    for (const panel of panels.filter((p) => p.datasource?.type === "prometheus")) {
      for (const { expr } of panel.targets ?? []) {
        const metrics = [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]!);
        expect(metrics.length, expr).toBeGreaterThan(0);
        for (const metric of metrics) {
          expect(EXPORTED_METRICS.has(metric), `${metric} in ${expr}`).toBe(true);
          queried.add(metric);
        }
      }
    }
    // Runners by state, provider and scale set; health and the GitHub API; the charm's view.
    for (const metric of [
      "garm_runner_status",
      "garm_health",
      "garm_github_operations_total",
      "garm_scaleset_info",
    ]) {
      expect(queried).toContain(metric);
    }
  });
});

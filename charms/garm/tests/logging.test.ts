/**
 * The `logging` relation (loki_push_api requirer) through the harness, state by state: joined with
 * no endpoint yet, changed with a first and a second endpoint, a second relation, a unit departing,
 * broken. The log targets in Pebble and the databags are checked against the spec (6.3, 6.5), and
 * the layer is added only when the endpoints change.
 */
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import {
  events,
  getContainer,
  getRelation,
  relation,
  type Context,
  type State,
} from "@garm-charms/charm-testing";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { charmOptions, garmContext, GARM_PROVIDERS, readyState } from "./fixtures.js";
import { reconcilerContainer } from "./planner-fixtures.js";

let garm: GarmFake;

beforeAll(async () => {
  garm = await startGarmFake({ providers: GARM_PROVIDERS });
});

afterAll(async () => {
  await garm.close();
});

const LOKI_0 = "http://loki-0.loki-endpoints.cos.svc.cluster.local:3100/loki/api/v1/push";
const LOKI_1 = "http://loki-1.loki-endpoints.cos.svc.cluster.local:3100/loki/api/v1/push";
const OTELCOL_0 = "http://otelcol-0.otelcol-endpoints.cos.svc.cluster.local:3500/loki/api/v1/push";

const endpointBag = (url: string, host: string) => ({
  endpoint: JSON.stringify({ url }),
  public_address: host,
});

/** The spec's target (6.5) for `url`, from its YAML. */
const enabledTarget = (url: string) =>
  parseYaml(`
override: replace
services: [all]
type: loki
location: ${url}
labels:
  product: Juju
  charm: garm
  juju_model: garm-model
  juju_model_uuid: 1a2b3c4d-0000-4000-8000-000000000000
  juju_application: garm
  juju_unit: garm/0
`) as unknown;
const DISABLED = parseYaml(
  `{override: replace, services: [-all], type: loki, location: "(removed)"}`,
) as unknown;

/** The requirer leader's app databag (spec 6.3). */
const REQUIRER_APP_DATA = {
  metadata:
    '{"model": "garm-model", "model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "application": "garm", "unit": "garm/0", "charm_name": "garm"}',
  alert_rules: "{}",
};

const loki = (units: Record<number, Record<string, string>>) =>
  relation({ endpoint: "logging", id: 40, remoteAppName: "loki", remoteUnitsData: units });

const context = (): Promise<Context> => garmContext(charmOptions(garm.url));
const layerAdds = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.path === "/v1/layers");

function logTargets(out: State, container = "garm"): unknown {
  return (
    getContainer(out, container)?.layers[`${container}-log-forwarding`] as
      { "log-targets"?: unknown } | undefined
  )?.["log-targets"];
}

/** The next hook's input: the previous output with the relations replaced. */
function next(out: State, relations: State["relations"]): State {
  return { ...out, relations };
}

describe("logging (loki_push_api requirer)", () => {
  it("joined with no endpoint yet: no target, no requirer data", async () => {
    const ctx = await context();
    const joined = loki({ 0: {} });
    const out = await ctx.run(
      events.relationJoined(joined),
      readyState({ relations: [...readyState().relations, joined] }),
    );
    expect(logTargets(out)).toBeUndefined();
    expect(getRelation(out, 40)?.localAppData).toStrictEqual({});
  });

  it("changed: one target per endpoint, then a second endpoint, a second relation, departed, broken", async () => {
    const ctx = await context();
    const base = readyState().relations;
    const one = loki({ 0: endpointBag(LOKI_0, "loki-0") });
    let out = await ctx.run(events.relationChanged(one), readyState({ relations: [...base, one] }));
    expect(logTargets(out)).toEqual({ "loki/0": enabledTarget(LOKI_0) });
    expect(getRelation(out, 40)?.localAppData).toStrictEqual(REQUIRER_APP_DATA);
    expect(layerAdds(ctx).length).toBeGreaterThan(0);

    // The same endpoints again: no layer.
    out = await ctx.run(events.updateStatus(), out);
    expect(layerAdds(ctx)).toEqual([]);

    // A second unit is not ready yet: the relation is all or nothing, so nothing changes.
    const halfTwo = loki({ 0: endpointBag(LOKI_0, "loki-0"), 1: {} });
    out = await ctx.run(
      events.relationJoined(halfTwo, { remoteUnit: "loki/1" }),
      next(out, [...base, halfTwo]),
    );
    expect(layerAdds(ctx)).toEqual([]);

    const two = loki({ 0: endpointBag(LOKI_0, "loki-0"), 1: endpointBag(LOKI_1, "loki-1") });
    out = await ctx.run(events.relationChanged(two, { remoteUnit: "loki/1" }), next(out, [...base, two]));
    expect(logTargets(out)).toEqual({ "loki/0": enabledTarget(LOKI_0), "loki/1": enabledTarget(LOKI_1) });
    expect(layerAdds(ctx)).toHaveLength(1);

    const otelcol = relation({
      endpoint: "logging",
      id: 41,
      remoteAppName: "otelcol",
      remoteUnitsData: { 0: endpointBag(OTELCOL_0, "otelcol-0") },
    });
    out = await ctx.run(events.relationChanged(otelcol), next(out, [...base, two, otelcol]));
    expect(logTargets(out)).toEqual({
      "loki/0": enabledTarget(LOKI_0),
      "loki/1": enabledTarget(LOKI_1),
      "otelcol/0": enabledTarget(OTELCOL_0),
    });
    expect(getRelation(out, 41)?.localAppData).toStrictEqual(REQUIRER_APP_DATA);

    // loki/1 departs: its target is switched off, the others stay.
    out = await ctx.run(
      events.relationDeparted(one, { remoteUnit: "loki/1", departingUnit: "loki/1" }),
      next(out, [...base, one, otelcol]),
    );
    expect(logTargets(out)).toEqual({
      "loki/0": enabledTarget(LOKI_0),
      "loki/1": DISABLED,
      "otelcol/0": enabledTarget(OTELCOL_0),
    });

    // The loki relation is broken: its last target goes off; the broken relation's bag is left alone.
    out = await ctx.run(events.relationBroken(one), next(out, [...base, one, otelcol]));
    expect(logTargets(out)).toEqual({
      "loki/0": DISABLED,
      "loki/1": DISABLED,
      "otelcol/0": enabledTarget(OTELCOL_0),
    });

    // The last relation is broken: no target forwards any more.
    out = await ctx.run(events.relationBroken(otelcol), next(out, [...base, otelcol]));
    expect(logTargets(out)).toEqual({ "loki/0": DISABLED, "loki/1": DISABLED, "otelcol/0": DISABLED });
    out = await ctx.run(events.updateStatus(), next(out, base));
    expect(layerAdds(ctx)).toEqual([]);
  });

  it("a non-leader forwards its own logs, labelled with its unit, and writes no requirer data", async () => {
    const ctx = await garmContext(charmOptions(garm.url), 1);
    const one = loki({ 0: endpointBag(LOKI_0, "loki-0") });
    const out = await ctx.run(
      events.relationChanged(one),
      readyState({ leader: false, relations: [...readyState().relations, one] }),
    );
    const targets = logTargets(out) as Record<string, { labels: Record<string, string> }>;
    expect(targets["loki/0"]?.labels["juju_unit"]).toBe("garm/1");
    expect(getRelation(out, 40)?.localAppData).toStrictEqual({});
  });

  it("forwards the pressure reconciler's logs too: its container gets a target for all its services", async () => {
    const ctx = await context();
    const one = loki({ 0: endpointBag(LOKI_0, "loki-0") });
    const out = await ctx.run(
      events.relationChanged(one),
      readyState({
        relations: [...readyState().relations, one],
        containers: [...readyState().containers, reconcilerContainer],
      }),
    );
    expect(logTargets(out, "pressure-reconciler")).toEqual({ "loki/0": enabledTarget(LOKI_0) });
    expect(logTargets(out)).toEqual({ "loki/0": enabledTarget(LOKI_0) });
  });

  it("a unit without the pressure reconciler running, or without its container, still forwards GARM's logs", async () => {
    const ctx = await garmContext(charmOptions(garm.url), 1);
    const one = loki({ 0: endpointBag(LOKI_0, "loki-0") });
    const down = { ...reconcilerContainer, canConnect: false };
    const out = await ctx.run(
      events.relationChanged(one),
      readyState({
        leader: false,
        relations: [...readyState().relations, one],
        containers: [...readyState().containers, down],
      }),
    );
    expect(logTargets(out, "pressure-reconciler")).toBeUndefined();
    expect(Object.keys(logTargets(out) as object)).toEqual(["loki/0"]);
    // Its container up but no service in it (a non-leader): the target waits there for one.
    const idle = await ctx.run(
      events.pebbleReady("pressure-reconciler"),
      readyState({
        leader: false,
        relations: [...readyState().relations, one],
        containers: [...readyState().containers, reconcilerContainer],
      }),
    );
    expect(Object.keys(getContainer(idle, "pressure-reconciler")?.layers ?? {})).toEqual([
      "pressure-reconciler-log-forwarding",
    ]);
    expect(Object.keys(logTargets(idle, "pressure-reconciler") as object)).toEqual(["loki/0"]);
  });

  it("forwards again after a pod restart emptied the plan (pebble-ready)", async () => {
    const ctx = await context();
    const one = loki({ 0: endpointBag(LOKI_0, "loki-0") });
    const input = readyState({ relations: [...readyState().relations, one] });
    const out = await ctx.run(events.pebbleReady("garm"), input);
    expect(logTargets(out)).toEqual({ "loki/0": enabledTarget(LOKI_0) });
  });
});

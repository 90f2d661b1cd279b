/**
 * The lazy dispatch entry skips every event a charm's OBSERVED_EVENTS does not list, without
 * loading the charm. That is safe only if the charm does nothing on those events: run every event
 * each charm's metadata allows, in-process, and require that a skipped one calls no hook tool.
 */
import { fileURLToPath } from "node:url";

import { mustLoad, type EventFilterSpec } from "@garm-charms/charm-runtime/dispatch";
import type { Charm } from "@garm-charms/charm-runtime";
import {
  Context,
  events,
  loadCharmMeta,
  secret,
  type CharmMeta,
  type HarnessEvent,
  type State,
} from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";

import { garmConfiguratorCharm } from "../../charms/garm-configurator/src/index.js";
import { OBSERVED_EVENTS as CONFIGURATOR_OBSERVED } from "../../charms/garm-configurator/src/observed-events.js";
import { createGarmCharm } from "../../charms/garm/src/index.js";
import { OBSERVED_EVENTS as GARM_OBSERVED } from "../../charms/garm/src/observed-events.js";
import {
  baseState,
  garmRelation,
  imageRelation,
  plannerRelation,
} from "../../charms/garm-configurator/tests/fixtures.js";
import { charmOptions, garmMeta, osPasswordSecret, readyState } from "../../charms/garm/tests/fixtures.js";
import { reconcilerContainer } from "../../charms/garm/tests/planner-fixtures.js";
import { relation } from "@garm-charms/charm-testing";

const owned = secret({
  id: "secret:cs0000000000000owned01",
  owner: "app",
  label: "owned",
  content: { a: "bbbbbbbbbb" },
  latestContent: { a: "cccccccccc" },
});

function everyEvent(meta: CharmMeta, input: State, granted: State["secrets"][number]): HarnessEvent[] {
  const lifecycle = [
    events.install(),
    events.start(),
    events.stop(),
    events.remove(),
    events.upgradeCharm(),
    events.configChanged(),
    events.leaderElected(),
    events.updateStatus(),
  ];
  const secrets = [
    events.secretChanged(granted),
    events.secretRotate(owned),
    events.secretExpired(owned, 1),
    events.secretRemove(owned, 1),
  ];
  const relations = input.relations.flatMap((r) => [
    events.relationCreated(r),
    events.relationJoined(r),
    events.relationChanged(r),
    events.relationDeparted(r),
    events.relationBroken(r),
  ]);
  const containers = input.containers.map((c) => events.pebbleReady(c));
  const actions = Object.keys(meta.actions).map((name) => events.action(name));
  return [...lifecycle, ...secrets, ...relations, ...containers, ...actions];
}

async function expectSkippedEventsIdle(
  charm: Charm,
  meta: CharmMeta,
  observed: EventFilterSpec,
  input: State,
  granted: State["secrets"][number],
): Promise<number> {
  const ctx = new Context(charm, { meta });
  let skipped = 0;
  for (const event of everyEvent(meta, input, granted)) {
    try {
      await ctx.run(event, input);
    } catch {
      // A failing observed hook is other tests' business; a skipped one is checked below.
    }
    if (mustLoad(observed, ctx.env)) continue;
    skipped += 1;
    expect(
      ctx.hookToolCalls,
      `${ctx.env["JUJU_DISPATCH_PATH"] ?? ""} is skipped but the charm acts on it`,
    ).toEqual([]);
  }
  return skipped;
}

describe("OBSERVED_EVENTS lists every event the charm acts on", () => {
  it("garm-configurator", async () => {
    const meta = await loadCharmMeta(
      fileURLToPath(new URL("../../charms/garm-configurator/charmcraft.yaml", import.meta.url)),
    );
    const input = baseState({
      relations: [imageRelation(true), garmRelation(), plannerRelation()],
      secrets: [...baseState({}).secrets, owned],
    });
    const skipped = await expectSkippedEventsIdle(
      garmConfiguratorCharm,
      meta,
      CONFIGURATOR_OBSERVED,
      input,
      input.secrets[0]!,
    );
    expect(skipped).toBeGreaterThanOrEqual(8);
  });

  it("garm", async () => {
    const meta = await garmMeta();
    const peers = Object.keys(meta.peers ?? {});
    const input = readyState({
      secrets: [...readyState().secrets, owned],
      relations: [
        ...readyState().relations,
        relation({ endpoint: "ingress", id: 30, remoteAppName: "traefik" }),
        relation({ endpoint: "logging", id: 31, remoteAppName: "loki" }),
        relation({ endpoint: "grafana-dashboard", id: 32, remoteAppName: "grafana" }),
        ...peers.map((endpoint, i) => relation({ endpoint, id: 40 + i, remoteAppName: "garm" })),
      ],
      // Every container of the metadata, so that each one's pebble-ready is run.
      containers: [...readyState().containers, reconcilerContainer],
    });
    const skipped = await expectSkippedEventsIdle(
      // Nothing listens there: observed hooks give up on GARM quickly.
      createGarmCharm(charmOptions("http://127.0.0.1:9")),
      meta,
      GARM_OBSERVED,
      input,
      osPasswordSecret,
    );
    expect(skipped).toBeGreaterThanOrEqual(5);
  });
});

/**
 * The packed garm charm run as Juju runs it, for every kind of event it handles and its action, against
 * the same States as in-process: same State out, no repeated hook-tool call, and a failing hook
 * (GARM's service cannot start) whose relation and charm-state writes are discarded. The
 * database is requested but not yet provided, so the hooks stop before reaching GARM (the
 * packed charm reaches GARM on 127.0.0.1:8080 only; `pnpm bench hooks` runs that part).
 */
import {
  Context,
  container,
  events,
  relation,
  type HarnessEvent,
  type State,
} from "@garm-charms/charm-testing";
import { beforeAll, describe, expect, it } from "vitest";

import { garmCharm } from "../../charms/garm/src/index.js";
import {
  GARM_SECRET_LEAKS,
  garmMeta,
  oneConfigurator,
  osPasswordSecret,
  readyState,
} from "../../charms/garm/tests/fixtures.js";
import { expectSameInBothModes, packed } from "./both-modes.js";

let inProcess: Context;
let asProcess: Context;

beforeAll(async () => {
  const meta = await garmMeta();
  inProcess = new Context(garmCharm, { meta, secretLeaks: GARM_SECRET_LEAKS });
  asProcess = new Context(await packed("garm"), { meta, secretLeaks: GARM_SECRET_LEAKS });
}, 180_000);

const requested = relation({ endpoint: "postgresql", id: 10, remoteAppName: "postgresql-k8s" });
const ingress = relation({ endpoint: "ingress", id: 30, remoteAppName: "traefik" });
const metrics = relation({ endpoint: "metrics-endpoint", id: 31, remoteAppName: "prometheus" });
const tmate = relation({ endpoint: "debug-ssh", id: 32, remoteAppName: "tmate-ssh-server" });
const relations = [requested, oneConfigurator, ingress, metrics, tmate];

const input = (): State => readyState({ relations });

const handled: [string, HarnessEvent][] = [
  ["install", events.install()],
  ["leader-elected", events.leaderElected()],
  ["config-changed", events.configChanged()],
  ["upgrade-charm", events.upgradeCharm()],
  ["update-status", events.updateStatus()],
  ["garm-pebble-ready", events.pebbleReady("garm")],
  ["secret-changed", events.secretChanged(osPasswordSecret)],
  ["stop (ignored)", events.stop()],
  // Every relation kind on the two endpoints garm consumes; changed and broken on the three it
  // publishes to (the same reconcile runs for all of them; this keeps CI time down).
  ...[requested, oneConfigurator].flatMap((r): [string, HarnessEvent][] => [
    [`${r.endpoint}-relation-created`, events.relationCreated(r)],
    [`${r.endpoint}-relation-joined`, events.relationJoined(r)],
    [`${r.endpoint}-relation-changed`, events.relationChanged(r)],
    [`${r.endpoint}-relation-departed`, events.relationDeparted(r)],
    [`${r.endpoint}-relation-broken`, events.relationBroken(r)],
  ]),
  ...[ingress, metrics, tmate].flatMap((r): [string, HarnessEvent][] => [
    [`${r.endpoint}-relation-changed`, events.relationChanged(r)],
    [`${r.endpoint}-relation-broken`, events.relationBroken(r)],
  ]),
];

describe("the packed garm charm as a process", () => {
  it.each(handled)("%s: same State as in-process", async (_name, event) => {
    await expectSameInBothModes(inProcess, asProcess, event, input());
  });

  it("runs the get-credentials action", async () => {
    await expectSameInBothModes(inProcess, asProcess, events.action("get-credentials"), input());
    expect(asProcess.actionResults).toMatchObject({ username: "admin" });
  });

  it("discards the writes of a hook that fails (GARM cannot start) and keeps its statuses", async () => {
    const failing = readyState({
      containers: [container({ name: "garm", serviceStartErrors: { garm: "exec format error" } })],
    });
    const both = await expectSameInBothModes(inProcess, asProcess, events.configChanged(), failing);
    expect(both.asProcess.ok).toBe(false);
    expect(String((both.asProcess as { error: unknown }).error)).toMatch(
      /^DispatchFailedError: dispatch exited 1/,
    );
    expect(asProcess.hookToolCalls.map((c) => c.tool)).toContain("relation-set");
    expect(both.asProcess.state.relations).toEqual(failing.relations);
    expect(both.asProcess.state.storedState).toEqual(failing.storedState);
  });
});

/**
 * Every hook kind issue 2 lists, from the harness's event constructor through the JUJU_*
 * environment it builds to the typed event the real runtime parses: proves the two sides agree
 * on each kind (lifecycle, relation, secret, workload, action, storage), with the ids, names and
 * revisions each carries.
 */
import type { JujuEvent } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import { container, peerRelation, relation, secret, state } from "./builders.js";
import { Context } from "./context.js";
import { events } from "./events.js";
import type { HarnessEvent } from "./events.js";
import { parseCharmMeta } from "./meta.js";

const meta = parseCharmMeta({
  name: "demo",
  containers: { "garm-server": {} },
  requires: { "garm-configurator": { interface: "garm_configurator_v0" } },
  peers: { cluster: { interface: "demo_peers" } },
  storage: { "garm-data": { type: "filesystem", location: "/var/lib/garm" } },
  actions: { "create-admin": { params: { name: { type: "string" } } } },
});

const cfg = relation({
  endpoint: "garm-configurator",
  id: 7,
  remoteAppName: "cfg",
  remoteUnitsData: { 0: {}, 1: {} },
});
const peers = peerRelation({ endpoint: "cluster", id: 3, appName: "demo", remoteUnitsData: { 1: {} } });
const observed = secret({ id: "secret:cs0000000000000observ", label: "github-app", content: { key: "v" } });
const owned = secret({
  id: "secret:cs00000000000000owned",
  owner: "app",
  label: "jwt",
  content: { key: "v" },
});
const notice = { id: "12", type: "custom" as const, key: "canonical.com/garm/reload" };
const server = container({
  name: "garm-server",
  notices: [notice],
  checks: [{ name: "api-up", level: "ready", status: "down", failures: 3, threshold: 3 }],
});
const world = state({
  leader: true,
  relations: [cfg, peers],
  secrets: [observed, owned],
  containers: [server],
  storages: [{ name: "garm-data", index: 1 }],
});

const relationBase = { endpoint: "garm-configurator", relationId: 7, remoteApp: "cfg" };

const CASES: readonly (readonly [string, HarnessEvent, JujuEvent])[] = [
  ["install", events.install(), { kind: "install", hook: "install" }],
  ["start", events.start(), { kind: "start", hook: "start" }],
  ["stop", events.stop(), { kind: "stop", hook: "stop" }],
  ["remove", events.remove(), { kind: "remove", hook: "remove" }],
  ["upgrade-charm", events.upgradeCharm(), { kind: "upgrade-charm", hook: "upgrade-charm" }],
  ["config-changed", events.configChanged(), { kind: "config-changed", hook: "config-changed" }],
  ["leader-elected", events.leaderElected(), { kind: "leader-elected", hook: "leader-elected" }],
  ["update-status", events.updateStatus(), { kind: "update-status", hook: "update-status" }],
  [
    "relation-created",
    events.relationCreated(cfg),
    {
      kind: "relation-created",
      hook: "garm-configurator-relation-created",
      ...relationBase,
      remoteUnit: undefined,
      departingUnit: undefined,
    },
  ],
  [
    "relation-joined",
    events.relationJoined(cfg, { remoteUnit: "cfg/1" }),
    {
      kind: "relation-joined",
      hook: "garm-configurator-relation-joined",
      ...relationBase,
      remoteUnit: "cfg/1",
      departingUnit: undefined,
    },
  ],
  [
    "relation-changed",
    events.relationChanged(cfg),
    {
      kind: "relation-changed",
      hook: "garm-configurator-relation-changed",
      ...relationBase,
      remoteUnit: "cfg/0",
      departingUnit: undefined,
    },
  ],
  [
    "relation-departed (remote unit leaves)",
    events.relationDeparted(cfg, { departingUnit: "cfg/1" }),
    {
      kind: "relation-departed",
      hook: "garm-configurator-relation-departed",
      ...relationBase,
      remoteUnit: "cfg/1",
      departingUnit: "cfg/1",
    },
  ],
  [
    "relation-departed (this unit leaves a peer relation)",
    events.relationDeparted(peers, { remoteUnit: "demo/1", departingUnit: "demo/0" }),
    {
      kind: "relation-departed",
      hook: "cluster-relation-departed",
      endpoint: "cluster",
      relationId: 3,
      remoteApp: "demo",
      remoteUnit: "demo/1",
      departingUnit: "demo/0",
    },
  ],
  [
    "relation-broken",
    events.relationBroken(cfg),
    {
      kind: "relation-broken",
      hook: "garm-configurator-relation-broken",
      ...relationBase,
      remoteUnit: undefined,
      departingUnit: undefined,
    },
  ],
  [
    "secret-changed",
    events.secretChanged(observed),
    {
      kind: "secret-changed",
      hook: "secret-changed",
      secretId: observed.id,
      secretLabel: "github-app",
      revision: undefined,
    },
  ],
  [
    "secret-rotate",
    events.secretRotate(owned),
    {
      kind: "secret-rotate",
      hook: "secret-rotate",
      secretId: owned.id,
      secretLabel: "jwt",
      revision: undefined,
    },
  ],
  [
    "secret-expired",
    events.secretExpired(owned, 1),
    { kind: "secret-expired", hook: "secret-expired", secretId: owned.id, secretLabel: "jwt", revision: 1 },
  ],
  [
    "secret-remove",
    events.secretRemove(owned, 1),
    { kind: "secret-remove", hook: "secret-remove", secretId: owned.id, secretLabel: "jwt", revision: 1 },
  ],
  [
    "pebble-ready",
    events.pebbleReady(server),
    { kind: "pebble-ready", hook: "garm-server-pebble-ready", container: "garm-server" },
  ],
  [
    "pebble-custom-notice",
    events.pebbleCustomNotice(server, notice),
    {
      kind: "pebble-custom-notice",
      hook: "garm-server-pebble-custom-notice",
      container: "garm-server",
      noticeId: "12",
      noticeType: "custom",
      noticeKey: "canonical.com/garm/reload",
    },
  ],
  [
    "pebble-check-failed",
    events.pebbleCheckFailed(server, "api-up"),
    {
      kind: "pebble-check-failed",
      hook: "garm-server-pebble-check-failed",
      container: "garm-server",
      checkName: "api-up",
    },
  ],
  [
    "pebble-check-recovered",
    events.pebbleCheckRecovered(server, "api-up"),
    {
      kind: "pebble-check-recovered",
      hook: "garm-server-pebble-check-recovered",
      container: "garm-server",
      checkName: "api-up",
    },
  ],
  [
    "action",
    events.action("create-admin", { name: "admin" }, "42"),
    { kind: "action", name: "create-admin", id: "42" },
  ],
  [
    "storage-attached",
    events.storageAttached("garm-data", 1),
    {
      kind: "storage-attached",
      hook: "garm-data-storage-attached",
      storageName: "garm-data",
      storageIndex: 1,
      location: "/var/lib/garm",
      storageKind: "filesystem",
    },
  ],
  [
    "storage-detaching",
    events.storageDetaching("garm-data", 1),
    {
      kind: "storage-detaching",
      hook: "garm-data-storage-detaching",
      storageName: "garm-data",
      storageIndex: 1,
      location: "/var/lib/garm",
      storageKind: "filesystem",
    },
  ],
];

describe("dispatch of every hook kind through the harness and the runtime", () => {
  it.each(CASES)("%s", async (_name, event, expected) => {
    let seen: JujuEvent | undefined;
    const ctx = new Context(
      async (hook) => {
        seen = hook.event;
      },
      { meta },
    );
    await ctx.run(event, world);
    expect(seen).toEqual(expected);
    const location = expected.kind === "action" ? "actions" : "hooks";
    const name = expected.kind === "action" ? expected.name : expected.hook;
    expect(ctx.env["JUJU_DISPATCH_PATH"]).toBe(`${location}/${name}`);
  });
});

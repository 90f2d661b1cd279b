import { describe, expect, it } from "vitest";
import { container, peerRelation, relation, secret } from "./builders.js";
import { events, hookName } from "./events.js";

const db = relation({ endpoint: "db", id: 5, remoteAppName: "pg", remoteUnitsData: { 2: {}, 1: {} } });

describe("events", () => {
  it("names hooks as Juju does", () => {
    expect(hookName(events.upgradeCharm())).toBe("upgrade-charm");
    expect(hookName(events.relationBroken(db))).toBe("db-relation-broken");
    expect(hookName(events.pebbleReady(container({ name: "web" })))).toBe("web-pebble-ready");
    expect(hookName(events.pebbleCheckRecovered("web", "alive"))).toBe("web-pebble-check-recovered");
    expect(hookName(events.storageDetaching("data", 1))).toBe("data-storage-detaching");
    expect(hookName(events.secretExpired(secret({ content: { key: "v" } }), 2))).toBe("secret-expired");
    expect(hookName(events.action("rotate-password"))).toBe("rotate-password");
  });

  it("picks the lowest remote unit for joined and changed unless told otherwise", () => {
    expect(events.relationJoined(db)).toEqual({
      kind: "relation-joined",
      relationId: 5,
      endpoint: "db",
      remoteUnit: "pg/1",
    });
    expect(events.relationChanged(db, { remoteUnit: "pg/2" })).toMatchObject({ remoteUnit: "pg/2" });
    expect(events.relationCreated(db)).toEqual({ kind: "relation-created", relationId: 5, endpoint: "db" });
  });

  it("sets the departing unit, keeping a remote unit when this unit departs", () => {
    expect(events.relationDeparted(db, { departingUnit: "pg/2" })).toMatchObject({
      remoteUnit: "pg/2",
      departingUnit: "pg/2",
    });
    expect(events.relationDeparted(db, { departingUnit: "demo/0" })).toMatchObject({
      remoteUnit: "pg/1",
      departingUnit: "demo/0",
    });
  });

  it("gives actions distinct ids unless one is given", () => {
    const first = events.action("backup");
    const second = events.action("backup");
    expect(first.kind === "action" && second.kind === "action" && first.id !== second.id).toBe(true);
    expect(events.action("backup", { depth: 1 }, "77")).toEqual({
      kind: "action",
      name: "backup",
      params: { depth: 1 },
      id: "77",
    });
  });

  it("builds peer relations whose remote units are this application's", () => {
    const peers = peerRelation({
      endpoint: "cluster",
      appName: "demo",
      remoteUnitsData: { 1: { ready: "yes" } },
    });
    expect(peers.remoteAppName).toBe("demo");
    expect(peers.remoteUnitsData[1]).toMatchObject({ ready: "yes", "ingress-address": "192.0.2.0" });
  });
});

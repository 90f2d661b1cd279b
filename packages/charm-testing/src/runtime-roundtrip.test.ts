import { PermissionDeniedError } from "@garm-charms/charm-runtime";
import type { HookContext } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import { relation, secret, state } from "./builders.js";
import { Context } from "./context.js";
import { events } from "./events.js";
import type { HarnessEvent } from "./events.js";
import { parseCharmMeta } from "./meta.js";
import type { State } from "./state.js";

/**
 * Every model operation of the runtime against the fake hook tools: proves the runtime's argv
 * and the fake's parser agree, and that the fake's output passes the runtime's schemas.
 */

const meta = parseCharmMeta({
  name: "demo",
  requires: { db: { interface: "pg" } },
  peers: { cluster: { interface: "demo_peers" } },
  storage: { data: { type: "filesystem", location: "/srv/data" } },
  resources: { "garm-binary": { type: "file", filename: "garm" } },
  actions: { sync: { params: { depth: { type: "integer", default: 1 } } } },
});
const db = relation({
  endpoint: "db",
  id: 2,
  remoteAppName: "pg",
  remoteUnitsData: { 0: { role: "primary" }, 1: {} },
});
const owned = secret({
  id: "secret:cs0000000000000owned",
  owner: "app",
  label: "mine",
  content: { key: "v1" },
  latestContent: { key: "v2" },
});
const base = state({
  leader: true,
  relations: [db],
  secrets: [owned],
  storages: [{ name: "data", index: 0 }],
});

async function runWith(
  body: (hook: HookContext) => Promise<void>,
  event: HarnessEvent = events.updateStatus(),
  input: State = base,
) {
  const ctx = new Context(body, { meta });
  const out = await ctx.run(event, input);
  return { ctx, out };
}

describe("runtime model API against the fake hook tools", () => {
  it("reads relations, their units and data", async () => {
    let seen: unknown;
    await runWith(async (hook) => {
      const rel = await hook.relation("db");
      seen = {
        units: rel?.remoteUnits,
        app: rel?.remoteAppName,
        remoteUnit: await rel?.remoteUnitData("pg/0").get(),
        localApp: await rel?.localAppData.get(),
      };
    });
    expect(seen).toEqual({
      units: ["pg/0", "pg/1"],
      app: "pg",
      remoteUnit: expect.objectContaining({ role: "primary" }) as unknown,
      localApp: {},
    });
  });

  it("sees the departing unit on relation-departed and the relation on relation-broken", async () => {
    let departed: unknown;
    await runWith(
      async (hook) => {
        const rel = await hook.eventRelation();
        departed = { units: rel?.remoteUnits, departing: rel?.departingUnit };
      },
      events.relationDeparted(db, { departingUnit: "pg/1" }),
    );
    // relation-list no longer shows pg/1; the runtime puts it back, as ops does.
    expect(departed).toEqual({ units: ["pg/0", "pg/1"], departing: "pg/1" });

    let broken: unknown;
    await runWith(async (hook) => {
      broken = (await hook.eventRelation())?.remoteUnits;
    }, events.relationBroken(db));
    expect(broken).toEqual([]);
  });

  it("reads statuses, ports, network and goal state", async () => {
    let seen: Record<string, unknown> = {};
    await runWith(
      async (hook) => {
        await hook.setUnitStatus({ name: "active", message: "ok" });
        seen = {
          unit: await hook.getUnitStatus(),
          app: await hook.getAppStatus(),
          ports: await hook.openedPorts(),
          network: await hook.networkGet("db", 2),
          goal: await hook.goalState(),
        };
      },
      events.updateStatus(),
      { ...base, openedPorts: [{ protocol: "udp", port: 53 }, { protocol: "icmp" }] },
    );
    expect(seen["unit"]).toMatchObject({ name: "active", message: "ok" });
    expect(seen["app"]).toMatchObject({ name: "unknown" });
    expect(seen["ports"]).toEqual([
      expect.objectContaining({ protocol: "udp", port: 53 }),
      expect.objectContaining({ protocol: "icmp" }),
    ]);
    expect(JSON.stringify(seen["network"])).toContain("192.0.2.0");
    expect(JSON.stringify(seen["goal"])).toContain("demo/0");
  });

  it("manages an owned secret: content modes, info, grants, metadata, removal", async () => {
    let seen: Record<string, unknown> = {};
    const { out, ctx } = await runWith(async (hook) => {
      const mine = await hook.getSecret({ label: "mine" });
      seen = {
        tracked: await mine.getContent(),
        peek: await mine.getContent({ peek: true }),
        info: await mine.info(),
        ids: await hook.secretIds(),
      };
      await mine.getContent({ refresh: true });
      await mine.grant(2);
      await mine.grant(2, "pg/1");
      await mine.revoke(2, "pg/1");
      await mine.setInfo({ description: "demo secret", rotate: "monthly" });
      await mine.removeRevision(1);
    });
    expect(seen["tracked"]).toEqual({ key: "v1" });
    expect(seen["peek"]).toEqual({ key: "v2" });
    expect(seen["info"]).toMatchObject({ label: "mine", revision: 2 });
    expect(seen["ids"]).toEqual([expect.stringContaining("cs0000000000000owned")]);
    const after = out.secrets[0];
    expect(after).toMatchObject({
      trackedRevision: 2,
      description: "demo secret",
      rotate: "monthly",
      grants: { 2: ["pg"] },
    });
    expect(after?.revisions.map((r) => r.revision)).toEqual([2]);
    expect(ctx.removedSecretRevisions).toEqual([{ id: owned.id, revision: 1 }]);
  });

  it("removes a whole secret", async () => {
    const { out } = await runWith(async (hook) => {
      await (await hook.getSecret({ label: "mine" })).removeAll();
    });
    expect(out.secrets).toEqual([]);
  });

  it("reads and writes charm state and storage", async () => {
    let seen: Record<string, unknown> = {};
    const { out, ctx } = await runWith(async (hook) => {
      await hook.stateSet({ step: "2" });
      seen = {
        state: await hook.stateGet(),
        storage: await hook.storageGet("data", 0),
        list: await hook.storageList(),
      };
      await hook.storageAdd("data", 1);
    });
    expect(seen).toEqual({
      state: { step: "2" },
      storage: { kind: "filesystem", location: "/srv/data" },
      list: ["data/0"],
    });
    expect(out.storedState).toEqual({ step: "2" });
    expect(ctx.requestedStorages).toEqual([{ name: "data", count: 1 }]);
  });

  it("reads the cloud credential and a file resource", async () => {
    const cloudSpec = {
      type: "openstack",
      name: "serverstack",
      region: "RegionOne",
      credential: { "auth-type": "userpass", attrs: { username: "garm" }, redacted: ["password"] },
    };
    let seen: Record<string, unknown> = {};
    await runWith(
      async (hook) => {
        seen = { cloud: await hook.credentialGet(), binary: await hook.resourceGet("garm-binary") };
      },
      events.updateStatus(),
      { ...base, cloudSpec, resources: { "garm-binary": "/var/lib/juju/res/garm" } },
    );
    expect(seen).toEqual({ cloud: cloudSpec, binary: "/var/lib/juju/res/garm" });
  });

  it("refuses the credential to an untrusted application", async () => {
    const ctx = new Context(async (hook) => void (await hook.credentialGet()), { meta });
    const failed = await ctx.runToFailure(events.updateStatus(), base);
    expect(failed.cause).toBeInstanceOf(PermissionDeniedError);
  });

  it("reads action params with declared defaults", async () => {
    let params: unknown;
    const { ctx } = await runWith(async (hook) => {
      params = await hook.actionParams();
      await hook.setActionResults({ out: { depth: "1" } });
    }, events.action("sync"));
    expect(params).toEqual({ depth: 1 });
    expect(ctx.actionResults).toEqual({ out: { depth: "1" } });
  });

  it("reports the event the runtime parsed from the environment", async () => {
    const kinds: string[] = [];
    const ctx = new Context(
      async (hook) => {
        kinds.push(hook.event.kind);
      },
      { meta },
    );
    await ctx.run(events.storageAttached("data", 0), base);
    await ctx.run(events.secretRotate(owned), base);
    await ctx.run(events.leaderElected(), base);
    expect(kinds).toEqual(["storage-attached", "secret-rotate", "leader-elected"]);
  });
});

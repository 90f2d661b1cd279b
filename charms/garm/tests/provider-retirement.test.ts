/**
 * A configurator unit that leaves: its GARM provider stays configured (files byte-identical, no
 * replan) while GARM still has the charm's scaleset on it, so GARM can drain and delete the
 * runners; once the scaleset is gone the provider files are removed and GARM is replanned.
 * Each hook through the harness, against a fresh GARM fake per test.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import { events, fileText, getContainer, type Context, type State } from "@garm-charms/charm-testing";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  garmContext,
  logIndex,
  oneConfigurator,
  osPasswordSecret,
  osPasswordSecret2,
  postgresql,
  readyState,
  providerBag,
  useGarmFake,
} from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const UNIT_1_FILES = [
  "/etc/garm/clouds-garm-configurator-1.yaml",
  "/etc/garm/provider-garm-configurator-1.toml",
];
const UNIT_0_FILES = [
  "/etc/garm/clouds-garm-configurator-0.yaml",
  "/etc/garm/provider-garm-configurator-0.toml",
];

const twoUnits = configurator({
  0: providerBag(osPasswordSecret.id),
  1: providerBag(osPasswordSecret2.id, "net-2", "garm-configurator-1"),
});

/** Unit 1 has left: relation-list and its databag no longer have it. */
function withoutUnit1(s: State): State {
  return {
    ...s,
    relations: s.relations.map((r) =>
      r.id === twoUnits.id ? { ...r, remoteUnitsData: { 0: r.remoteUnitsData[0]! } } : r,
    ),
  };
}

function files(out: State): Record<string, string> {
  const container = getContainer(out, "garm");
  return Object.fromEntries(Object.entries(container?.files ?? {}).map(([p, f]) => [p, fileText(f)]));
}

function providerNames(out: State): string[] {
  const config = parseToml(files(out)["/etc/garm/config.toml"] ?? "") as { provider?: { name: string }[] };
  return (config.provider ?? []).map((p) => p.name);
}

const pebbleWrites = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.method !== "GET");
const replans = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.action === "replan");
const garmWrites = () =>
  garm.requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login").map((r) => r.method);
const stateSets = (ctx: Context) => ctx.hookToolCalls.filter((call) => call.tool === "state-set");

function scaleset(name: string) {
  return garm.snapshot().scaleSets.find((s) => s.name === name);
}

describe("retiring a departed configurator's provider", () => {
  it("keeps it while its scaleset drains, then removes it after the scaleset is deleted", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, twoUnits] }));
    expect(providerNames(both)).toEqual(["garm-configurator-0", "garm-configurator-1"]);
    const set = scaleset("scaleset-garm-configurator-1");
    expect(set?.enabled).toBe(true);
    garm.addRunner(set!.id);

    // Unit 1 departs while GARM still has its scaleset with a runner.
    garm.clearRequests();
    const departed = await ctx.run(
      events.relationDeparted(twoUnits, { remoteUnit: "garm-configurator/1" }),
      withoutUnit1(both),
    );
    expect(files(departed)).toEqual(files(both));
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(scaleset("scaleset-garm-configurator-1")).toMatchObject({ enabled: false, minIdleRunners: 0 });
    // Disabled once; no delete is sent while GARM still has a runner on it.
    expect(garmWrites()).toEqual(["PUT"]);
    expect(departed.unitStatus.name).toBe("waiting");
    expect(departed.unitStatus.message).toMatch(
      /^delete scaleset scaleset-garm-configurator-1: .*still has 1 runner/,
    );
    expect(ctx.jujuLog.map((l) => l.message)).toContain(
      "Keeping provider garm-configurator-1: GARM still has a scaleset of the charm on it",
    );

    // The same hook again: no push, no replan, no state-set, and no GARM write: the charm reads
    // the scaleset's runners and waits while any is left.
    garm.clearRequests();
    const again = await ctx.run(events.updateStatus(), departed);
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(stateSets(ctx)).toEqual([]);
    expect(garmWrites()).toEqual([]);
    expect(files(again)).toEqual(files(both));

    // The runners are gone: the scaleset is deleted, then the provider is retired.
    garm.removeRunners(set!.id);
    const drained = await ctx.run(events.updateStatus(), again);
    expect(scaleset("scaleset-garm-configurator-1")).toBeUndefined();
    // The scaleset was deleted while its provider was configured; its files went after.
    const deleted = logIndex(ctx, /delete scaleset scaleset-garm-configurator-1/);
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(
      logIndex(ctx, /Removed stale provider file \/etc\/garm\/provider-garm-configurator-1\.toml/),
    ).toBeGreaterThan(deleted);
    expect(Object.keys(files(drained)).sort()).toEqual(["/etc/garm/config.toml", ...UNIT_0_FILES].sort());
    expect(providerNames(drained)).toEqual(["garm-configurator-0"]);
    expect(replans(ctx)).toHaveLength(1);
    expect(files(drained)["/etc/garm/provider-garm-configurator-0.toml"]).toBe(
      files(both)["/etc/garm/provider-garm-configurator-0.toml"],
    );
    expect(drained.unitStatus).toEqual({ name: "active", message: "" });
    expect(getContainer(drained, "garm")?.serviceStatuses["garm"]).toBe("active");

    // And once more: nothing to do.
    garm.clearRequests();
    const settled = await ctx.run(events.updateStatus(), drained);
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(stateSets(ctx)).toEqual([]);
    expect(garmWrites()).toEqual([]);
    expect(files(settled)).toEqual(files(drained));
  });

  it("retires every provider after the last configurator relation is broken and its scaleset is gone", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const running = await ctx.run(events.configChanged(), readyState());
    const set = scaleset("scaleset-garm-configurator-0");
    garm.addRunner(set!.id);

    const broken = await ctx.run(events.relationBroken(oneConfigurator), running);
    // After relation-broken Juju forgets the relation.
    const gone = { ...broken, relations: broken.relations.filter((r) => r.id !== oneConfigurator.id) };
    expect(files(broken)).toEqual(files(running));
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(scaleset("scaleset-garm-configurator-0")?.enabled).toBe(false);
    expect(broken.unitStatus.name).toBe("waiting");

    garm.clearRequests();
    const again = await ctx.run(events.updateStatus(), gone);
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(garmWrites()).toEqual([]);

    garm.removeRunners(set!.id);
    const drained = await ctx.run(events.updateStatus(), again);
    expect(garm.snapshot().scaleSets).toEqual([]);
    expect(Object.keys(files(drained))).toEqual(["/etc/garm/config.toml"]);
    expect(providerNames(drained)).toEqual([]);
    expect(files(drained)["/etc/garm/config.toml"]).not.toContain("[[provider]]");
    expect(replans(ctx)).toHaveLength(1);
    expect(getContainer(drained, "garm")?.serviceStatuses["garm"]).toBe("active");
    expect(drained.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });

    garm.clearRequests();
    const settled = await ctx.run(events.updateStatus(), drained);
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(stateSets(ctx)).toEqual([]);
    expect(garmWrites()).toEqual([]);
    expect(files(settled)).toEqual(files(drained));
  });

  it("keeps the provider of a configurator unit that is still publishing", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, twoUnits] }));
    const { openstack_auth_url: _removed, ...halfway } = providerBag(
      osPasswordSecret2.id,
      "net-2",
      "garm-configurator-1",
    );
    const publishing = {
      ...both,
      relations: both.relations.map((r) =>
        r.id === twoUnits.id ? { ...r, remoteUnitsData: { ...r.remoteUnitsData, 1: halfway } } : r,
      ),
    };
    garm.clearRequests();
    const out = await ctx.run(
      events.relationChanged(twoUnits, { remoteUnit: "garm-configurator/1" }),
      publishing,
    );
    expect(files(out)).toEqual(files(both));
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(scaleset("scaleset-garm-configurator-1")?.enabled).toBe(true);
    expect(garmWrites()).toEqual([]);
    expect(out.unitStatus.message).toMatch(/^unit garm-configurator\/1: still publishing/);
  });

  it("keeps the provider of the only configurator while its relation is still publishing", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const running = await ctx.run(events.configChanged(), readyState());
    const publishing = {
      ...running,
      relations: running.relations.map((r) =>
        r.id === oneConfigurator.id ? { ...r, remoteUnitsData: { 0: {} } } : r,
      ),
    };
    garm.clearRequests();
    const out = await ctx.run(events.relationChanged(oneConfigurator), publishing);
    expect(files(out)).toEqual(files(running));
    expect(pebbleWrites(ctx)).toEqual([]);
    // GARM is probed and read (bootstrap runs on every hook), never written to.
    expect(garmWrites()).toEqual([]);
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for garm-configurator relation" });
  });

  it("retires at once a departed provider that never had a scaleset", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const noScaleset = configurator({
      0: providerBag(osPasswordSecret.id),
      1: { ...providerBag(osPasswordSecret2.id, "net-2", "garm-configurator-1"), image_id: "" },
    });
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, noScaleset] }));
    expect(providerNames(both)).toEqual(["garm-configurator-0", "garm-configurator-1"]);
    expect(scaleset("scaleset-garm-configurator-1")).toBeUndefined();

    const departed = await ctx.run(
      events.relationDeparted(noScaleset, {
        remoteUnit: "garm-configurator/1",
        departingUnit: "garm-configurator/1",
      }),
      both,
    );
    expect(Object.keys(files(departed)).sort()).toEqual(["/etc/garm/config.toml", ...UNIT_0_FILES].sort());
    expect(providerNames(departed)).toEqual(["garm-configurator-0"]);
    expect(replans(ctx)).toHaveLength(1);
  });

  it("on a non-leader, keeps the provider until a read-only listing shows the leader deleted the scaleset", async () => {
    const leader = await garmContext(charmOptions(garm.url));
    await leader.run(events.configChanged(), readyState({ relations: [postgresql, twoUnits] }));
    const set = scaleset("scaleset-garm-configurator-1");
    garm.addRunner(set!.id);

    const follower = await garmContext(charmOptions(garm.url), 1);
    const both = await follower.run(
      events.configChanged(),
      readyState({ leader: false, relations: [postgresql, twoUnits] }),
    );
    expect(providerNames(both)).toEqual(["garm-configurator-0", "garm-configurator-1"]);

    garm.clearRequests();
    const departed = await follower.run(
      events.relationDeparted(twoUnits, { remoteUnit: "garm-configurator/1" }),
      withoutUnit1(both),
    );
    expect(files(departed)).toEqual(files(both));
    expect(pebbleWrites(follower)).toEqual([]);
    expect(garmWrites()).toEqual([]);
    expect(garm.requests.map((r) => `${r.method} ${r.path}`)).toContain("GET /api/v1/scalesets");

    // The leader deletes the drained scaleset; the follower's next hook retires the provider.
    garm.removeRunners(set!.id);
    await leader.run(events.updateStatus(), withoutUnit1(readyState({ relations: [postgresql, twoUnits] })));
    expect(scaleset("scaleset-garm-configurator-1")).toBeUndefined();
    const retired = await follower.run(events.updateStatus(), departed);
    expect(Object.keys(files(retired)).sort()).toEqual(["/etc/garm/config.toml", ...UNIT_0_FILES].sort());
    expect(providerNames(retired)).toEqual(["garm-configurator-0"]);
    expect(retired.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("keeps every provider on disk until GARM is asked when nothing was recorded yet (upgrade)", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, twoUnits] }));
    garm.addRunner(scaleset("scaleset-garm-configurator-1")!.id);
    const upgraded = { ...withoutUnit1(both), storedState: {} };
    const out = await ctx.run(events.upgradeCharm(), upgraded);
    expect(files(out)).toEqual(files(both));
    expect(pebbleWrites(ctx)).toEqual([]);
    expect(JSON.parse(out.storedState["garm-providers"] ?? "{}")).toEqual({
      providers: ["garm-configurator-0", "garm-configurator-1"],
    });
  });

  it("treats an unreadable record as none: the provider stays, and the record is rebuilt", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, twoUnits] }));
    const garbled = { ...withoutUnit1(both), storedState: { "garm-providers": "{not json" } };
    const out = await ctx.run(events.updateStatus(), garbled);
    expect(ctx.jujuLog.map((l) => l.message)).toContain(
      "Ignoring unreadable charm state garm-providers; it is rebuilt from GARM",
    );
    // No runner: the scaleset is deleted in this hook, and the provider retired after it.
    expect(scaleset("scaleset-garm-configurator-1")).toBeUndefined();
    expect(providerNames(out)).toEqual(["garm-configurator-0"]);
    expect(JSON.parse(out.storedState["garm-providers"] ?? "{}")).toEqual({
      providers: ["garm-configurator-0"],
    });
  });

  it("keeps a retained provider's files untouched when GARM is replanned for another reason", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const both = await ctx.run(events.configChanged(), readyState({ relations: [postgresql, twoUnits] }));
    garm.addRunner(scaleset("scaleset-garm-configurator-1")!.id);
    const departed = await ctx.run(
      events.relationDeparted(twoUnits, { remoteUnit: "garm-configurator/1" }),
      withoutUnit1(both),
    );

    const proxied = await ctx.run(events.configChanged(), {
      ...departed,
      modelProxy: { httpProxy: "http://squid.internal:3128" },
    });
    expect(replans(ctx)).toHaveLength(1);
    // config.toml and the publishing unit's two files; the retained provider's files are not pushed.
    const pushes = (ctx.pebbleRequests["garm"] ?? []).filter(
      (r) => r.path === "/v1/files" && r.method === "POST",
    );
    expect(pushes).toHaveLength(3);
    for (const path of UNIT_1_FILES) expect(files(proxied)[path]).toBe(files(both)[path]);
    const config = parseToml(files(proxied)["/etc/garm/config.toml"]!) as {
      provider: { name: string; external: { environment_variables?: string[] } }[];
    };
    expect(config.provider.map((p) => [p.name, p.external.environment_variables])).toEqual([
      ["garm-configurator-0", ["HTTP_PROXY", "http_proxy"]],
      ["garm-configurator-1", ["HTTP_PROXY", "http_proxy"]],
    ]);
  });
});

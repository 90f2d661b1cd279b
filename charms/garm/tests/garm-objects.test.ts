/**
 * The GARM object step as the charm runs it by default (the reconcilers in src/reconcile/),
 * against the GARM fake: what the configurators publish ends up in GARM, only after the controller
 * URLs are set, only from the leader, and is pruned once the last configurator relation is gone.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import { events } from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  garmContext,
  oneConfigurator,
  osPasswordSecret,
  postgresql,
  readyState,
  providerBag,
  useGarmFake,
} from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const BOOTSTRAP_PATHS = new Set([
  "/api/v1/controller-info",
  "/api/v1/first-run",
  "/api/v1/auth/login",
  "/api/v1/controller",
]);

describe("GARM objects from the configurators", () => {
  it("creates the credentials, organisation and scaleset after the controller URLs", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.install(), readyState());
    expect(out.unitStatus).toEqual({ name: "active", message: "" });

    const snapshot = garm.snapshot();
    expect(snapshot.credentials.map((c) => c.name)).toEqual(["app-12345-67890"]);
    expect(snapshot.organizations.map((o) => o.name)).toEqual(["test-org"]);
    expect(snapshot.scaleSets.map((s) => s.name)).toEqual(["scaleset-garm-configurator-0"]);

    const paths = garm.requests.map((r) => `${r.method} ${r.path}`);
    const urlsSet = paths.indexOf("PUT /api/v1/controller");
    const firstObjectCall = garm.requests.findIndex((r) => !BOOTSTRAP_PATHS.has(r.path));
    expect(urlsSet).toBeGreaterThan(-1);
    expect(firstObjectCall).toBeGreaterThan(urlsSet);
  });

  it("writes nothing to GARM when nothing changed", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    garm.clearRequests();
    const again = await ctx.run(events.updateStatus(), first);
    expect(again.unitStatus).toEqual({ name: "active", message: "" });
    const writes = garm.requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login");
    expect(writes).toEqual([]);
  });

  it("leaves GARM's objects to the leader", async () => {
    const leader = await garmContext(charmOptions(garm.url));
    await leader.run(events.install(), readyState());
    garm.clearRequests();
    const follower = await garmContext(charmOptions(garm.url), 1);
    const out = await follower.run(events.updateStatus(), readyState({ leader: false }));
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    // Its readiness probe (a login and one read), nothing else.
    expect(garm.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/auth/login",
      "GET /api/v1/controller-info",
    ]);
  });

  it("prunes the configurators' objects once the last configurator relation is gone", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    expect(garm.snapshot().scaleSets).toHaveLength(1);

    const out = await ctx.run(events.relationBroken(oneConfigurator), configured);
    // GARM itself keeps running, bootstrapped, with no provider.
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });
    expect(garm.snapshot().scaleSets).toEqual([]);
  });

  it("runs a scaleset per configurator application and is active with non-leader configurator units", async () => {
    const leaderBag = providerBag(osPasswordSecret.id);
    const followerBag = Object.fromEntries(
      Object.entries(leaderBag).filter(
        ([key]) => !key.startsWith("openstack_") && !key.startsWith("github_"),
      ),
    );
    const twoUnits = configurator({
      0: leaderBag,
      1: { ...followerBag, provider_name: "garm-configurator-1" },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.install(), readyState({ relations: [postgresql, twoUnits] }));
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(garm.snapshot().scaleSets.map((s) => s.name)).toEqual(["scaleset-garm-configurator-0"]);
    expect(ctx.jujuLog.some((line) => line.message.includes("garm-configurator/1"))).toBe(true);
  });

  it("shows a configurator unit that is really still publishing", async () => {
    const halfway = configurator({
      0: { name: "scaleset-a", flavor: "m1.large" },
      1: providerBag(osPasswordSecret.id),
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.install(), readyState({ relations: [postgresql, halfway] }));
    expect(out.unitStatus.name).toBe("waiting");
    expect(out.unitStatus.message).toMatch(/^unit garm-configurator\/0: still publishing/);
  });

  it("does not prune while a configurator relation is still publishing", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    const publishing = {
      ...configured,
      relations: configured.relations.map((r) =>
        r.id === oneConfigurator.id ? { ...r, remoteUnitsData: { 0: {} } } : r,
      ),
    };
    garm.clearRequests();
    const out = await ctx.run(events.relationChanged(oneConfigurator), publishing);
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for garm-configurator relation" });
    // GARM is probed and read (bootstrap runs on every hook), never written to.
    expect(garm.requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login")).toEqual([]);
    expect(garm.snapshot().scaleSets).toHaveLength(1);
    expect(out.relations.find((r) => r.id === postgresql.id)?.localAppData["database"]).toBe("garm");
  });
});

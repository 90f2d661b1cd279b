/**
 * Removing garm's leader unit: Juju runs `-departed` on the dying unit with itself as the
 * departing unit, then `-broken`, while it is still leader. From its view every configurator is
 * gone, so it used to prune the configurators' GARM objects, which the next leader re-created
 * (found by the deploy suite's leader-removal test). A leaving unit writes nothing to GARM.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import { events } from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";
import { charmOptions, garmContext, oneConfigurator, readyState, useGarmFake } from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const writes = (fake: GarmFake) =>
  fake.requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login");

describe("the leader unit being removed", () => {
  it("removing garm's leader unit deletes no GARM object: departed (itself departing), broken, update-status", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    const before = garm.snapshot();
    expect(before.scaleSets).toHaveLength(1);
    garm.clearRequests();

    const departed = await ctx.run(
      events.relationDeparted(oneConfigurator, {
        remoteUnit: "garm-configurator/0",
        departingUnit: "garm/0",
      }),
      configured,
    );
    const broken = await ctx.run(events.relationBroken(oneConfigurator), departed);
    await ctx.run(events.updateStatus(), broken);

    expect(writes(garm)).toEqual([]);
    const after = garm.snapshot();
    expect(after.scaleSets.map((s) => s.name)).toEqual(before.scaleSets.map((s) => s.name));
    expect(after.organizations.map((o) => o.name)).toEqual(before.organizations.map((o) => o.name));
    expect(after.credentials.map((c) => c.name)).toEqual(before.credentials.map((c) => c.name));
  });

  it("another unit departing leaves the leader in charge: a configurator unit's departure still reconciles", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    const out = await ctx.run(
      events.relationDeparted(oneConfigurator, {
        remoteUnit: "garm-configurator/0",
        departingUnit: "garm-configurator/0",
      }),
      configured,
    );
    // The configurator unit left: the leader acts on it (its scale set goes once it is unused).
    expect(out.unitStatus.name).not.toBe("error");
    const pruned = await ctx.run(events.relationBroken(oneConfigurator), out);
    expect(pruned.unitStatus.name).toBe("active");
    expect(garm.snapshot().scaleSets).toEqual([]);
  });
});

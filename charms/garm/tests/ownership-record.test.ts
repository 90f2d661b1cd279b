/**
 * The leader's record of what each configurator unit owns (issue 10, defect 2), as the charm keeps
 * it: in its controller-side state, written only when it changes, and used when a unit's databag
 * turns corrupt.
 */
import { events, type Context } from "@garm-charms/charm-testing";
import { type GarmFake } from "@garm-charms/garm-fake";
import { describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  garmContext,
  osPasswordSecret,
  postgresql,
  readyState,
  providerBag,
  useGarmFake,
} from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const stateSets = (ctx: Context) => ctx.hookToolCalls.filter((call) => call.tool === "state-set");

describe("the ownership record", () => {
  it("is stored once, then left alone while nothing changes", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    expect(JSON.parse(first.storedState["garm-ownership"] ?? "{}")).toEqual({
      "garm-configurator/0": {
        scalesets: ["scaleset-garm-configurator-0"],
        entities: ["organization:test-org"],
        credentials: ["app-12345-67890"],
      },
    });
    await ctx.run(events.updateStatus(), first);
    expect(stateSets(ctx)).toEqual([]);
  });

  it("keeps protecting a unit's org after a corrupt databag drops its name, org and app id", async () => {
    const bag = providerBag(osPasswordSecret.id);
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    const { name: _n, org: _o, github_app_id: _a, ...corrupt } = bag;
    const broken = configurator({ 0: { ...corrupt, provider_name: "??" } });
    garm.clearRequests();
    const out = await ctx.run(events.relationChanged(broken), {
      ...first,
      relations: [postgresql, broken],
    });
    expect(garm.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    expect(garm.snapshot().organizations.map((o) => o.name)).toEqual(["test-org"]);
    expect(out.unitStatus.message).toMatch(/^unit garm-configurator\/0: /u);
  });
});

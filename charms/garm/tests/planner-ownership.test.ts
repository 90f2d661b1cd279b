/**
 * Who owns `min_idle_runners` (planner.md §4.5 pitfalls 1-2, the charm-side tests of §4.6),
 * through the charm against the GARM fake: for a planner-managed scale set the charm sets it only
 * at creation (to the floor), never in its own diff or PUT body, and sends it clamped when it
 * lowers `max_runners`; without a planner it owns the field as before.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import { events, type Context, type State } from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  garmContext,
  osPasswordSecret,
  providerBag,
  useGarmFake,
} from "./fixtures.js";
import { STATUS_WAITING_RECONCILER_CONTAINER } from "../src/planner/index.js";
import { plannerBag, plannerState as withReconciler, SCALESET } from "./planner-fixtures.js";

/** GARM's side only: the service's container is not there (the charm waits for it). */
const plannerState = (bag: Record<string, string>): State => {
  const state = withReconciler(bag);
  return { ...state, containers: state.containers.filter((c) => c.name === "garm") };
};

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const context = (): Promise<Context> => garmContext(charmOptions(garm.url));

function scaleset() {
  const found = garm.snapshot().scaleSets.find((s) => s.name === SCALESET);
  expect(found).toBeDefined();
  return found!;
}

/** What the pressure reconciler does: PUT only `min_idle_runners`, as admin. */
async function serviceSetsMinIdle(value: number): Promise<void> {
  const response = await fetch(`${garm.url}/api/v1/scalesets/${String(scaleset().id)}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${garm.adminToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ min_idle_runners: value }),
  });
  expect(response.status).toBe(200);
}

const scalesetPuts = () =>
  garm.requests.filter((r) => r.method === "PUT" && r.path.startsWith("/api/v1/scalesets/"));

/** The configurator republishes its unit databag, as a relation-changed hook shows it. */
async function republish(ctx: Context, previous: State, bag: Record<string, string>): Promise<State> {
  const relation = configurator({ 0: bag });
  const input: State = { ...previous, relations: [previous.relations[0]!, relation] };
  return ctx.run(events.relationChanged(relation, { remoteUnit: "garm-configurator/0" }), input);
}

describe("a planner-managed scale set", () => {
  it("is created with min idle runners at the floor", async () => {
    const ctx = await context();
    await ctx.run(events.install(), plannerState(plannerBag("1", { min_idle_runner: "2" })));
    expect(scaleset()).toMatchObject({ minIdleRunners: 2, maxRunners: 5 });
    const create = garm.requests.find((r) => r.method === "POST" && r.path.endsWith("/scalesets"));
    expect(create?.body).toMatchObject({ min_idle_runners: 2, max_runners: 5 });
  });

  it("keeps the value the service set: no PUT on the next hooks, none with min idle on a floor change", async () => {
    const ctx = await context();
    const first = await ctx.run(events.install(), plannerState(plannerBag("1", { min_idle_runner: "1" })));
    await serviceSetsMinIdle(4);
    garm.clearRequests();

    const quiet = await ctx.run(events.updateStatus(), first);
    expect(scalesetPuts()).toEqual([]);

    // A new floor and a new flavor: the flavor is updated, the floor goes to the service's config only.
    await republish(ctx, quiet, plannerBag("1", { min_idle_runner: "3", flavor: "m1.xlarge" }));
    expect(scalesetPuts().map((r) => r.body)).toEqual([{ flavor: "m1.xlarge" }]);
    expect(scaleset()).toMatchObject({ minIdleRunners: 4, flavor: "m1.xlarge" });
  });

  it("sends min idle clamped under a lowered max runners (GARM would answer 400 otherwise)", async () => {
    const ctx = await context();
    const first = await ctx.run(events.install(), plannerState(plannerBag("1", { max_runner: "5" })));
    await serviceSetsMinIdle(4);
    garm.clearRequests();

    const out = await republish(ctx, first, plannerBag("1", { max_runner: "3" }));
    expect(scalesetPuts().map((r) => r.body)).toEqual([{ max_runners: 3, min_idle_runners: 3 }]);
    expect(scaleset()).toMatchObject({ maxRunners: 3, minIdleRunners: 3 });
    expect(garm.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(out.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_RECONCILER_CONTAINER });
  });

  it("sends max runners alone when raising it", async () => {
    const ctx = await context();
    const first = await ctx.run(events.install(), plannerState(plannerBag("1", { max_runner: "5" })));
    await serviceSetsMinIdle(4);
    garm.clearRequests();
    await republish(ctx, first, plannerBag("1", { max_runner: "8" }));
    expect(scalesetPuts().map((r) => r.body)).toEqual([{ max_runners: 8 }]);
    expect(scaleset()).toMatchObject({ maxRunners: 8, minIdleRunners: 4 });
  });

  it("returns to the configured floor once the planner link goes", async () => {
    const ctx = await context();
    const first = await ctx.run(events.install(), plannerState(plannerBag("1", { min_idle_runner: "1" })));
    await serviceSetsMinIdle(4);
    garm.clearRequests();
    await republish(ctx, first, { ...providerBag(osPasswordSecret.id), min_idle_runner: "1" });
    expect(scalesetPuts().map((r) => r.body)).toEqual([{ min_idle_runners: 1, max_runners: 5 }]);
    expect(scaleset().minIdleRunners).toBe(1);
  });
});

describe("a scale set without a planner (as before)", () => {
  it("has its min idle runners reset to the configured value by the charm", async () => {
    const ctx = await context();
    const first = await ctx.run(events.install(), plannerState(providerBag(osPasswordSecret.id)));
    await serviceSetsMinIdle(4);
    garm.clearRequests();
    await ctx.run(events.updateStatus(), first);
    expect(scalesetPuts().map((r) => r.body)).toEqual([{ min_idle_runners: 0, max_runners: 5 }]);
  });
});

/**
 * The `plan` action through the harness, against the GARM fake: it reports what the next
 * reconcile would change (creates, updates with their drifted fields, deletes, and what it keeps
 * as foreign or protected) without writing anything, and the reconcile that follows makes exactly
 * those writes.
 */
import { type GarmFake } from "@garm-charms/garm-fake";
import { events, type Context, type State } from "@garm-charms/charm-testing";
import { GarmClient } from "@garm-charms/garm-client";
import { describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  charmOptions,
  configurator,
  garmContext,
  osPasswordSecret,
  osPasswordSecret2,
  postgresql,
  readyState,
  providerBag,
  useGarmFake,
} from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const context = (unit = 0): Promise<Context> => garmContext(charmOptions(garm.url), unit);

interface Planned {
  kind: string;
  object: string;
  description: string;
  drifted?: string[];
}

const writes = () =>
  garm.requests
    .filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login")
    .map((r) => `${r.method} ${r.path.replace(/\/[0-9a-f-]{36}\b|\/[0-9]+\b/g, "/{id}")}`);

/** The GARM writes each kind of operation makes when it succeeds at once (client methods in writes.ts). */
const WRITES_OF: Record<string, readonly string[]> = {
  "create-credential": ["POST /api/v1/github/credentials"],
  "create-entity": ["POST /api/v1/organizations"],
  "create-scaleset": ["POST /api/v1/organizations/{id}/scalesets"],
  "update-scaleset": ["PUT /api/v1/scalesets/{id}"],
  "delete-scaleset": ["PUT /api/v1/scalesets/{id}", "DELETE /api/v1/scalesets/{id}"],
};

/** A converged GARM, then: the first scale set's max runners changed, a second application added. */
async function driftedModel(ctx: Context): Promise<State> {
  const converged = await ctx.run(events.install(), readyState());
  expect(converged.unitStatus).toEqual({ name: "active", message: "" });
  const first = configurator({ 0: { ...providerBag(osPasswordSecret.id), max_runner: "9" } });
  const second = configurator(
    { 0: { ...providerBag(osPasswordSecret2.id, "net-b", "configurator-b-0"), org: "other-org" } },
    21,
    "configurator-b",
  );
  return { ...converged, relations: [postgresql, first, second] };
}

describe("plan action", () => {
  it("reports the next reconcile's writes, writes nothing, and the reconcile makes exactly those", async () => {
    const ctx = await context();
    const drifted = await driftedModel(ctx);
    garm.clearRequests();

    const planned = await ctx.run(events.action("plan"), drifted);
    expect(ctx.actionFailure).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(
      ctx.hookToolCalls.filter((c) => ["relation-set", "state-set", "secret-set"].includes(c.tool)),
    ).toEqual([]);
    expect(planned.containers).toEqual(drifted.containers);

    const results = ctx.actionResults as Record<string, string>;
    const operations = JSON.parse(results["operations"]!) as Planned[];
    expect(operations.map((op) => op.kind)).toEqual(["create-entity", "update-scaleset", "create-scaleset"]);
    expect(operations.find((op) => op.kind === "update-scaleset")).toMatchObject({
      object: "scaleset:scaleset-garm-configurator-0",
      drifted: ["min_idle_runners/max_runners"],
    });
    expect(results["summary"]).toBe("3 writes: 2 creates, 1 updates, 0 deletes; 0 kept");
    expect(JSON.parse(results["kept"]!)).toEqual([]);

    garm.clearRequests();
    const after = await ctx.run(events.updateStatus(), drifted);
    expect(after.unitStatus).toEqual({ name: "active", message: "" });
    expect(writes()).toEqual(operations.flatMap((op) => WRITES_OF[op.kind] ?? [`unmapped ${op.kind}`]));
    const done = ctx.jujuLog.filter((line) => line.level === "INFO").map((line) => line.message);
    expect(done.filter((message) => operations.some((op) => op.description === message))).toEqual(
      operations.map((op) => op.description),
    );

    // Converged: the plan is empty.
    await ctx.run(events.action("plan"), after);
    expect(JSON.parse((ctx.actionResults as Record<string, string>)["operations"]!)).toEqual([]);
  });

  it("lists what the charm keeps because it did not make it, and plans deletes of its own", async () => {
    const ctx = await context();
    const converged = await ctx.run(events.install(), readyState());
    const admin = new GarmClient({ baseUrl: garm.url });
    await admin.login("admin", ADMIN_PASSWORD);
    await admin.createTemplate({
      name: "hand-made",
      description: "by hand",
      osType: "linux",
      forgeType: "github",
      script: "#!/bin/sh\n",
    });
    await admin.close();
    garm.clearRequests();

    await ctx.run(events.action("plan"), { ...converged, relations: [postgresql] });
    const results = ctx.actionResults as Record<string, string>;
    const operations = JSON.parse(results["operations"]!) as Planned[];
    expect(operations.map((op) => op.kind)).toEqual([
      "delete-scaleset",
      "delete-entity",
      "delete-credential",
    ]);
    expect(JSON.parse(results["kept"]!)).toContainEqual({ object: "template hand-made", reason: "foreign" });
    expect(writes()).toEqual([]);
  });

  it("fails on a non-leader, and names GARM's failure when GARM cannot be read", async () => {
    const follower = await context(1);
    await follower.run(events.action("plan"), readyState({ leader: false }));
    expect(follower.actionFailure).toBe("plan runs on the leader unit, which reconciles GARM's objects");

    const ctx = await garmContext(charmOptions("http://127.0.0.1:9"));
    await ctx.run(events.action("plan"), readyState());
    expect(ctx.actionFailure).toMatch(/^GARM could not be read: /);
  });
});

/**
 * Issue 10, defect 3: GARM forwards scale set create and delete to GitHub and answers a bare 500
 * when GitHub fails (or hangs with it). One configurator's failing GitHub must not stop the others.
 */
import { GarmClient } from "@garm-charms/garm-client";
import type { Fault } from "@garm-charms/garm-fake";
import { afterEach, describe, expect, it } from "vitest";
import { buildDesiredState, type ConfiguratorUnit } from "./desired.js";
import { startFakeGarm, type FakeGarm } from "./test-support/fake-harness.js";
import { reconcileGarmObjects } from "./reconcile.js";
import { readTestSecret, unit, WEBHOOK_SECRET } from "./test-support/fixtures.js";

let garm: FakeGarm | undefined;
let client: GarmClient | undefined;

afterEach(async () => {
  await client?.close();
  await garm?.close();
  garm = undefined;
  client = undefined;
});

const reconcile = async (c: GarmClient, units: ConfiguratorUnit[]) =>
  reconcileGarmObjects(
    c,
    await buildDesiredState(units, { readSecret: readTestSecret, webhookSecret: WEBHOOK_SECRET }),
    { log: () => undefined },
  );

const GITHUB_FAULTS: [string, Fault][] = [
  ["answers a bare 500", { kind: "status", status: 500, body: { error: "Server error", details: "" } }],
  ["hangs", { kind: "hang" }],
];

describe("one failing GitHub stops every configurator", () => {
  it.each(GITHUB_FAULTS)(
    "when GitHub %s for one organisation, the other's create and the departed unit's deletes land in the same pass",
    async (_how, fault) => {
      garm = await startFakeGarm(["cfg0-0", "cfg1-0", "cfg2-0"]);
      // A short per-request budget, so that a hung create gives up quickly.
      client = new GarmClient({ baseUrl: garm.fake.url, timeoutMs: 300 });
      await client.login("admin", "Zq7-Loopback-Test-Pass-2026!");
      const departing = unit("cfg2/0", { name: "gone", org: "gone-org", appId: 9, installationId: 9 }, 3);
      await reconcile(client, [departing]);
      expect(garm.fake.snapshot().scaleSets.map((s) => s.name)).toEqual(["gone"]);

      // The first scale set create of the pass is the broken configurator's (relation 1).
      garm.fake.injectFault({
        method: "POST",
        path: /^\/api\/v1\/organizations\/[^/]+\/scalesets$/u,
        times: 1,
        fault,
      });
      const broken = unit("cfg0/0", { name: "broken-set", org: "broken", appId: 1, installationId: 1 }, 1);
      const working = unit("cfg1/0", { name: "works-set", org: "works", appId: 2, installationId: 2 }, 2);
      const result = await reconcile(client, [broken, working]);

      const snapshot = garm.fake.snapshot();
      expect(snapshot.scaleSets.map((s) => s.name)).toEqual(["works-set"]);
      expect(snapshot.organizations.map((o) => o.name).sort()).toEqual(["broken", "works"]);
      expect(result.problems.map((p) => p.subject)).toEqual(["create scaleset broken-set"]);
      expect(result.problems[0]?.message).toContain("GitHub is the likely cause");
      expect(result.problems.some((p) => p.subject === "GARM")).toBe(false);
    },
  );

  it("skips the other writes through the same failing GitHub for the rest of the pass", async () => {
    garm = await startFakeGarm(["cfg0-0", "cfg1-0"]);
    garm.fake.injectFault({
      method: "POST",
      path: /^\/api\/v1\/organizations\/[^/]+\/scalesets$/u,
      times: 1,
      fault: { kind: "status", status: 500, body: { error: "Server error", details: "" } },
    });
    const result = await reconcile(garm.client, [
      unit("cfg0/0", { name: "a", org: "broken" }, 1),
      unit("cfg1/0", { name: "b", org: "broken" }, 2),
    ]);
    expect(garm.fake.snapshot().scaleSets).toEqual([]);
    expect(result.summary).toMatchObject({ failed: 1, skipped: 1 });
  });
});

/**
 * Defects of issue 10: protection must not rest on the remote's possibly corrupt data, and an
 * operator's runner options are never silently dropped.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildDesiredState, type ConfiguratorUnit, type DesiredState } from "./desired.js";
import { isWrite, startFakeGarm, type FakeGarm } from "./test-support/fake-harness.js";
import type { OwnershipRecord } from "./ownership-record.js";
import { reconcileGarmObjects, type ReconcileResult } from "./reconcile.js";
import { readTestSecret, unit, WEBHOOK_SECRET, withDatabag } from "./test-support/fixtures.js";

let garm: FakeGarm | undefined;

afterEach(async () => {
  await garm?.close();
  garm = undefined;
});

/** One hook's reconcile, carrying the charm's ownership record from the hook before. */
class Hooks {
  record: OwnershipRecord | undefined;
  constructor(readonly g: FakeGarm) {}

  async run(units: ConfiguratorUnit[]): Promise<ReconcileResult> {
    const desired: DesiredState = await buildDesiredState(units, {
      readSecret: readTestSecret,
      webhookSecret: WEBHOOK_SECRET,
      ...(this.record === undefined ? {} : { record: this.record }),
    });
    this.record = desired.record;
    return reconcileGarmObjects(this.g.client, desired, { log: () => undefined });
  }
}

const deletes = (g: FakeGarm) =>
  g.fake.requests.filter((r) => r.method === "DELETE").map((r) => `${r.method} ${r.path}`);

const withBag = (u: ConfiguratorUnit, databag: Record<string, string>): ConfiguratorUnit =>
  withDatabag(u, databag);

describe("corrupt identity, lost protection", () => {
  it("keeps the scaleset and org of a unit whose name is missing and whose provider_name is invalid", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    const hooks = new Hooks(garm);
    const healthy = unit("cfg0/0", { name: "set-0", org: "acme" });
    await hooks.run([healthy]);
    expect(garm.fake.snapshot().scaleSets.map((s) => s.name)).toEqual(["set-0"]);

    const { name: _name, ...rest } = healthy.databag;
    garm.fake.clearRequests();
    const result = await hooks.run([withBag(healthy, { ...rest, provider_name: "Not A Provider!" })]);
    expect(deletes(garm)).toEqual([]);
    expect(garm.fake.snapshot().scaleSets.map((s) => s.name)).toEqual(["set-0"]);
    expect(garm.fake.snapshot().organizations.map((o) => o.name)).toEqual(["acme"]);
    expect(result.problems.map((p) => p.subject)).toEqual(["unit cfg0/0"]);
  });

  it("keeps the org and credentials the record says a unit owns after its databag loses them", async () => {
    // No provider in GARM yet: the org and credentials exist, the scaleset waits.
    garm = await startFakeGarm([]);
    const hooks = new Hooks(garm);
    const healthy = unit("cfg0/0", { name: "set-0", org: "acme" });
    await hooks.run([healthy]);
    expect(garm.fake.snapshot().organizations.map((o) => o.name)).toEqual(["acme"]);

    const corrupt = Object.fromEntries(
      Object.entries(healthy.databag).filter(([key]) => !["name", "org", "github_app_id"].includes(key)),
    );
    garm.fake.clearRequests();
    await hooks.run([withBag(healthy, corrupt)]);
    expect(deletes(garm)).toEqual([]);
    expect(garm.fake.snapshot().organizations.map((o) => o.name)).toEqual(["acme"]);
    expect(garm.fake.snapshot().credentials.map((c) => c.name)).toEqual(["app-101-202"]);
  });

  it("deletes what a unit owned once it publishes a complete description without it, or departs", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    const hooks = new Hooks(garm);
    await hooks.run([unit("cfg0/0", { name: "set-0", org: "acme" })]);
    await hooks.run([unit("cfg0/0", { name: "set-0", org: "other", appId: 7, installationId: 8 })]);
    const snapshot = garm.fake.snapshot();
    expect(snapshot.organizations.map((o) => o.name)).toEqual(["other"]);
    expect(snapshot.credentials.map((c) => c.name)).toEqual(["app-7-8"]);
    await hooks.run([]);
    expect(garm.fake.snapshot().scaleSets).toEqual([]);
    expect(garm.fake.snapshot().organizations).toEqual([]);
    expect(hooks.record?.size).toBe(0);
  });

  it("never re-creates away a scaleset whose own unit still publishes it when another unit won the name", async () => {
    garm = await startFakeGarm(["cfg0-0", "cfg1-0"]);
    const hooks = new Hooks(garm);
    const late = unit("cfg1/0", { name: "shared" }, 2);
    await hooks.run([late]);
    const before = garm.fake.snapshot().scaleSets;
    expect(before.map((s) => s.providerName)).toEqual(["cfg1-0"]);
    // A unit of an earlier relation now publishes the same name: it wins the name, but the live
    // scaleset is cfg1/0's, which still publishes it.
    garm.fake.clearRequests();
    const result = await hooks.run([unit("cfg0/0", { name: "shared" }, 1), late]);
    expect(deletes(garm)).toEqual([]);
    expect(garm.fake.snapshot().scaleSets.map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(result.problems.map((p) => p.subject)).toContain("scaleset shared");
  });
});

describe("garm never silently drops an operator's script", () => {
  const longScript = `echo start\n${"# padding\n".repeat(7_000)}`;

  // The shared limit refuses it when the unit is read (the renderer re-checks the same rule).
  it("does not create a scaleset whose pre-job script is refused, and says why", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    const hooks = new Hooks(garm);
    const base = unit("cfg0/0", { name: "set-0" });
    const result = await hooks.run([withBag(base, { ...base.databag, pre_job_script: longScript })]);
    expect(garm.fake.snapshot().scaleSets).toEqual([]);
    const refusal = result.problems.find((p) => p.subject === "unit cfg0/0");
    expect(refusal?.severity).toBe("blocked");
    expect(refusal?.message).toContain("pre_job_script must be at most 65536 bytes");
  });

  it("leaves an existing scaleset as it is when its new pre-job script is refused", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    const hooks = new Hooks(garm);
    await hooks.run([unit("cfg0/0", { name: "set-0" })]);
    const changed = unit("cfg0/0", { name: "set-0", flavor: "m1.xlarge" });
    garm.fake.clearRequests();
    await hooks.run([withBag(changed, { ...changed.databag, pre_job_script: longScript })]);
    expect(garm.fake.requests.filter(isWrite)).toEqual([]);
    expect(garm.fake.snapshot().scaleSets.map((s) => s.flavor)).toEqual(["m1.large"]);
  });
});

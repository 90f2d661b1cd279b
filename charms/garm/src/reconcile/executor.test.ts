import { afterEach, describe, expect, it } from "vitest";
import { buildDesiredState } from "./desired.js";
import { isWrite, startFakeGarm, type FakeGarm } from "./test-support/fake-harness.js";
import { reconcileGarmObjects } from "./reconcile.js";
import { readTestSecret, unit, WEBHOOK_SECRET } from "./test-support/fixtures.js";

let garm: FakeGarm | undefined;

afterEach(async () => {
  await garm?.close();
  garm = undefined;
});

const desired = () =>
  buildDesiredState([unit("cfg0/0", { name: "set-0" })], {
    readSecret: readTestSecret,
    webhookSecret: WEBHOOK_SECRET,
  });

describe("executing a plan", () => {
  it("skips the scaleset while its organisation cannot be registered, and finishes on the next pass", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    garm.fake.injectFault({
      method: "POST",
      path: "/api/v1/organizations",
      times: 1,
      fault: { kind: "status", status: 400 },
    });
    const first = await reconcileGarmObjects(garm.client, await desired(), { log: () => undefined });
    expect(first.summary).toMatchObject({ failed: 1, skipped: 1 });
    expect(first.problems.map((p) => [p.subject, p.severity])).toEqual([
      ["register organization acme", "waiting"],
    ]);
    expect(garm.fake.snapshot().scaleSets).toEqual([]);

    const second = await reconcileGarmObjects(garm.client, await desired(), { log: () => undefined });
    expect(second.problems).toEqual([]);
    expect(second.summary).toMatchObject({ planned: 2, succeeded: 2, failed: 0 });
    expect(garm.fake.snapshot().scaleSets.map((s) => s.name)).toEqual(["set-0"]);
  });

  it("stops the pass when GARM becomes unreachable and reports it", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    garm.fake.injectFault({
      method: "POST",
      path: "/api/v1/github/credentials",
      times: 1,
      fault: { kind: "status", status: 503 },
    });
    // GARM itself no longer answers either (the executor asks before concluding it is down).
    garm.fake.injectFault({
      method: "GET",
      path: "/api/v1/controller",
      times: 10,
      fault: { kind: "status", status: 503 },
    });
    const result = await reconcileGarmObjects(garm.client, await desired(), { log: () => undefined });
    expect(result.problems.map((p) => p.subject)).toEqual(["GARM"]);
    expect(result.summary).toMatchObject({ succeeded: 0, failed: 1, skipped: 3 });
    expect(garm.fake.requests.filter(isWrite)).toHaveLength(1);
  });

  it("reports GARM that cannot be read instead of throwing", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    garm.fake.injectFault({ path: "/api/v1/scalesets", times: 3, fault: { kind: "status", status: 500 } });
    const result = await reconcileGarmObjects(garm.client, await desired(), { log: () => undefined });
    expect(result.summary.planned).toBe(0);
    expect(result.problems[0]).toMatchObject({ subject: "GARM", severity: "waiting" });
    expect(garm.fake.requests.filter(isWrite)).toEqual([]);
  });

  it("never puts a secret value in its log lines or problems", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    const lines: string[] = [];
    const state = await desired();
    const result = await reconcileGarmObjects(garm.client, state, {
      log: (_level, message) => lines.push(message),
    });
    const text = [...lines, ...result.problems.map((p) => p.message)].join("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toContain("PRIVATE KEY");
  });

  it("disables a scaleset to delete once, then writes nothing while its runners drain", async () => {
    garm = await startFakeGarm(["cfg0-0"]);
    await reconcileGarmObjects(garm.client, await desired(), { log: () => undefined });
    const set = garm.fake.snapshot().scaleSets[0]!;
    garm.fake.addRunner(set.id);
    const gone = await buildDesiredState([], { readSecret: readTestSecret, webhookSecret: WEBHOOK_SECRET });

    garm.fake.clearRequests();
    const first = await reconcileGarmObjects(garm.client, gone, { log: () => undefined });
    expect(garm.fake.requests.filter(isWrite).map((r) => `${r.method} ${r.status}`)).toEqual(["PUT 200"]);
    expect(first.problems.map((p) => p.subject)).toEqual(["delete scaleset set-0"]);
    expect(first.problems[0]?.message).toContain("still has 1 runner(s)");

    garm.fake.clearRequests();
    await reconcileGarmObjects(garm.client, gone, { log: () => undefined });
    expect(garm.fake.requests.filter(isWrite)).toEqual([]);
    expect(garm.fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      `GET /api/v1/scalesets/${String(set.id)}/instances`,
    );

    garm.fake.removeRunners(set.id);
    const drained = await reconcileGarmObjects(garm.client, gone, { log: () => undefined });
    expect(drained.problems).toEqual([]);
    expect(garm.fake.snapshot().scaleSets).toEqual([]);
  });
});

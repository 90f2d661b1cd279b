import { afterEach, describe, expect, it } from "vitest";
import { buildDesiredState, type ConfiguratorUnit } from "./desired.js";
import { isWrite, startFakeGarm, type FakeGarm } from "./test-support/fake-harness.js";
import { reconcileGarmObjects, type ReconcileResult } from "./reconcile.js";
import { readTestSecret, unit, WEBHOOK_SECRET } from "./test-support/fixtures.js";

// Two garm-configurator applications, each with a leader (provider and GitHub App keys) and a
// non-leader unit (scaleset keys only). GARM knows the leaders' providers, as the charm
// registers a provider only for a unit that publishes OpenStack credentials.
const appA: ConfiguratorUnit[] = [
  unit("alpha/0", { name: "alpha-runners", org: "acme", dockerhubMirror: "https://mirror.example" }, 1),
  unit("alpha/1", { name: "alpha-runners", org: "acme", withCredentials: false }, 1),
];
const appB: ConfiguratorUnit[] = [
  unit("beta/0", { name: "beta-runners", repo: "acme/tools", appId: 7, installationId: 8 }, 2),
  unit("beta/1", { name: "beta-runners", repo: "acme/tools", withCredentials: false }, 2),
];

let garm: FakeGarm | undefined;
afterEach(async () => {
  await garm?.close();
  garm = undefined;
});

const logs: string[] = [];

async function reconcile(g: FakeGarm, units: ConfiguratorUnit[]): Promise<ReconcileResult> {
  const desired = await buildDesiredState(units, {
    readSecret: readTestSecret,
    webhookSecret: WEBHOOK_SECRET,
  });
  return reconcileGarmObjects(g.client, desired, {
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
}

const writes = (g: FakeGarm) => g.fake.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`);

describe("several garm-configurator applications against the GARM fake", () => {
  it("run side by side, non-leader units included, with no problem and nothing to redo", async () => {
    const g = (garm = await startFakeGarm(["alpha-0", "beta-0"]));
    logs.length = 0;
    const first = await reconcile(g, [...appB, ...appA]);
    expect(first.problems).toEqual([]);
    const snapshot = g.fake.snapshot();
    expect(snapshot.credentials.map((c) => c.name).sort()).toEqual(["app-101-202", "app-7-8"]);
    expect(snapshot.organizations.map((o) => o.name)).toEqual(["acme"]);
    expect(snapshot.repositories.map((r) => `${r.owner}/${r.name}`)).toEqual(["acme/tools"]);
    expect(snapshot.scaleSets.map((s) => [s.name, s.providerName, s.entityKind]).sort()).toEqual([
      ["alpha-runners", "alpha-0", "org"],
      ["beta-runners", "beta-0", "repo"],
    ]);
    const alphaTemplate = snapshot.templates.find((t) => t.name === "github_linux-alpha-runners");
    const charmed = snapshot.templates.find((t) => t.name === "github_linux_charmed");
    expect(snapshot.scaleSets.find((s) => s.name === "alpha-runners")?.templateId).toBe(alphaTemplate?.id);
    expect(snapshot.scaleSets.find((s) => s.name === "beta-runners")?.templateId).toBe(charmed?.id);
    // The non-leader units are no warning, only a debug line.
    expect(logs.filter((line) => line.includes("alpha/1") || line.includes("beta/1"))).toEqual([
      "debug: unit alpha/1 is not its configurator's leader: its leader's data runs the scaleset",
      "debug: unit beta/1 is not its configurator's leader: its leader's data runs the scaleset",
    ]);
    g.fake.clearRequests();
    const second = await reconcile(g, [...appA, ...appB]);
    expect(second.problems).toEqual([]);
    expect(writes(g)).toEqual([]);
  });

  it("removes exactly the departed application's objects, scaleset first and credentials last", async () => {
    const g = (garm = await startFakeGarm(["alpha-0", "beta-0"]));
    await reconcile(g, [...appA, ...appB]);
    const before = g.fake.snapshot();
    const beta = before.scaleSets.find((s) => s.name === "beta-runners");
    const repo = before.repositories[0];
    const credential = before.credentials.find((c) => c.name === "app-7-8");
    g.fake.clearRequests();
    const result = await reconcile(g, appA);
    expect(result.problems).toEqual([]);
    expect(writes(g)).toEqual([
      `PUT /api/v1/scalesets/${beta?.id}`,
      `DELETE /api/v1/scalesets/${beta?.id}`,
      `DELETE /api/v1/repositories/${repo?.id}`,
      `DELETE /api/v1/github/credentials/${credential?.id}`,
    ]);
    const after = g.fake.snapshot();
    expect(after.scaleSets.map((s) => s.name)).toEqual(["alpha-runners"]);
    expect(after.organizations).toEqual(before.organizations);
    expect(after.credentials.map((c) => c.name)).toEqual(["app-101-202"]);
    expect(after.templates).toEqual(before.templates);
  });

  it("keeps an application's scaleset while its only unit left is a non-leader waiting for a new leader", async () => {
    const g = (garm = await startFakeGarm(["alpha-0", "beta-0"]));
    await reconcile(g, [...appA, ...appB]);
    g.fake.clearRequests();
    // beta/0 (the leader) is gone and beta/1 has not published the keys yet.
    const result = await reconcile(g, [...appA, appB[1] as ConfiguratorUnit]);
    expect(result.problems.map((p) => [p.subject, p.severity])).toEqual([["unit beta/1", "waiting"]]);
    expect(writes(g)).toEqual([]);
    expect(
      g.fake
        .snapshot()
        .scaleSets.map((s) => s.name)
        .sort(),
    ).toEqual(["alpha-runners", "beta-runners"]);
  });
});

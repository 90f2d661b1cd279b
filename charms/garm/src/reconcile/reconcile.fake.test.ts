import { afterEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "@garm-charms/garm-fake";
import { buildDesiredState, type ConfiguratorUnit } from "./desired.js";
import { countRequests, isList, isWrite, startFakeGarm, type FakeGarm } from "./test-support/fake-harness.js";
import { reconcileGarmObjects, type ReconcileResult } from "./reconcile.js";
import {
  readTestSecret,
  testPrivateKey,
  unit,
  WEBHOOK_SECRET,
  withDatabag,
  type UnitOptions,
} from "./test-support/fixtures.js";

const PROVIDERS = Array.from({ length: 8 }, (_, i) => `cfg${i}-0`);
let garm: FakeGarm | undefined;

afterEach(async () => {
  await garm?.close();
  garm = undefined;
});

async function start(): Promise<FakeGarm> {
  garm = await startFakeGarm(PROVIDERS);
  return garm;
}

/** Unit `cfg<i>/0` running scaleset `set-<i>`. */
const cfg = (i: number, options: UnitOptions = {}): ConfiguratorUnit =>
  unit(`cfg${i}/0`, { name: `set-${i}`, ...options }, i + 1);

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
const indexOf = (requests: readonly RecordedRequest[], test: (r: RecordedRequest) => boolean): number =>
  requests.findIndex(test);

describe("reconcileGarmObjects against the GARM fake", () => {
  it.each([3, 8])(
    "creates %i scalesets with as many creates and the same list calls as for any N, then writes nothing",
    async (n) => {
      const g = await start();
      const units = Array.from({ length: n }, (_, i) => cfg(i));
      const first = await reconcile(g, units);
      expect(first.problems).toEqual([]);
      const creates = g.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/scalesets"));
      expect(creates).toHaveLength(n);
      // One list per kind (credentials, organisations, repositories, providers, scale sets,
      // templates), the same for every N.
      expect(g.fake.requests.filter(isList)).toHaveLength(6);
      expect(g.fake.snapshot().scaleSets).toHaveLength(n);
      g.fake.clearRequests();
      const second = await reconcile(g, units);
      expect(second.summary.planned).toBe(0);
      expect(writes(g)).toEqual([]);
    },
  );

  it("creates each scaleset with every field, and adds new ones to those already there", async () => {
    const g = await start();
    const counts = [];
    for (const n of [2, 6]) {
      g.fake.clearRequests();
      const units = Array.from({ length: n }, (_, i) => cfg(i));
      const first = await reconcile(g, units);
      expect(first.problems).toEqual([]);
      const creates = g.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/scalesets"));
      counts.push({ n, creates: creates.length, lists: g.fake.requests.filter(isList).length });
    }
    // The second round adds 4 scalesets to the 2 already there.
    expect(counts).toEqual([
      { n: 2, creates: 2, lists: 6 },
      { n: 6, creates: 4, lists: 6 },
    ]);
    const snapshot = g.fake.snapshot();
    expect(snapshot.scaleSets.map((s) => s.name).sort()).toEqual([
      "set-0",
      "set-1",
      "set-2",
      "set-3",
      "set-4",
      "set-5",
    ]);
    const created = snapshot.scaleSets.find((s) => s.name === "set-0");
    expect(created).toMatchObject({
      providerName: "cfg0-0",
      image: "image-1",
      flavor: "m1.large",
      osType: "linux",
      osArch: "amd64",
      enabled: true,
      maxRunners: 5,
      runnerGroup: "Default",
      labels: ["noble", "x64"],
    });
    const charmed = snapshot.templates.find((t) => t.name === "github_linux_charmed");
    expect(created?.templateId).toBe(charmed?.id);
    expect(snapshot.credentials.map((c) => c.name)).toEqual(["app-101-202"]);
    expect(snapshot.organizations.map((o) => [o.name, o.webhookSecret])).toEqual([["acme", WEBHOOK_SECRET]]);
  });

  it("deletes nothing while a configurator is mid-publish", async () => {
    const g = await start();
    await reconcile(g, [
      cfg(0),
      cfg(1, { org: "beta", appId: 7, dockerhubMirror: "https://mirror.example" }),
    ]);
    g.fake.clearRequests();
    const result = await reconcile(g, [
      cfg(0),
      cfg(1, { org: "beta", appId: 7, imageId: undefined, withCredentials: false }),
    ]);
    expect(writes(g)).toEqual([]);
    expect(result.problems.map((p) => [p.subject, p.severity])).toEqual([["unit cfg1/0", "waiting"]]);
    expect(g.fake.snapshot().scaleSets).toHaveLength(2);
  });

  it("removes exactly a departed configurator's objects, in a valid order", async () => {
    const g = await start();
    const keep = cfg(0);
    await reconcile(g, [keep, cfg(1, { org: "beta", appId: 7, dockerhubMirror: "https://mirror.example" })]);
    const before = g.fake.snapshot();
    const gone = before.scaleSets.find((s) => s.name === "set-1");
    const goneTemplate = before.templates.find((t) => t.name === "github_linux-set-1");
    expect(goneTemplate?.id).toBe(gone?.templateId);
    g.fake.clearRequests();

    const result = await reconcile(g, [keep]);
    expect(result.problems).toEqual([]);
    const requests = g.fake.requests;
    const disable = indexOf(requests, (r) => r.method === "PUT" && r.path.endsWith(`/scalesets/${gone?.id}`));
    const deleteSet = indexOf(
      requests,
      (r) => r.method === "DELETE" && r.path.endsWith(`/scalesets/${gone?.id}`),
    );
    const deleteTemplate = indexOf(
      requests,
      (r) => r.method === "DELETE" && r.path.endsWith(`/templates/${goneTemplate?.id}`),
    );
    const deleteOrg = indexOf(requests, (r) => r.method === "DELETE" && r.path.includes("/organizations/"));
    const deleteCred = indexOf(
      requests,
      (r) => r.method === "DELETE" && r.path.includes("/github/credentials/"),
    );
    expect(requests[disable]?.body).toEqual({ enabled: false, min_idle_runners: 0 });
    expect([disable, deleteSet, deleteTemplate, deleteOrg, deleteCred].every((i) => i >= 0)).toBe(true);
    expect(disable).toBeLessThan(deleteSet);
    expect(deleteSet).toBeLessThan(deleteTemplate);
    expect(deleteSet).toBeLessThan(deleteOrg);
    expect(deleteOrg).toBeLessThan(deleteCred);
    expect(writes(g)).toHaveLength(5);

    const after = g.fake.snapshot();
    expect(after.scaleSets.map((s) => s.name)).toEqual(["set-0"]);
    expect(after.organizations.map((o) => o.name)).toEqual(["acme"]);
    expect(after.credentials.map((c) => c.name)).toEqual(["app-101-202"]);
    expect(after.templates.map((t) => t.name)).toContain("github_linux_charmed");
    expect(after.templates.map((t) => t.name)).not.toContain("github_linux-set-1");
  });

  it("never touches a scaleset, template or credential made by hand", async () => {
    const g = await start();
    await reconcile(g, [cfg(0)]);
    const org = (await g.client.listOrganisations())[0];
    if (org === undefined) throw new Error("the reconcile registered no organisation");
    await g.client.createCredentials({
      name: "app-101-202-hand",
      endpoint: "github.com",
      auth: { type: "app", appId: 1, installationId: 2, privateKeyPem: testPrivateKey() },
    });
    const handTemplate = await g.client.createTemplate({
      name: "github_linux-set-0",
      description: "made by hand",
      osType: "linux",
      forgeType: "github",
      script: "#!/bin/bash\nset -e\n",
    });
    await g.client.createScaleSet(
      { orgId: org.id },
      {
        name: "hand",
        providerName: "cfg0-0",
        image: "i",
        flavor: "f",
        osType: "linux",
        osArch: "amd64",
        maxRunners: 1,
        minIdleRunners: 0,
      },
    );
    g.fake.clearRequests();

    const result = await reconcile(g, []);
    const after = g.fake.snapshot();
    expect(after.scaleSets.map((s) => s.name)).toEqual(["hand"]);
    expect(after.templates.some((t) => t.id === handTemplate.id)).toBe(true);
    expect(after.credentials.map((c) => c.name)).toEqual(["app-101-202", "app-101-202-hand"]);
    // The organisation keeps the hand-made scaleset, so it and its credentials stay.
    expect(after.organizations.map((o) => o.name)).toEqual(["acme"]);
    expect(result.problems).toEqual([]);
    expect(writes(g).every((w) => w.endsWith(`/scalesets/${after.scaleSets[0]?.id}`) === false)).toBe(true);
  });

  it("re-creates a scaleset whose labels changed: disable, check runners, delete, confirm by listing, create, and says so", async () => {
    const g = await start();
    await reconcile(g, [cfg(0)]);
    const oldId = g.fake.snapshot().scaleSets[0]?.id;
    logs.length = 0;
    g.fake.clearRequests();
    const result = await reconcile(g, [cfg(0, { labels: ["jammy"] })]);
    expect(result.problems).toEqual([]);
    const sets = g.fake.snapshot().scaleSets;
    expect(sets.map((s) => [s.name, s.labels])).toEqual([["set-0", ["jammy"]]]);
    expect(sets[0]?.id).not.toBe(oldId);
    // After the pass's own reads: the five steps, in this order and nothing else.
    const steps = g.fake.requests.slice(g.fake.requests.findIndex(isWrite));
    expect(steps.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /api/v1/scalesets/${oldId}`,
      `GET /api/v1/scalesets/${oldId}/instances`,
      `DELETE /api/v1/scalesets/${oldId}`,
      "GET /api/v1/scalesets",
      `POST /api/v1/organizations/${sets[0]?.entityId}/scalesets`,
    ]);
    expect(steps[0]?.body).toEqual({ enabled: false, min_idle_runners: 0 });
    expect(steps[4]?.body).toMatchObject({ name: "set-0", labels: ["jammy"] });
    expect(logs).toContainEqual(
      "warning: re-creating scaleset set-0: labels [noble,x64] -> [jammy]: GARM cannot change this in place",
    );
  });

  it("does not create the new scaleset while GARM still has the old one after a label change", async () => {
    const g = await start();
    await reconcile(g, [cfg(0)]);
    const old = g.fake.snapshot().scaleSets[0];
    g.fake.addRunner(old?.id ?? -1);
    g.fake.clearRequests();
    const result = await reconcile(g, [cfg(0, { labels: ["jammy"] })]);
    expect(result.problems.map((p) => p.severity)).toEqual(["waiting"]);
    expect(g.fake.requests.some((r) => r.method === "POST")).toBe(false);
    expect(g.fake.snapshot().scaleSets.map((s) => [s.id, s.labels])).toEqual([[old?.id, ["noble", "x64"]]]);
    g.fake.removeRunners(old?.id ?? -1);
    expect((await reconcile(g, [cfg(0, { labels: ["jammy"] })])).problems).toEqual([]);
    expect(g.fake.snapshot().scaleSets.map((s) => s.labels)).toEqual([["jammy"]]);
  });

  it("disables a scaleset to re-create once, then writes nothing while its runners drain", async () => {
    const g = await start();
    await reconcile(g, [cfg(0)]);
    const old = g.fake.snapshot().scaleSets[0];
    g.fake.addRunner(old?.id ?? -1);
    const relabelled = [cfg(0, { labels: ["jammy"] })];
    g.fake.clearRequests();
    await reconcile(g, relabelled);
    expect(writes(g)).toEqual([`PUT /api/v1/scalesets/${String(old?.id)}`]);

    g.fake.clearRequests();
    const draining = await reconcile(g, relabelled);
    expect(writes(g)).toEqual([]);
    expect(draining.problems[0]?.message).toContain("still has 1 runner(s)");
  });

  it("lowers max runners below the current min idle in one valid update", async () => {
    const g = await start();
    await reconcile(g, [cfg(0, { minIdle: 4, maxRunners: 8 })]);
    g.fake.clearRequests();
    const result = await reconcile(g, [cfg(0, { minIdle: 1, maxRunners: 2 })]);
    expect(result.problems).toEqual([]);
    expect(g.fake.requests.filter(isWrite).map((r) => r.body)).toEqual([
      { min_idle_runners: 1, max_runners: 2 },
    ]);
  });

  it("raises min idle above the current max runners in one valid update", async () => {
    const g = await start();
    await reconcile(g, [cfg(0, { minIdle: 0, maxRunners: 2 })]);
    g.fake.clearRequests();
    const result = await reconcile(g, [cfg(0, { minIdle: 4, maxRunners: 8 })]);
    expect(result.problems).toEqual([]);
    expect(g.fake.requests.filter(isWrite).map((r) => r.body)).toEqual([
      { min_idle_runners: 4, max_runners: 8 },
    ]);
    expect(g.fake.snapshot().scaleSets[0]).toMatchObject({ minIdleRunners: 4, maxRunners: 8 });
  });

  it("deletes nothing and writes nothing for a configurator that publishes invalid data", async () => {
    const g = await start();
    await reconcile(g, [cfg(0), cfg(1, { org: "beta", appId: 7 })]);
    g.fake.clearRequests();
    const broken = cfg(1, { org: "beta", appId: 7 });
    const result = await reconcile(g, [cfg(0), withDatabag(broken, { ...broken.databag, max_runner: "-1" })]);
    expect(writes(g)).toEqual([]);
    expect(result.problems.map((p) => [p.subject, p.severity])).toEqual([["unit cfg1/0", "blocked"]]);
    expect(g.fake.snapshot().scaleSets).toHaveLength(2);
  });

  it("detaches and deletes a scaleset's own template when its options are cleared", async () => {
    const g = await start();
    await reconcile(g, [cfg(0, { dockerhubMirror: "https://mirror.example" })]);
    const own = g.fake.snapshot().templates.find((t) => t.name === "github_linux-set-0");
    expect(own?.data).toContain("mirror.example");
    g.fake.clearRequests();
    const result = await reconcile(g, [cfg(0)]);
    expect(result.problems).toEqual([]);
    const after = g.fake.snapshot();
    const charmed = after.templates.find((t) => t.name === "github_linux_charmed");
    expect(after.scaleSets[0]?.templateId).toBe(charmed?.id);
    expect(after.templates.some((t) => t.id === own?.id)).toBe(false);
    expect(writes(g)).toEqual([
      `PUT /api/v1/scalesets/${after.scaleSets[0]?.id}`,
      `DELETE /api/v1/templates/${own?.id}`,
    ]);
  });

  it("keeps a scaleset's own template, and the scaleset on it, while GARM's system template is missing", async () => {
    const g = await start();
    await reconcile(g, [cfg(0, { dockerhubMirror: "https://mirror.example" })]);
    const before = g.fake.snapshot();
    const own = before.templates.find((t) => t.name === "github_linux-set-0");
    // GARM answers a template list without its github_linux entry, for the next two passes.
    const wire = await fetch(`${g.fake.url}/api/v1/templates`, {
      headers: { authorization: `Bearer ${g.fake.adminToken()}` },
    });
    const listed = (await wire.json()) as { name?: string }[];
    g.fake.injectFault({
      method: "GET",
      path: "/api/v1/templates",
      times: 2,
      fault: { kind: "status", status: 200, body: listed.filter((t) => t.name !== "github_linux") },
    });
    g.fake.clearRequests();
    const changed = await reconcile(g, [cfg(0, { dockerhubMirror: "https://other-mirror.example" })]);
    const cleared = await reconcile(g, [cfg(0)]);
    expect(writes(g)).toEqual([]);
    expect(changed.problems.concat(cleared.problems).every((p) => p.severity === "waiting")).toBe(true);
    const during = g.fake.snapshot();
    expect(during.templates.find((t) => t.id === own?.id)?.data).toBe(own?.data);
    expect(during.scaleSets[0]?.templateId).toBe(own?.id);
    // Once it is back, the cleared options detach and delete the template.
    expect((await reconcile(g, [cfg(0)])).problems).toEqual([]);
    const after = g.fake.snapshot();
    expect(after.templates.some((t) => t.id === own?.id)).toBe(false);
    expect(after.scaleSets[0]?.templateId).toBe(
      after.templates.find((t) => t.name === "github_linux_charmed")?.id,
    );
  });

  it("does not leak a scaleset's own template when its configurator goes before the scaleset was created", async () => {
    const g = await start();
    // Provider "late-0" is not registered: the template is made, the scaleset waits.
    const early = unit("late/0", { name: "late-set", dockerhubMirror: "https://mirror.example" }, 9);
    const first = await reconcile(g, [early]);
    expect(first.problems.map((p) => p.message)).toEqual(["provider late-0 is not registered in GARM yet"]);
    const own = g.fake.snapshot().templates.find((t) => t.name === "github_linux-late-set");
    expect(own).toBeDefined();
    expect(g.fake.snapshot().scaleSets).toEqual([]);
    g.fake.clearRequests();
    expect((await reconcile(g, [])).problems).toEqual([]);
    expect(writes(g)).toContain(`DELETE /api/v1/templates/${own?.id}`);
    expect(g.fake.snapshot().templates.map((t) => t.name)).not.toContain("github_linux-late-set");
  });

  it("pushes a rotated GitHub App key once", async () => {
    const g = await start();
    await reconcile(g, [cfg(0)]);
    const { generateKeyPairSync } = await import("node:crypto");
    const rotated = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    const desired = await buildDesiredState([cfg(0)], {
      readSecret: () => Promise.resolve(rotated),
      webhookSecret: WEBHOOK_SECRET,
    });
    g.fake.clearRequests();
    await reconcileGarmObjects(g.client, desired, { log: () => undefined });
    expect(writes(g)).toEqual(["PUT /api/v1/github/credentials/1"]);
    const stored = g.fake.snapshot().credentials[0]?.app?.privateKeyBytes;
    expect(Buffer.from(stored ?? "", "base64").toString()).toBe(rotated);
    g.fake.clearRequests();
    await reconcileGarmObjects(g.client, desired, { log: () => undefined });
    expect(writes(g)).toEqual([]);
  });

  it("keeps a scaleset GARM answered the delete of but kept, and retries later", async () => {
    const g = await start();
    await reconcile(g, [cfg(0), cfg(1)]);
    const lost = g.fake.snapshot().scaleSets.find((s) => s.name === "set-1");
    g.fake.loseGithubScaleSet(lost?.id ?? -1);
    const result = await reconcile(g, [cfg(0)]);
    expect(result.problems.map((p) => p.severity)).toEqual(["waiting"]);
    expect(result.problems[0]?.message).toContain("kept it");
    expect(
      g.fake
        .snapshot()
        .scaleSets.map((s) => s.name)
        .sort(),
    ).toEqual(["set-0", "set-1"]);
  });

  it("reads GARM with one list per kind and one template GET, whatever the scaleset count", async () => {
    const g = await start();
    await reconcile(g, [cfg(0), cfg(1, { dockerhubMirror: "https://mirror.example" })]);
    g.fake.clearRequests();
    await reconcile(g, [cfg(0), cfg(1, { dockerhubMirror: "https://mirror.example" })]);
    expect(countRequests(g.fake.requests)).toEqual({ lists: 6, gets: 1, writes: 0, total: 7 });
  });

  it("registers a repository target and runs its scaleset, unchanged on the next pass", async () => {
    const g = await start();
    const units = [cfg(0, { repo: "acme/tools" })];
    expect((await reconcile(g, units)).problems).toEqual([]);
    const snapshot = g.fake.snapshot();
    expect(snapshot.repositories.map((r) => [r.owner, r.name, r.webhookSecret])).toEqual([
      ["acme", "tools", WEBHOOK_SECRET],
    ]);
    expect(snapshot.scaleSets.map((s) => [s.name, s.entityKind])).toEqual([["set-0", "repo"]]);
    g.fake.clearRequests();
    await reconcile(g, units);
    expect(writes(g)).toEqual([]);
  });

  it("adds the debug-ssh server to the charmed template and to the per-scaleset templates built on it", async () => {
    const g = await start();
    const units = [cfg(0), cfg(1, { dockerhubMirror: "https://mirror.example" })];
    await reconcile(g, units);
    g.fake.clearRequests();
    const desired = await buildDesiredState(units, {
      readSecret: readTestSecret,
      webhookSecret: WEBHOOK_SECRET,
    });
    const sshDebug = {
      host: "10.1.2.3",
      port: 10022,
      rsaFingerprint: "SHA256:rsa",
      ed25519Fingerprint: "SHA256:ed",
    };
    const result = await reconcileGarmObjects(g.client, desired, { log: () => undefined, sshDebug });
    expect(result.problems).toEqual([]);
    expect(writes(g).map((w) => w.replace(/\d+$/u, "N"))).toEqual([
      "PUT /api/v1/templates/N",
      "PUT /api/v1/templates/N",
    ]);
    const templates = g.fake.snapshot().templates;
    for (const name of ["github_linux_charmed", "github_linux-set-1"]) {
      expect(templates.find((t) => t.name === name)?.data).toContain("TMATE_SERVER_HOST=10.1.2.3");
    }
    g.fake.clearRequests();
    await reconcileGarmObjects(g.client, desired, { log: () => undefined, sshDebug });
    expect(writes(g)).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { startGarmFake } from "../garm-fake.js";
import type { GarmFake } from "../garm-fake.js";
import { b64, call, readyFake, scaleSetBody, seedEntities } from "../test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function ready(): Promise<{ token: string; orgId: string; repoId: string }> {
  const started = await readyFake();
  fake = started.fake;
  return { token: started.token, ...(await seedEntities(fake, started.token)) };
}

const SERVER_ERROR = { error: "Server error", details: "" };
const badRequest = (details: string) => ({ error: "Bad Request", details });

describe("4.6 scale sets", () => {
  it("creates under an org with GARM's shape: ids, defaults, tags, template", async () => {
    const { token, orgId } = await ready();
    const created = await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody(),
    });
    expect(created.status).toBe(200);
    const body = created.body as Record<string, unknown>;
    expect(body).toMatchObject({
      runner_prefix: "garm",
      id: 1,
      scale_set_id: 101,
      name: "fake-scaleset-1",
      disable_update: false,
      state: "pending_create",
      provider_name: "openstack",
      max_runners: 3,
      image: "ubuntu:24.04",
      flavor: "small",
      os_type: "linux",
      os_arch: "amd64",
      enabled: true,
      "github-runner-group": "Default",
      tags: [{ id: expect.any(String), name: "fake-ss" }],
      org_id: orgId,
      org_name: "fake-org",
      template_id: 2,
      template_name: "github_linux",
      runner_bootstrap_timeout: 20,
      enable_shell: false,
      generation: 0,
      // Seen on a real GARM: null, not [], when there are none.
      status_messages: null,
    });
    // Zero numbers are omitted (omitempty).
    expect(body).not.toHaveProperty("min_idle_runners");
    expect(body).not.toHaveProperty("desired_runner_count");
  });

  it("creates under a repo and lists all, per org and per repo ([] when empty)", async () => {
    const { token, orgId, repoId } = await ready();
    expect((await call(fake!, "GET", "/api/v1/scalesets", { token })).text).toBe("[]");
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, { token, body: scaleSetBody() });
    const repoSet = await call(fake!, "POST", `/api/v1/repositories/${repoId}/scalesets`, {
      token,
      body: scaleSetBody({ name: "repo-ss", enabled: false, labels: ["repo-ss"] }),
    });
    expect(repoSet.status).toBe(200);
    const body = repoSet.body as Record<string, unknown>;
    expect(body).toMatchObject({
      id: 2,
      scale_set_id: 102,
      repo_id: repoId,
      repo_name: "fake-org/fake-repo",
    });
    expect(body).not.toHaveProperty("enabled");
    expect((await call(fake!, "GET", "/api/v1/scalesets", { token })).body).toHaveLength(2);
    const perOrg = await call(fake!, "GET", `/api/v1/organizations/${orgId}/scalesets`, { token });
    expect((perOrg.body as { name: string }[]).map((s) => s.name)).toEqual(["fake-scaleset-1"]);
    const perRepo = await call(fake!, "GET", `/api/v1/repositories/${repoId}/scalesets`, { token });
    expect((perRepo.body as { name: string }[]).map((s) => s.name)).toEqual(["repo-ss"]);
    const one = await call(fake!, "GET", "/api/v1/scalesets/2", { token });
    expect([one.status, (one.body as { name: string }).name]).toEqual([200, "repo-ss"]);
    expect((await call(fake!, "GET", "/api/v1/scalesets/99", { token })).status).toBe(404);
    expect((await call(fake!, "GET", "/api/v1/scalesets/abc", { token })).status).toBe(400);
  });

  it("answers a bare 500 to create params GARM validates after creating the GitHub side", async () => {
    const { token, orgId } = await ready();
    const path = `/api/v1/organizations/${orgId}/scalesets`;
    for (const overrides of [
      { name: "" },
      { provider_name: "" },
      { image: "" },
      { flavor: "" },
      { max_runners: 0 },
      { min_idle_runners: 4, max_runners: 3 },
    ]) {
      const result = await call(fake!, "POST", path, { token, body: scaleSetBody(overrides) });
      expect([overrides, result.status, result.body]).toEqual([overrides, 500, SERVER_ERROR]);
    }
    expect(fake!.snapshot().scaleSets).toEqual([]);
  });

  it("answers 400 to bad types, a missing os_type and a template mismatch, 404 to an unknown template", async () => {
    const { token, orgId } = await ready();
    const path = `/api/v1/organizations/${orgId}/scalesets`;
    const badType = await call(fake!, "POST", path, { token, body: scaleSetBody({ max_runners: "3" }) });
    expect([badType.status, badType.body]).toEqual([400, badRequest("invalid request")]);
    const noOs = await call(fake!, "POST", path, { token, body: scaleSetBody({ os_type: undefined }) });
    expect([noOs.status, noOs.body]).toEqual([
      400,
      badRequest("no template ID supplied and no default template can be found"),
    ]);
    const mismatch = await call(fake!, "POST", path, { token, body: scaleSetBody({ template_id: 1 }) });
    expect(mismatch.status).toBe(400);
    const missing = await call(fake!, "POST", path, { token, body: scaleSetBody({ template_id: 77 }) });
    expect(missing.status).toBe(404);
    const missingOrg = await call(
      fake!,
      "POST",
      "/api/v1/organizations/00000000-0000-0000-0000-000000000000/scalesets",
      {
        token,
        body: scaleSetBody(),
      },
    );
    expect(missingOrg.status).toBe(404);
  });

  it("duplicate scale set name: GitHub refuses it and GARM passes on a 400, not a 409 of its own", async () => {
    const { token, orgId, repoId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, { token, body: scaleSetBody() });
    const dup = await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody({ name: "FAKE-scaleset-1" }),
    });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({
      error: "Bad Request",
      details: expect.stringMatching(/^error creating runner scale set: .*"scale set already exists"$/),
    });
    expect(fake!.snapshot().scaleSets).toHaveLength(1);
    const elsewhere = await call(fake!, "POST", `/api/v1/repositories/${repoId}/scalesets`, {
      token,
      body: scaleSetBody(),
    });
    expect(elsewhere.status).toBe(200);
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody({ name: "second" }),
    });
    const rename = await call(fake!, "PUT", "/api/v1/scalesets/3", {
      token,
      body: { name: "fake-scaleset-1" },
    });
    expect([rename.status, (rename.body as { error: string }).error]).toEqual([400, "Bad Request"]);
  });

  it("updates with GARM's rules: enabled omitted when false, min <= max, labels fixed, runner_group", async () => {
    const { token, orgId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, { token, body: scaleSetBody() });
    const disabled = await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).not.toHaveProperty("enabled");
    const grown = await call(fake!, "PUT", "/api/v1/scalesets/1", {
      token,
      body: { enabled: true, max_runners: 4 },
    });
    expect(grown.body).toMatchObject({ enabled: true, max_runners: 4 });
    const tooMany = await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body: { min_idle_runners: 5 } });
    expect([tooMany.status, tooMany.body]).toEqual([
      400,
      badRequest("min_idle_runners cannot be larger than max_runners"),
    ]);
    const zeroTimeout = await call(fake!, "PUT", "/api/v1/scalesets/1", {
      token,
      body: { runner_bootstrap_timeout: 0 },
    });
    expect(zeroTimeout.status).toBe(400);
    const labels = await call(fake!, "PUT", "/api/v1/scalesets/1", {
      token,
      body: { labels: ["other"], runner_group: "custom", name: "renamed", disable_update: true },
    });
    expect(labels.status).toBe(200);
    expect(labels.body).toMatchObject({
      name: "renamed",
      disable_update: true,
      "github-runner-group": "custom",
      tags: [expect.objectContaining({ name: "fake-ss" })],
    });
  });

  it("looks template_id up on update: 0 is 404, another template switches, a mismatch is 400", async () => {
    const { token, orgId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, { token, body: scaleSetBody() });
    const zero = await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body: { template_id: 0 } });
    expect(zero.status).toBe(404);
    expect((zero.body as { details: string }).details).toMatch(
      /^failed to find suitable template: .*not found$/,
    );
    const custom = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: {
        name: "github_linux-ss",
        os_type: "linux",
        forge_type: "github",
        data: b64("#!/bin/bash\nset -e\n"),
      },
    });
    const customId = (custom.body as { id: number }).id;
    const switched = await call(fake!, "PUT", "/api/v1/scalesets/1", {
      token,
      body: { template_id: customId },
    });
    expect(switched.body).toMatchObject({ template_id: customId, template_name: "github_linux-ss" });
    const windows = await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body: { template_id: 1 } });
    expect(windows.status).toBe(400);
  });

  it("deletes only disabled scale sets without runners; unknown ids answer 200", async () => {
    const { token, orgId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, { token, body: scaleSetBody() });
    const runner = fake!.addRunner(1);
    const instances = await call(fake!, "GET", "/api/v1/scalesets/1/instances", { token });
    expect(instances.body).toEqual([expect.objectContaining({ name: runner, status: "running" })]);
    const withRunner = await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    expect([withRunner.status, withRunner.body]).toEqual([400, badRequest("scale set has runners")]);
    fake!.removeRunners(1);
    const enabled = await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    expect([enabled.status, enabled.body]).toEqual([
      400,
      badRequest("scale set is enabled; disable it first"),
    ]);
    await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body: { enabled: false } });
    const deleted = await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    expect([deleted.status, deleted.text, deleted.contentType]).toEqual([200, "", "application/json"]);
    expect((await call(fake!, "GET", "/api/v1/scalesets/1", { token })).status).toBe(404);
    expect((await call(fake!, "DELETE", "/api/v1/scalesets/1", { token })).status).toBe(200);
  });

  it("reproduces GARM's oddity: when GitHub lost the scale set, DELETE answers 200 and keeps the record", async () => {
    const { token, orgId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody({ enabled: false }),
    });
    fake!.loseGithubScaleSet(1);
    const deleted = await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    expect([deleted.status, deleted.text]).toEqual([200, ""]);
    const still = await call(fake!, "GET", "/api/v1/scalesets", { token });
    expect((still.body as { id: number }[]).map((s) => s.id)).toEqual([1]);
  });
});

describe("a scale set GitHub lost is re-created by GARM's worker", () => {
  async function lostScaleSet(recreateLostScaleSetMs?: number) {
    const started = await readyFake(recreateLostScaleSetMs === undefined ? {} : { recreateLostScaleSetMs });
    fake = started.fake;
    const { orgId } = await seedEntities(fake, started.token);
    await call(fake, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token: started.token,
      body: scaleSetBody({ enabled: true }),
    });
    await call(fake, "PUT", "/api/v1/scalesets/1", { token: started.token, body: { enabled: false } });
    fake.loseGithubScaleSet(1);
    return started.token;
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("after the delay it has a new scale_set_id (disabled or not), and the next DELETE removes it", async () => {
    const token = await lostScaleSet(50);
    expect((await call(fake!, "DELETE", "/api/v1/scalesets/1", { token })).status).toBe(200);
    expect(fake!.snapshot().scaleSets.map((s) => s.scaleSetId)).toEqual([101]);
    await sleep(80);
    const recreated = await call(fake!, "GET", "/api/v1/scalesets/1", { token });
    expect(recreated.body).toMatchObject({ id: 1, scale_set_id: 102 });
    expect((await call(fake!, "DELETE", "/api/v1/scalesets/1", { token })).status).toBe(200);
    expect((await call(fake!, "GET", "/api/v1/scalesets/1", { token })).status).toBe(404);
  });

  it("by default it takes about 3 s, as on a real GARM: an immediate retry is kept again", async () => {
    const token = await lostScaleSet();
    await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    expect(fake!.snapshot().scaleSets.map((s) => s.id)).toEqual([1]);
  });

  it("not while the entity's GitHub fails; once it answers again, the worker catches up", async () => {
    const token = await lostScaleSet(0);
    fake!.setForgeFailure("fake-org", "unreachable");
    expect((await call(fake!, "DELETE", "/api/v1/scalesets/1", { token })).status).toBe(500);
    expect(fake!.snapshot().scaleSets.map((s) => s.scaleSetId)).toEqual([101]);
    fake!.setForgeFailure("fake-org", undefined);
    expect((await call(fake!, "DELETE", "/api/v1/scalesets/1", { token })).status).toBe(200);
    expect(fake!.snapshot().scaleSets).toEqual([]);
  });

  it("refuses a negative delay", async () => {
    await expect(startGarmFake({ recreateLostScaleSetMs: -1 })).rejects.toThrow(RangeError);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { GarmFakeStateError } from "../garm-fake.js";
import type { GarmFake } from "../garm-fake.js";
import type { ForgeFailure } from "../forge.js";
import { call, readyFake, scaleSetBody, seedEntities } from "../test-support.js";

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
const REFUSING_MODES: readonly ForgeFailure[] = ["unreachable", "unauthorized", "not-found", "token-refused"];
/** "Within milliseconds" with slack for a loaded machine; a hang is far longer. */
const PROMPT_MS = 1_000;

/** A request the fake should never answer: fetch gives up after `ms`. */
function abandoned(path: string, token: string, init: { method: string; body?: unknown }, ms = 300) {
  return fetch(`${fake!.url}${path}`, {
    method: init.method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(ms),
  }).then(
    () => "answered",
    () => "no answer",
  );
}

describe("setForgeFailure: an entity's GitHub fails", () => {
  it.each(REFUSING_MODES)(
    "%s: scale set create on the entity is a bare 500 within milliseconds and stores nothing",
    async (mode) => {
      const { token, orgId, repoId } = await ready();
      fake!.setForgeFailure("fake-org", mode);
      const started = performance.now();
      const failed = await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
        token,
        body: scaleSetBody(),
      });
      expect([failed.status, failed.body]).toEqual([500, SERVER_ERROR]);
      expect(performance.now() - started).toBeLessThan(PROMPT_MS);
      expect(fake!.snapshot().scaleSets).toEqual([]);
      // The repository fake-org/fake-repo is another entity: its GitHub still answers.
      const other = await call(fake!, "POST", `/api/v1/repositories/${repoId}/scalesets`, {
        token,
        body: scaleSetBody(),
      });
      expect(other.status).toBe(200);
    },
  );

  it.each(REFUSING_MODES)(
    "%s: scale set delete on the entity is a bare 500 and deletes nothing, after GARM's own checks",
    async (mode) => {
      const { token, repoId } = await ready();
      const path = `/api/v1/repositories/${repoId}/scalesets`;
      await call(fake!, "POST", path, { token, body: scaleSetBody({ name: "on", enabled: true }) });
      await call(fake!, "POST", path, { token, body: scaleSetBody({ name: "off", enabled: false }) });
      fake!.setForgeFailure("fake-org/fake-repo", mode);
      // GARM refuses an enabled scale set before it builds its GitHub client.
      expect((await call(fake!, "DELETE", "/api/v1/scalesets/1", { token })).status).toBe(400);
      const failed = await call(fake!, "DELETE", "/api/v1/scalesets/2", { token });
      expect([failed.status, failed.body]).toEqual([500, SERVER_ERROR]);
      expect(fake!.snapshot().scaleSets.map((s) => s.id)).toEqual([1, 2]);
    },
  );

  it.each(REFUSING_MODES)(
    "%s: endpoint, credentials, organisation and repository creation make no GitHub call and succeed",
    async (mode) => {
      const { token } = await ready();
      fake!.setForgeFailure("down-org", mode);
      fake!.setForgeFailure("down-org/down-repo", mode);
      const endpoint = await call(fake!, "POST", "/api/v1/github/endpoints", {
        token,
        body: {
          name: "down",
          base_url: "http://127.0.0.1:1",
          api_base_url: "http://127.0.0.1:1/api/v3/",
          upload_base_url: "http://127.0.0.1:1/api/uploads/",
        },
      });
      const creds = await call(fake!, "POST", "/api/v1/github/credentials", {
        token,
        body: { name: "down", endpoint: "down", auth_type: "pat", pat: { oauth2_token: "ghp_x" } },
      });
      const org = await call(fake!, "POST", "/api/v1/organizations", {
        token,
        body: { name: "down-org", credentials_name: "down", webhook_secret: "s" },
      });
      const repo = await call(fake!, "POST", "/api/v1/repositories", {
        token,
        body: { owner: "down-org", name: "down-repo", credentials_name: "down", webhook_secret: "s" },
      });
      expect([endpoint.status, creds.status, org.status, repo.status]).toEqual([200, 200, 200, 200]);
    },
  );

  it("matches the entity case-insensitively, as GitHub names are", async () => {
    const { token, orgId } = await ready();
    fake!.setForgeFailure("FAKE-ORG", "unreachable");
    const failed = await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody(),
    });
    expect(failed.status).toBe(500);
  });

  it("undefined clears the failure: the next create lands", async () => {
    const { token, orgId } = await ready();
    fake!.setForgeFailure("fake-org", "token-refused");
    const path = `/api/v1/organizations/${orgId}/scalesets`;
    expect((await call(fake!, "POST", path, { token, body: scaleSetBody() })).status).toBe(500);
    fake!.setForgeFailure("fake-org", undefined);
    expect((await call(fake!, "POST", path, { token, body: scaleSetBody() })).status).toBe(200);
    expect(fake!.snapshot().scaleSets.map((s) => s.scaleSetId)).toEqual([101]);
  });

  it("an update builds GARM's GitHub client: a bare 500 after GARM's own 400 checks, nothing changed", async () => {
    const { token, orgId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, { token, body: scaleSetBody() });
    fake!.setForgeFailure("fake-org", "unreachable");
    for (const body of [{ name: "renamed" }, { max_runners: 5 }, { enabled: false }]) {
      const failed = await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body });
      expect([body, failed.status, failed.body]).toEqual([body, 500, SERVER_ERROR]);
    }
    expect(fake!.snapshot().scaleSets[0]).toMatchObject({
      name: "fake-scaleset-1",
      maxRunners: 3,
      enabled: true,
    });
    const own = await call(fake!, "PUT", "/api/v1/scalesets/1", { token, body: { min_idle_runners: 9 } });
    expect(own.status).toBe(400);
  });

  it("hang: scale set create and delete on the entity never answer and change nothing", async () => {
    const { token, orgId } = await ready();
    await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody({ enabled: false }),
    });
    fake!.setForgeFailure("fake-org", "hang");
    const create = abandoned(`/api/v1/organizations/${orgId}/scalesets`, token, {
      method: "POST",
      body: scaleSetBody({ name: "second" }),
    });
    const remove = abandoned("/api/v1/scalesets/1", token, { method: "DELETE" });
    expect([await create, await remove]).toEqual(["no answer", "no answer"]);
    expect(fake!.snapshot().scaleSets.map((s) => s.name)).toEqual(["fake-scaleset-1"]);
    expect(fake!.requests.slice(-2).map((r) => [r.method, r.status])).toEqual([
      ["POST", 0],
      ["DELETE", 0],
    ]);
    // Calls that do not reach GitHub still answer.
    expect((await call(fake!, "GET", "/api/v1/scalesets", { token })).status).toBe(200);
    const creds = await call(fake!, "POST", "/api/v1/github/credentials", {
      token,
      body: { name: "pat", endpoint: "github.com", auth_type: "pat", pat: { oauth2_token: "ghp_x" } },
    });
    expect(creds.status).toBe(200);
  });

  it("hang: org and repo create never answer, but GARM has stored them before it waits on GitHub", async () => {
    const { token } = await ready();
    fake!.setForgeFailure("slow-org", "hang");
    fake!.setForgeFailure("slow-org/slow-repo", "hang");
    const org = abandoned("/api/v1/organizations", token, {
      method: "POST",
      body: { name: "slow-org", credentials_name: "app", webhook_secret: "s" },
    });
    const repo = abandoned("/api/v1/repositories", token, {
      method: "POST",
      body: { owner: "slow-org", name: "slow-repo", credentials_name: "app", webhook_secret: "s" },
    });
    expect([await org, await repo]).toEqual(["no answer", "no answer"]);
    const snapshot = fake!.snapshot();
    expect(snapshot.organizations.map((o) => o.name)).toContain("slow-org");
    expect(snapshot.repositories.map((r) => `${r.owner}/${r.name}`)).toContain("slow-org/slow-repo");
  });

  it("hang: close() still completes with hung forge calls open", async () => {
    const { token, orgId } = await ready();
    fake!.setForgeFailure("fake-org", "hang");
    const pending = fetch(`${fake!.url}/api/v1/organizations/${orgId}/scalesets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(scaleSetBody()),
    }).then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fake!.close();
    fake = undefined;
    expect(await pending).toBe("failed");
  });

  it("refuses an entity that is neither an org name nor owner/name", async () => {
    const started = await readyFake();
    fake = started.fake;
    for (const entity of ["", " ", "a/b/c", "/name", "owner/"]) {
      expect(() => fake!.setForgeFailure(entity, "unreachable")).toThrow(GarmFakeStateError);
    }
    expect(() => fake!.setForgeFailure("ok", "bogus" as ForgeFailure)).toThrow(GarmFakeStateError);
  });
});

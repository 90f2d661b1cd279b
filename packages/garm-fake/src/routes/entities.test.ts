import { afterEach, describe, expect, it } from "vitest";
import type { GarmFake } from "../garm-fake.js";
import { call, readyFake, scaleSetBody, testKeys } from "../test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function withCredentials(): Promise<string> {
  const started = await readyFake();
  fake = started.fake;
  const token = started.token;
  await call(fake, "POST", "/api/v1/github/credentials", {
    token,
    body: {
      name: "fake-app",
      endpoint: "github.com",
      auth_type: "app",
      app: { app_id: 12345, installation_id: 67890, private_key_bytes: testKeys().pkcs1 },
    },
  });
  await call(fake, "POST", "/api/v1/github/credentials", {
    token,
    body: { name: "fake-pat", endpoint: "github.com", auth_type: "pat", pat: { oauth2_token: "ghp_x" } },
  });
  return token;
}

const orgBody = {
  name: "fake-org",
  credentials_name: "fake-app",
  webhook_secret: "s3cr3t-webhook-value",
  pool_balancer_type: "roundrobin",
};

describe("4.4 organizations", () => {
  it("creates an org with GARM's shape and no webhook secret in the answer", async () => {
    const token = await withCredentials();
    const created = await call(fake!, "POST", "/api/v1/organizations", { token, body: orgBody });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: "fake-org",
      credentials_name: "fake-app",
      credentials: expect.objectContaining({ id: 1, "auth-type": "app" }),
      credentials_id: 1,
      pool_manager_status: {},
      pool_balancing_type: "roundrobin",
      endpoint: expect.objectContaining({ name: "github.com" }),
      agent_mode: false,
    });
    expect((created.body as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.text).not.toContain("s3cr3t-webhook-value");
    const list = await call(fake!, "GET", "/api/v1/organizations", { token });
    expect(list.body).toEqual([
      expect.objectContaining({ name: "fake-org", pool_manager_status: { running: true } }),
    ]);
    expect(fake!.snapshot().organizations[0]).toMatchObject({ webhookSecret: "s3cr3t-webhook-value" });
  });

  it("answers 409 to the same name (case-insensitive) and validates params in GARM's order", async () => {
    const token = await withCredentials();
    await call(fake!, "POST", "/api/v1/organizations", { token, body: orgBody });
    const dup = await call(fake!, "POST", "/api/v1/organizations", {
      token,
      body: { ...orgBody, name: "FAKE-ORG" },
    });
    expect([dup.status, dup.body]).toEqual([
      409,
      { error: "Conflict", details: "organization FAKE-ORG already exists" },
    ]);
    const noSecret = await call(fake!, "POST", "/api/v1/organizations", {
      token,
      body: { name: "other-org", credentials_name: "nope" },
    });
    expect([noSecret.status, noSecret.body]).toEqual([
      400,
      { error: "Bad Request", details: "error validating params: missing secret" },
    ]);
    const unknownCreds = await call(fake!, "POST", "/api/v1/organizations", {
      token,
      body: { name: "other-org", credentials_name: "nope", webhook_secret: "s" },
    });
    expect([unknownCreds.status, unknownCreds.body]).toEqual([
      400,
      { error: "Bad Request", details: "credentials nope not defined" },
    ]);
  });

  it("gets, filters, updates and deletes (200 empty), 404 for a missing id, 400 for a non-UUID", async () => {
    const token = await withCredentials();
    const created = await call(fake!, "POST", "/api/v1/organizations", { token, body: orgBody });
    const id = (created.body as { id: string }).id;
    expect((await call(fake!, "GET", `/api/v1/organizations/${id}`, { token })).status).toBe(200);
    expect((await call(fake!, "GET", "/api/v1/organizations?name=FAKE-org", { token })).body).toHaveLength(1);
    expect((await call(fake!, "GET", "/api/v1/organizations?name=other", { token })).body).toEqual([]);
    const updated = await call(fake!, "PUT", `/api/v1/organizations/${id}`, {
      token,
      body: { credentials_name: "fake-pat", webhook_secret: "new-secret" },
    });
    expect([updated.status, (updated.body as { credentials_name: string }).credentials_name]).toEqual([
      200,
      "fake-pat",
    ]);
    const deleted = await call(fake!, "DELETE", `/api/v1/organizations/${id}`, { token });
    expect([deleted.status, deleted.text, deleted.contentType]).toEqual([200, "", "application/json"]);
    const missing = await call(fake!, "DELETE", `/api/v1/organizations/${id}`, { token });
    expect(missing.status).toBe(404);
    expect((await call(fake!, "GET", "/api/v1/organizations/not-a-uuid", { token })).status).toBe(400);
  });

  it("refuses to delete an org that has scale sets", async () => {
    const token = await withCredentials();
    const created = await call(fake!, "POST", "/api/v1/organizations", { token, body: orgBody });
    const id = (created.body as { id: string }).id;
    await call(fake!, "POST", `/api/v1/organizations/${id}/scalesets`, { token, body: scaleSetBody() });
    const result = await call(fake!, "DELETE", `/api/v1/organizations/${id}`, { token });
    expect([result.status, result.body]).toEqual([
      400,
      { error: "Bad Request", details: "organization has scale sets defined; delete them first" },
    ]);
  });
});

describe("4.4 repositories", () => {
  it("creates a repo with owner and name, 409 on duplicates, and refuses deletion while it has scale sets", async () => {
    const token = await withCredentials();
    const body = {
      owner: "fake-org",
      name: "fake-repo",
      credentials_name: "fake-pat",
      webhook_secret: "another-webhook-secret",
    };
    const created = await call(fake!, "POST", "/api/v1/repositories", { token, body });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      owner: "fake-org",
      name: "fake-repo",
      credentials_name: "fake-pat",
      credentials_id: 2,
      pool_manager_status: {},
      pool_balancing_type: "roundrobin",
      agent_mode: false,
    });
    const dup = await call(fake!, "POST", "/api/v1/repositories", { token, body });
    expect([dup.status, dup.body]).toEqual([
      409,
      { error: "Conflict", details: "repository fake-org/fake-repo already exists" },
    ]);
    const id = (created.body as { id: string }).id;
    const filtered = await call(fake!, "GET", "/api/v1/repositories?owner=fake-org&name=fake-repo", {
      token,
    });
    expect(filtered.body).toHaveLength(1);
    await call(fake!, "POST", `/api/v1/repositories/${id}/scalesets`, {
      token,
      body: scaleSetBody({ enabled: false }),
    });
    const refused = await call(fake!, "DELETE", `/api/v1/repositories/${id}`, { token });
    expect([refused.status, refused.body]).toEqual([
      400,
      { error: "Bad Request", details: "repo has scale sets defined; delete them first" },
    ]);
    await call(fake!, "DELETE", "/api/v1/scalesets/1", { token });
    const deleted = await call(fake!, "DELETE", `/api/v1/repositories/${id}?keepWebhook=true`, { token });
    expect(deleted.status).toBe(200);
    expect((await call(fake!, "GET", "/api/v1/repositories", { token })).body).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { startGarmFake } from "./garm-fake.js";
import type { GarmFake } from "./garm-fake.js";
import { REDACTED } from "./recorder.js";
import { ADMIN_PASSWORD, call, readyFake, scaleSetBody, seedEntities, testKeys } from "./test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("request recorder", () => {
  it("records method, path, query, status and body with every secret redacted", async () => {
    const started = await readyFake();
    fake = started.fake;
    const token = started.token;
    fake.clearRequests();
    await seedEntities(fake, token);
    await call(fake, "POST", "/api/v1/github/credentials", {
      token,
      body: { name: "pat", endpoint: "github.com", auth_type: "pat", pat: { oauth2_token: "ghp_secret" } },
    });
    await call(fake, "GET", "/api/v1/organizations?name=fake-org", { token });
    const serialized = JSON.stringify(fake.requests);
    for (const secret of [testKeys().pkcs1, "s3cr3t-webhook-value", "another-secret", "ghp_secret", token]) {
      expect(serialized).not.toContain(secret);
    }
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/api/v1/github/credentials", 200],
      ["POST", "/api/v1/organizations", 200],
      ["POST", "/api/v1/repositories", 200],
      ["POST", "/api/v1/github/credentials", 200],
      ["GET", "/api/v1/organizations", 200],
    ]);
    expect(fake.requests[0]!.body).toMatchObject({ app: { app_id: 12345, private_key_bytes: REDACTED } });
    expect(fake.requests[1]!.body).toMatchObject({ name: "fake-org", webhook_secret: REDACTED });
    expect(fake.requests[3]!.body).toMatchObject({ pat: { oauth2_token: REDACTED } });
    expect(fake.requests[4]!.query).toEqual({ name: "fake-org" });
    expect(fake.requests[4]!.body).toBeUndefined();
  });

  it("redacts the first-run and login passwords and never keeps unparseable bodies", async () => {
    fake = await startGarmFake();
    await call(fake, "POST", "/api/v1/first-run", {
      body: { username: "admin", email: "a@example.com", password: ADMIN_PASSWORD },
    });
    await call(fake, "POST", "/api/v1/auth/login", { body: { username: "admin", password: ADMIN_PASSWORD } });
    await call(fake, "POST", "/api/v1/auth/login", { rawBody: `{"password":"${ADMIN_PASSWORD}"` });
    expect(JSON.stringify(fake.requests)).not.toContain(ADMIN_PASSWORD);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 400]);
    expect(fake.requests[2]!.body).toBe("<invalid json>");
    fake.clearRequests();
    expect(fake.requests).toHaveLength(0);
  });
});

describe("fault injection", () => {
  it("answers a status fault the given number of times, matching method and path", async () => {
    const started = await readyFake();
    fake = started.fake;
    const token = started.token;
    fake.injectFault({
      method: "GET",
      path: "/api/v1/providers",
      times: 2,
      fault: { kind: "status", status: 503 },
    });
    fake.injectFault({
      path: /^\/api\/v1\/templates\/\d+$/,
      times: 1,
      fault: { kind: "status", status: 409, body: { x: 1 } },
    });
    const first = await call(fake, "GET", "/api/v1/providers", { token });
    expect([first.status, first.body]).toEqual([503, { error: "Server error", details: "" }]);
    expect((await call(fake, "GET", "/api/v1/providers/", { token })).status).toBe(503);
    expect((await call(fake, "GET", "/api/v1/providers", { token })).status).toBe(200);
    const custom = await call(fake, "GET", "/api/v1/templates/2", { token });
    expect([custom.status, custom.body]).toEqual([409, { x: 1 }]);
    expect((await call(fake, "GET", "/api/v1/templates/2", { token })).status).toBe(200);
    expect(fake.requests.filter((r) => r.fault === "status").map((r) => r.status)).toEqual([503, 503, 409]);
    fake.injectFault({ path: "/api/v1/scalesets", times: 1, fault: { kind: "status", status: 409 } });
    const labelled = await call(fake, "GET", "/api/v1/scalesets", { token });
    expect([labelled.status, labelled.body]).toEqual([409, { error: "Conflict", details: "" }]);
  });

  it("does not apply a fault to another method", async () => {
    const started = await readyFake();
    fake = started.fake;
    fake.injectFault({
      method: "POST",
      path: "/api/v1/templates",
      times: 1,
      fault: { kind: "status", status: 500 },
    });
    expect((await call(fake, "GET", "/api/v1/templates", { token: started.token })).status).toBe(200);
    expect((await call(fake, "POST", "/api/v1/templates", { token: started.token, body: {} })).status).toBe(
      500,
    );
  });

  it("hangs until the client gives up, and close() still completes", async () => {
    const started = await readyFake();
    fake = started.fake;
    fake.injectFault({ path: "/api/v1/providers", times: 1, fault: { kind: "hang" } });
    const hung = fetch(`${fake.url}/api/v1/providers`, {
      headers: { authorization: `Bearer ${started.token}` },
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow();
    expect(fake.requests.at(-1)).toMatchObject({ path: "/api/v1/providers", status: 0, fault: "hang" });
    expect((await call(fake, "GET", "/api/v1/providers", { token: started.token })).status).toBe(200);

    fake.injectFault({ path: "/api/v1/providers", times: 1, fault: { kind: "hang" } });
    const pending = fetch(`${fake.url}/api/v1/providers`, {
      headers: { authorization: `Bearer ${started.token}` },
    });
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fake.close();
    fake = undefined;
    expect(await outcome).toBe("failed");
  });

  it("resets the connection without answering", async () => {
    const started = await readyFake();
    fake = started.fake;
    fake.injectFault({ method: "PUT", path: /scalesets/, times: 1, fault: { kind: "reset" } });
    await expect(
      fetch(`${fake.url}/api/v1/scalesets/1`, {
        method: "PUT",
        headers: { authorization: `Bearer ${started.token}` },
        body: "{}",
      }),
    ).rejects.toThrow();
    expect(fake.requests.at(-1)).toMatchObject({ method: "PUT", status: 0, fault: "reset" });
  });

  it("refuses a non-positive times", async () => {
    fake = await startGarmFake();
    expect(() => fake!.injectFault({ path: "/x", times: 0, fault: { kind: "reset" } })).toThrow(RangeError);
  });
});

describe("scale", () => {
  it("lists 1,000 scale sets in one answer", async () => {
    const started = await readyFake();
    fake = started.fake;
    const { orgId } = await seedEntities(fake, started.token);
    for (let i = 0; i < 1000; i++) {
      const created = await call(fake, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
        token: started.token,
        body: scaleSetBody({ name: `ss-${i}` }),
      });
      expect(created.status).toBe(200);
    }
    const list = await call(fake, "GET", "/api/v1/scalesets", { token: started.token });
    expect((list.body as unknown[]).length).toBe(1000);
    expect(fake.snapshot().scaleSets).toHaveLength(1000);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { startGarmFake } from "../garm-fake.js";
import type { GarmFake } from "../garm-fake.js";
import { signJwt } from "../jwt.js";
import { ADMIN_PASSWORD, URLS, call, readyFake } from "../test-support.js";

const INIT_REQUIRED = { error: "init_required", details: "Missing superuser" };
const URLS_REQUIRED = {
  error: "urls_required",
  details: "Missing required URLs. Make sure you update the metadata and callback URLs",
};
const AUTH_FAILED = { error: "Authentication failed", details: "" };
const NOT_AUTHORIZED = { error: "Not Authorized", details: "" };

const firstRun = (overrides: Record<string, unknown> = {}) => ({
  username: "admin",
  email: "admin@example.com",
  full_name: "Admin User",
  password: ADMIN_PASSWORD,
  ...overrides,
});

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("4.1 init and login", () => {
  it("answers init_required on a fresh database, also to login and unknown API paths", async () => {
    fake = await startGarmFake();
    for (const [method, path] of [
      ["GET", "/api/v1/controller-info"],
      ["GET", "/api/v1/controller"],
      ["GET", "/api/v1/providers"],
      ["PUT", "/api/v1/controller"],
      ["GET", "/api/v1/nonexistent"],
    ] as const) {
      const result = await call(fake, method, path);
      expect([method, path, result.status, result.body]).toEqual([method, path, 409, INIT_REQUIRED]);
    }
    const login = await call(fake, "POST", "/api/v1/auth/login", {
      body: { username: "admin", password: "x" },
    });
    expect([login.status, login.body]).toEqual([409, INIT_REQUIRED]);
  });

  it("rejects a weak first-run password, then accepts a strong one and refuses a second first-run", async () => {
    fake = await startGarmFake();
    const weak = await call(fake, "POST", "/api/v1/first-run", { body: firstRun({ password: "password" }) });
    expect([weak.status, weak.body]).toEqual([
      400,
      { error: "Bad Request", details: "password is too weak" },
    ]);

    const ok = await call(fake, "POST", "/api/v1/first-run", { body: firstRun() });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      email: "admin@example.com",
      username: "admin",
      full_name: "Admin User",
      enabled: true,
      is_admin: true,
    });
    expect(ok.body).toHaveProperty("id", expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(ok.body).not.toHaveProperty("password");

    const again = await call(fake, "POST", "/api/v1/first-run", { body: firstRun() });
    expect([again.status, again.body]).toEqual([409, { error: "Conflict", details: "already initialized" }]);
  });

  it.each([
    [{ username: "" }, "missing username or email"],
    [{ email: undefined }, "missing username or email"],
    [{ email: "not-an-email" }, "invalid email address"],
    [{ username: "ad min" }, "invalid username"],
    [{ username: "a".repeat(65) }, "invalid username"],
    [{ password: "Password123!" }, "password is too weak"],
  ])("first-run with %j answers 400 %s", async (overrides, details) => {
    fake = await startGarmFake();
    const result = await call(fake, "POST", "/api/v1/first-run", { body: firstRun(overrides) });
    expect([result.status, result.body]).toEqual([400, { error: "Bad Request", details }]);
  });

  it("answers 400 invalid request to malformed JSON", async () => {
    fake = await startGarmFake();
    const result = await call(fake, "POST", "/api/v1/first-run", { rawBody: "{not json" });
    expect([result.status, result.body]).toEqual([400, { error: "Bad Request", details: "invalid request" }]);
  });

  it("logs in with HS256 JWTs carrying GARM's claims, and refuses bad credentials with 401", async () => {
    fake = await startGarmFake({
      initialised: { username: "admin", password: ADMIN_PASSWORD, fullName: "Admin User" },
    });
    for (const body of [
      { username: "admin", password: "wrong" },
      { username: "admin" },
      { username: "", password: "" },
    ]) {
      const bad = await call(fake, "POST", "/api/v1/auth/login", { body });
      expect([bad.status, bad.body]).toEqual([401, NOT_AUTHORIZED]);
    }
    const before = Math.floor(Date.now() / 1000);
    const login = await call(fake, "POST", "/api/v1/auth/login", {
      body: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    const token = (login.body as { token: string }).token;
    expect(token.startsWith("eyJhbGciOiJIUzI1NiIs")).toBe(true);
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      full_name: "Admin User",
      is_admin: true,
      read_metrics: false,
      generation: 0,
      iss: "garm",
    });
    expect(claims["user"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof claims["token_id"]).toBe("string");
    expect(claims["exp"]).toBeGreaterThanOrEqual(before + 86_400);
  });
});

describe("4.2 middleware order: init -> URLs -> auth -> admin", () => {
  it("answers urls_required before auth while the URLs are unset, 401 afterwards", async () => {
    fake = await startGarmFake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    const unauthenticated = await call(fake, "GET", "/api/v1/controller-info");
    expect([unauthenticated.status, unauthenticated.body]).toEqual([409, URLS_REQUIRED]);
    const unknown = await call(fake, "GET", "/api/v1/nonexistent");
    expect([unknown.status, unknown.body]).toEqual([409, URLS_REQUIRED]);
    const token = fake.adminToken();
    const authed = await call(fake, "GET", "/api/v1/controller-info", { token });
    expect([authed.status, authed.body]).toEqual([409, URLS_REQUIRED]);

    const set = await call(fake, "PUT", "/api/v1/controller", {
      token,
      body: { metadata_url: URLS.metadataUrl, callback_url: URLS.callbackUrl, webhook_url: URLS.webhookUrl },
    });
    expect(set.status).toBe(200);
    const noAuth = await call(fake, "GET", "/api/v1/controller-info");
    expect([noAuth.status, noAuth.body]).toEqual([401, AUTH_FAILED]);
    const unknownAfter = await call(fake, "GET", "/api/v1/nonexistent", { token });
    expect([unknownAfter.status, unknownAfter.body]).toEqual([
      404,
      { error: "Not found", details: "Resource not found" },
    ]);
  });

  it("does not gate GET /controller on URLs but does require auth there", async () => {
    fake = await startGarmFake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    const noAuth = await call(fake, "GET", "/api/v1/controller/");
    expect([noAuth.status, noAuth.body]).toEqual([401, AUTH_FAILED]);
    const authed = await call(fake, "GET", "/api/v1/controller/", { token: fake.adminToken() });
    expect(authed.status).toBe(200);
  });

  it("rejects garbage, expired, foreign-key and metrics tokens with 401 Authentication failed", async () => {
    const expired = await readyFake({ jwtTtlSeconds: -10 });
    fake = expired.fake;
    const old = await call(fake, "GET", "/api/v1/providers", { token: expired.token });
    expect([old.status, old.body]).toEqual([401, AUTH_FAILED]);
    await fake.close();

    const ready = await readyFake();
    fake = ready.fake;
    const forged = signJwt(
      {
        user: "x",
        token_id: "y",
        full_name: "",
        is_admin: true,
        read_metrics: false,
        generation: 0,
        iss: "garm",
        exp: 4_000_000_000,
      },
      Buffer.alloc(32, 1),
    );
    for (const token of ["garbage", forged]) {
      const result = await call(fake, "GET", "/api/v1/providers", { token });
      expect([result.status, result.body]).toEqual([401, AUTH_FAILED]);
    }
    const metrics = await call(fake, "GET", "/api/v1/metrics-token", { token: ready.token });
    const metricsToken = (metrics.body as { token: string }).token;
    const onApi = await call(fake, "GET", "/api/v1/providers", { token: metricsToken });
    expect([onApi.status, onApi.body]).toEqual([401, AUTH_FAILED]);
  });

  it("takes the token from the second word of Authorization whatever the scheme, or the garm_token cookie", async () => {
    const ready = await readyFake();
    fake = ready.fake;
    const scheme = await call(fake, "GET", "/api/v1/providers", {
      headers: { authorization: `Token ${ready.token}` },
    });
    expect(scheme.status).toBe(200);
    const cookie = await call(fake, "GET", "/api/v1/providers", {
      headers: { cookie: `a=b; garm_token=${ready.token}` },
    });
    expect(cookie.status).toBe(200);
  });
});

describe("4.8 metrics", () => {
  it("issues a metrics token that /metrics accepts and refuses the admin token there", async () => {
    const ready = await readyFake();
    fake = ready.fake;
    const admin = await call(fake, "GET", "/metrics", { token: ready.token });
    expect([admin.status, admin.body]).toEqual([401, AUTH_FAILED]);
    const issued = await call(fake, "GET", "/api/v1/metrics-token", { token: ready.token });
    expect(issued.status).toBe(200);
    const metricsToken = (issued.body as { token: string }).token;
    const claims = JSON.parse(Buffer.from(metricsToken.split(".")[1]!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ is_admin: false, read_metrics: true });
    const scrape = await call(fake, "GET", "/metrics", { token: metricsToken });
    expect(scrape.status).toBe(200);
    expect(scrape.contentType).toMatch(/^text\/plain/);
    expect(scrape.text).toContain("garm_health");
  });
});

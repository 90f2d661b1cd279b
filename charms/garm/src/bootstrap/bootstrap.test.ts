/**
 * Bootstrap judges GARM's failures by the charm's one error policy (../garm-failure.ts), not by
 * a list of its own: a bug propagates, an operator-fixable refusal blocks, the rest waits.
 */
import { GarmClient, GarmRequestInvalidError } from "@garm-charms/garm-client";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bootstrapGarm, type BootstrapInput } from "./bootstrap.js";

const ADMIN = { username: "admin", password: "pw", email: "admin@garm.local", "full-name": "GARM Admin" };
const URLS = {
  metadataUrl: "http://garm.example:8080/api/v1/metadata",
  callbackUrl: "http://garm.example:8080/api/v1/callbacks",
  webhookUrl: "http://garm.example:8080/webhooks",
};

function input(client: GarmClient): BootstrapInput {
  return {
    client,
    isLeader: true,
    admin: ADMIN,
    controllerUrls: URLS,
    timings: { readyTimeoutMs: 10, readyIntervalMs: 5 },
    log: () => Promise.resolve(),
  };
}

/** A client whose readiness probe ends with `error` (no request reaches any server). */
function probeFailingWith(error: Error): GarmClient {
  const client = new GarmClient({ baseUrl: "http://127.0.0.1:9", timeoutMs: 50 });
  vi.spyOn(client, "waitUntilReady").mockRejectedValue(error);
  return client;
}

describe("bootstrap uses the one GARM error policy", () => {
  it("a bug in bootstrap propagates instead of becoming a 'GARM sync failed' status", async () => {
    const client = probeFailingWith(new TypeError("cannot read properties of undefined"));
    await expect(bootstrapGarm(input(client))).rejects.toThrow(TypeError);
  });

  it("a request the client refuses to send is the operator's to fix (blocked), not a wait", async () => {
    const client = probeFailingWith(new GarmRequestInvalidError("controller URL is not http(s)"));
    await expect(bootstrapGarm(input(client))).resolves.toEqual({
      kind: "failed",
      reason: "controller URL is not http(s)",
      severity: "blocked",
    });
  });
});

describe("bootstrap against the GARM fake", () => {
  let fake: GarmFake | undefined;
  let client: GarmClient | undefined;
  afterEach(async () => {
    await client?.close();
    await fake?.close();
  });

  const calls = (garm: GarmFake) => garm.requests.map((r) => `${r.method} ${r.path}`);
  // GARM refuses a weak admin password at first-run.
  const admin = { ...ADMIN, password: "Zq7-Loopback-Test-Pass-2026!" };
  const against = (garm: GarmClient): BootstrapInput => ({
    ...input(garm),
    admin,
    timings: { readyTimeoutMs: 2_000, readyIntervalMs: 10 },
  });

  it("a settled leader logs in and reads the controller once: the probe's answer is the controller", async () => {
    fake = await startGarmFake({ initialised: admin, urls: URLS });
    client = new GarmClient({ baseUrl: fake.url, timeoutMs: 2_000 });
    await expect(bootstrapGarm(against(client))).resolves.toEqual({ kind: "leader-ready" });
    expect(calls(fake)).toEqual(["POST /api/v1/auth/login", "GET /api/v1/controller-info"]);
  });

  it("a leader whose controller URLs differ sets them, and proves the gate open", async () => {
    fake = await startGarmFake({
      initialised: admin,
      urls: { ...URLS, webhookUrl: "http://old:8080/webhooks" },
    });
    client = new GarmClient({ baseUrl: fake.url, timeoutMs: 2_000 });
    await expect(bootstrapGarm(against(client))).resolves.toEqual({ kind: "leader-ready" });
    expect(calls(fake)).toEqual([
      "POST /api/v1/auth/login",
      "GET /api/v1/controller-info",
      "PUT /api/v1/controller",
      "GET /api/v1/controller-info",
    ]);
  });

  it("a leader on a fresh GARM initialises it, then reads the controller to set its URLs", async () => {
    fake = await startGarmFake({});
    client = new GarmClient({ baseUrl: fake.url, timeoutMs: 2_000 });
    await expect(bootstrapGarm(against(client))).resolves.toEqual({ kind: "leader-ready" });
    expect(calls(fake)).toEqual([
      "POST /api/v1/auth/login",
      "POST /api/v1/first-run",
      "POST /api/v1/auth/login",
      "GET /api/v1/controller",
      "PUT /api/v1/controller",
      "GET /api/v1/controller-info",
    ]);
  });
});

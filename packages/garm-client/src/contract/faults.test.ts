/**
 * Fault injection (fake only): each failure class surfaces as its typed error within the client's
 * timeout, reads are retried and writes are not, and waitUntilReady waits out a starting GARM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GarmClient } from "../client.js";
import { GarmProtocolError } from "../errors.js";
import { anyError, apiError, unavailableError } from "./test-support/expect-error.js";
import {
  ADMIN,
  ContractTarget,
  FAKE_ONLY_SKIP,
  FAKE_PROVIDER,
  onRealGarm,
  titled,
  uniqueName,
} from "./test-support/target.js";

/** Small enough to keep the hang tests short, large enough for a loaded CI machine. */
const SMALL_TIMEOUT_MS = 1_000;
/** Generous bound for "gave up within its timeout" (not a performance check): timeout plus slack. */
const GAVE_UP_WITHIN_MS = SMALL_TIMEOUT_MS + 4_000;

describe.skipIf(onRealGarm)(titled("GARM client under injected faults", !onRealGarm, FAKE_ONLY_SKIP), () => {
  let target: ContractTarget;
  let client: GarmClient;

  beforeAll(async () => {
    target = await ContractTarget.open();
    await target.admin();
    client = target.client({ timeoutMs: SMALL_TIMEOUT_MS, readRetries: 0, retryDelayMs: 10 });
    await client.login(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => target.close());

  const fake = () => target.requireFake;
  const callsTo = (method: string, path: string) =>
    fake().requests.filter((r) => r.method === method && r.path === path).length;

  it("5xx: a 503 surfaces as GarmUnavailableError(server-error) with the status", async () => {
    fake().injectFault({
      method: "GET",
      path: "/api/v1/providers",
      times: 1,
      fault: { kind: "status", status: 503 },
    });
    const error = await unavailableError(client.listProviders());
    expect(error).toMatchObject({ reason: "server-error", status: 503, code: "Server error" });
  });

  it("5xx on a read is retried with backoff when retries are allowed", async () => {
    const retrying = target.client({ timeoutMs: SMALL_TIMEOUT_MS, readRetries: 2, retryDelayMs: 10 });
    await retrying.login(ADMIN.username, ADMIN.password);
    fake().injectFault({
      method: "GET",
      path: "/api/v1/scalesets",
      times: 2,
      fault: { kind: "status", status: 502 },
    });
    const before = callsTo("GET", "/api/v1/scalesets");
    await expect(retrying.listScaleSets()).resolves.toEqual([]);
    expect(callsTo("GET", "/api/v1/scalesets") - before).toBe(3);
  });

  it("5xx on a write is not retried", async () => {
    const retrying = target.client({ timeoutMs: SMALL_TIMEOUT_MS, readRetries: 2, retryDelayMs: 10 });
    await retrying.login(ADMIN.username, ADMIN.password);
    fake().injectFault({
      method: "POST",
      path: "/api/v1/templates",
      times: 1,
      fault: { kind: "status", status: 500 },
    });
    const before = callsTo("POST", "/api/v1/templates");
    const error = await unavailableError(
      retrying.createTemplate({
        name: "never",
        osType: "linux",
        forgeType: "github",
        script: "#!/bin/bash\n",
      }),
    );
    expect(error.reason).toBe("server-error");
    expect(callsTo("POST", "/api/v1/templates") - before).toBe(1);
  });

  it("timeout: a hanging GARM surfaces as GarmUnavailableError(timeout) within the client's timeout", async () => {
    fake().injectFault({ method: "GET", path: "/api/v1/templates", times: 1, fault: { kind: "hang" } });
    const started = performance.now();
    const error = await unavailableError(client.listTemplates());
    expect(error.reason).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(GAVE_UP_WITHIN_MS);
  });

  it("timeout on a write (PUT) too, and the client still works afterwards", async () => {
    fake().injectFault({
      method: "PUT",
      path: /^\/api\/v1\/controller\/?$/,
      times: 1,
      fault: { kind: "hang" },
    });
    const error = await unavailableError(client.updateController({ webhookUrl: `${target.url}/webhooks` }));
    expect(error.reason).toBe("timeout");
    await expect(client.controller()).resolves.toMatchObject({ webhookUrl: `${target.url}/webhooks` });
  });

  it("reset: a dropped connection surfaces as GarmUnavailableError(reset)", async () => {
    fake().injectFault({ method: "GET", path: "/api/v1/organizations", times: 1, fault: { kind: "reset" } });
    const started = performance.now();
    const error = await unavailableError(client.listOrganisations());
    expect(error.reason).toBe("reset");
    expect(performance.now() - started).toBeLessThan(GAVE_UP_WITHIN_MS);
  });

  it("refused: nothing listening surfaces as GarmUnavailableError(refused)", async () => {
    const closed = await ContractTarget.open();
    const url = closed.url;
    await closed.close();
    const nowhere = new GarmClient({
      baseUrl: url,
      timeoutMs: SMALL_TIMEOUT_MS,
      readRetries: 1,
      retryDelayMs: 10,
    });
    try {
      expect((await unavailableError(nowhere.listProviders())).reason).toBe("refused");
    } finally {
      await nowhere.close();
    }
  });

  it("a GitHub that never answers makes a scale set create time out (GarmUnavailableError timeout), nothing stored", async () => {
    const creds = await client.createCredentials({
      name: uniqueName("hang"),
      endpoint: "github.com",
      auth: { type: "pat", token: "ghp_contractSuiteFakeToken0000" },
    });
    target.onCleanup(`credentials ${creds.name}`, () => client.deleteCredentials(creds.id));
    const org = await client.createOrganisation({
      name: uniqueName("hang"),
      credentialsName: creds.name,
      webhookSecret: "s",
    });
    target.onCleanup(`organisation ${org.name}`, () => client.deleteOrganisation(org.id));
    fake().setForgeFailure(org.name, "hang");
    const started = performance.now();
    const error = await unavailableError(
      client.createScaleSet(
        { orgId: org.id },
        {
          name: uniqueName("ss"),
          providerName: FAKE_PROVIDER.name,
          image: "ubuntu:24.04",
          flavor: "small",
          osType: "linux",
          osArch: "amd64",
          maxRunners: 1,
          minIdleRunners: 0,
        },
      ),
    );
    expect(error.reason).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(GAVE_UP_WITHIN_MS);
    fake().setForgeFailure(org.name, undefined);
    await expect(client.listScaleSetsFor({ orgId: org.id })).resolves.toEqual([]);
  });

  it("401: an injected `Authentication failed` is GarmApiError.isUnauthorised", async () => {
    fake().injectFault({
      path: "/api/v1/scalesets",
      times: 1,
      fault: { kind: "status", status: 401, body: { error: "Authentication failed", details: "" } },
    });
    const error = await apiError(client.listScaleSets());
    expect(error.isUnauthorised).toBe(true);
    expect(error.code).toBe("Authentication failed");
  });

  it("401: a client that is not logged in is refused by the auth middleware", async () => {
    const anonymous = target.client({ timeoutMs: SMALL_TIMEOUT_MS });
    expect((await apiError(anonymous.listScaleSets())).isUnauthorised).toBe(true);
  });

  it("409: injected init_required and urls_required answers carry the right predicate", async () => {
    fake().injectFault({
      path: "/api/v1/providers",
      times: 1,
      fault: { kind: "status", status: 409, body: { error: "init_required", details: "Missing superuser" } },
    });
    const init = await apiError(client.listProviders());
    expect([init.isInitRequired, init.isUrlsRequired, init.isConflict]).toEqual([true, false, false]);
    fake().injectFault({
      path: "/api/v1/providers",
      times: 1,
      fault: {
        kind: "status",
        status: 409,
        body: { error: "urls_required", details: "Missing required URLs" },
      },
    });
    const urls = await apiError(client.listProviders());
    expect([urls.isInitRequired, urls.isUrlsRequired, urls.isConflict]).toEqual([false, true, false]);
  });

  it("409: a duplicate is a conflict", async () => {
    fake().injectFault({
      method: "POST",
      path: "/api/v1/templates",
      times: 1,
      fault: { kind: "status", status: 409, body: { error: "Conflict", details: "duplicate" } },
    });
    const error = await apiError(
      client.createTemplate({ name: "dup", osType: "linux", forgeType: "github", script: "#!/bin/bash\n" }),
    );
    expect(error.isConflict).toBe(true);
  });

  it("a 200 whose body is not GARM's shape is a GarmProtocolError that names the call", async () => {
    fake().injectFault({
      path: "/api/v1/providers",
      times: 1,
      fault: { kind: "status", status: 200, body: { unexpected: true } },
    });
    const error = await anyError(client.listProviders());
    expect(error).toBeInstanceOf(GarmProtocolError);
    expect((error as GarmProtocolError).message).toContain("GET /api/v1/providers");
  });

  it("waitUntilReady waits out 5xx and resets while GARM starts, then reports ready", async () => {
    fake().injectFault({ path: "/api/v1/controller-info", times: 2, fault: { kind: "status", status: 503 } });
    fake().injectFault({ path: "/api/v1/controller-info", times: 1, fault: { kind: "reset" } });
    const before = callsTo("GET", "/api/v1/controller-info");
    await expect(client.waitUntilReady({ timeoutMs: 10_000, intervalMs: 10 })).resolves.toBe("ready");
    expect(callsTo("GET", "/api/v1/controller-info") - before).toBe(4);
  });

  it("waitUntilReady abandons a hung probe after the client's timeout and probes again", async () => {
    fake().injectFault({ path: "/api/v1/controller-info", times: 1, fault: { kind: "hang" } });
    const before = callsTo("GET", "/api/v1/controller-info");
    await expect(client.waitUntilReady({ timeoutMs: 10_000, intervalMs: 10 })).resolves.toBe("ready");
    expect(callsTo("GET", "/api/v1/controller-info") - before).toBe(2);
  });

  it("waitUntilReady gives up with GarmUnavailableError once its timeout has passed", async () => {
    fake().injectFault({
      path: "/api/v1/controller-info",
      times: 1_000,
      fault: { kind: "status", status: 503 },
    });
    const started = performance.now();
    const error = await unavailableError(client.waitUntilReady({ timeoutMs: 400, intervalMs: 20 }));
    expect(error.reason).toBe("server-error");
    expect(error.message).toContain("not ready within 400 ms");
    expect(performance.now() - started).toBeLessThan(400 + 4_000);
  });
});

/**
 * waitUntilReady with `login`: the probe an initialised GARM answers without a 401 (issue 10,
 * defect 10: GARM logs an ERROR line for every 401, so the anonymous probe flooded its log).
 */
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { afterEach, describe, expect, it } from "vitest";
import { GarmClient } from "./client.js";
import { GarmApiError } from "./errors.js";

const ADMIN = { username: "admin", password: "Zq7-Loopback-Test-Pass-2026!" };
const URLS = {
  metadataUrl: "http://garm:8080/api/v1/metadata",
  callbackUrl: "http://garm:8080/api/v1/callbacks",
  webhookUrl: "http://garm:8080/webhooks",
};

let fake: GarmFake | undefined;
let client: GarmClient | undefined;

async function start(options: Parameters<typeof startGarmFake>[0]): Promise<[GarmFake, GarmClient]> {
  fake = await startGarmFake(options);
  client = new GarmClient({ baseUrl: fake.url, timeoutMs: 2_000 });
  return [fake, client];
}

afterEach(async () => {
  await client?.close();
  await fake?.close();
  fake = undefined;
  client = undefined;
});

const seen = (garm: GarmFake) => garm.requests.map((r) => `${r.method} ${r.path} ${String(r.status)}`);

describe("waitUntilReady probing with a login", () => {
  it("noise in GARM's log: an initialised GARM answers the probe without a 401, and the client is logged in", async () => {
    const [garm, probe] = await start({ initialised: ADMIN, urls: URLS });
    await expect(probe.waitUntilReady({ timeoutMs: 2_000, login: ADMIN })).resolves.toBe("ready");
    expect(seen(garm)).toEqual(["POST /api/v1/auth/login 200", "GET /api/v1/controller-info 200"]);
    expect(probe.isLoggedIn).toBe(true);
  });

  it("keeps the controller the ready probe read: the same info GET /controller answers", async () => {
    const [, probe] = await start({ initialised: ADMIN, urls: URLS });
    await probe.waitUntilReady({ timeoutMs: 2_000, login: ADMIN });
    expect(probe.probedController).toBeDefined();
    expect(probe.probedController).toEqual(await probe.controller());
    expect(probe.probedController).toMatchObject({ metadataUrl: URLS.metadataUrl });
  });

  it("finds GARM ready from a 200 it cannot read as controller info, and keeps no controller", async () => {
    const [garm, probe] = await start({ initialised: ADMIN, urls: URLS });
    garm.injectFault({
      method: "GET",
      path: "/api/v1/controller-info",
      times: 1,
      fault: { kind: "status", status: 200, body: { unexpected: true } },
    });
    await expect(probe.waitUntilReady({ timeoutMs: 2_000, login: ADMIN })).resolves.toBe("ready");
    expect(probe.probedController).toBeUndefined();
  });

  it("keeps no controller from a probe that did not find GARM ready, or did not log in", async () => {
    const [garm, probe] = await start({ initialised: ADMIN });
    await probe.waitUntilReady({ timeoutMs: 2_000, login: ADMIN });
    expect(probe.probedController).toBeUndefined();
    await probe.updateController(URLS);
    probe.logout();
    await expect(probe.waitUntilReady({ timeoutMs: 2_000 })).resolves.toBe("ready");
    expect(probe.probedController).toBeUndefined();
    expect(seen(garm).at(-1)).toBe("GET /api/v1/controller-info 401");
  });

  it("reports init-required from the login's 409, logged out", async () => {
    const [garm, probe] = await start({});
    await expect(probe.waitUntilReady({ timeoutMs: 2_000, login: ADMIN })).resolves.toBe("init-required");
    expect(seen(garm)).toEqual(["POST /api/v1/auth/login 409"]);
    expect(probe.isLoggedIn).toBe(false);
  });

  it("reports urls-required from the token's 409 on /controller-info", async () => {
    const [garm, probe] = await start({ initialised: ADMIN });
    await expect(probe.waitUntilReady({ timeoutMs: 2_000, login: ADMIN })).resolves.toBe("urls-required");
    expect(seen(garm)).toEqual(["POST /api/v1/auth/login 200", "GET /api/v1/controller-info 409"]);
  });

  it("throws the refusal of a wrong password instead of calling GARM ready", async () => {
    const [, probe] = await start({ initialised: ADMIN, urls: URLS });
    const wrong = { username: "admin", password: "not-the-password" };
    const error: unknown = await probe
      .waitUntilReady({ timeoutMs: 2_000, login: wrong })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarmApiError);
    expect((error as GarmApiError).isUnauthorised).toBe(true);
    expect(probe.isLoggedIn).toBe(false);
  });

  it("waits out a GARM that is still starting", async () => {
    const [garm, probe] = await start({ initialised: ADMIN, urls: URLS });
    garm.injectFault({
      method: "POST",
      path: "/api/v1/auth/login",
      times: 2,
      fault: { kind: "status", status: 503 },
    });
    await expect(probe.waitUntilReady({ timeoutMs: 2_000, intervalMs: 10, login: ADMIN })).resolves.toBe(
      "ready",
    );
    expect(seen(garm).filter((r) => r.startsWith("POST"))).toEqual([
      "POST /api/v1/auth/login 503",
      "POST /api/v1/auth/login 503",
      "POST /api/v1/auth/login 200",
    ]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { startGarmFake } from "../garm-fake.js";
import type { GarmFake } from "../garm-fake.js";
import { ADMIN_PASSWORD, URLS, call, readyFake } from "../test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function freshController(): Promise<{ fake: GarmFake; token: string }> {
  const started = await startGarmFake({
    initialised: { username: "admin", password: ADMIN_PASSWORD },
    providers: [{ name: "fake", type: "external", description: "fake external provider" }],
  });
  return { fake: started, token: started.adminToken() };
}

describe("4.2 controller URLs", () => {
  it("GET /controller/ answers controller info before the URLs are set", async () => {
    const ready = await freshController();
    fake = ready.fake;
    const info = await call(fake, "GET", "/api/v1/controller/", { token: ready.token });
    expect(info.status).toBe(200);
    const body = info.body as Record<string, unknown>;
    expect(body).toMatchObject({
      garm_agent_releases_url: "https://api.github.com/repos/cloudbase/garm-agent/releases",
      enable_agent_tools_sync: false,
      garm_agent_version: "",
      allow_insecure_garm_agent: false,
      minimum_job_age_backoff: 30,
    });
    expect(typeof body["hostname"]).toBe("string");
    expect(body["controller_webhook_url"]).toBe(body["controller_id"]);
    expect(body).not.toHaveProperty("metadata_url");
    expect(typeof body["version"]).toBe("string");
  });

  it("rejects a malformed URL with 400 invalid <field>", async () => {
    const ready = await freshController();
    fake = ready.fake;
    for (const field of ["metadata_url", "callback_url", "webhook_url"]) {
      const result = await call(fake, "PUT", "/api/v1/controller", {
        token: ready.token,
        body: { [field]: "not a url" },
      });
      expect([result.status, result.body]).toEqual([
        400,
        { error: "Bad Request", details: `invalid ${field}` },
      ]);
    }
  });

  it("needs metadata_url and callback_url (not webhook_url) to lift the urls_required gate", async () => {
    const ready = await freshController();
    fake = ready.fake;
    const token = ready.token;
    const metadataOnly = await call(fake, "PUT", "/api/v1/controller", {
      token,
      body: { metadata_url: URLS.metadataUrl },
    });
    expect(metadataOnly.status).toBe(200);
    expect(metadataOnly.body).toMatchObject({ metadata_url: URLS.metadataUrl });
    expect((await call(fake, "GET", "/api/v1/providers", { token })).status).toBe(409);

    const both = await call(fake, "PUT", "/api/v1/controller", {
      token,
      body: { callback_url: URLS.callbackUrl },
    });
    const body = both.body as Record<string, unknown>;
    expect(body["controller_webhook_url"]).toBe(body["controller_id"]);
    const providers = await call(fake, "GET", "/api/v1/providers", { token });
    expect([providers.status, providers.body]).toEqual([
      200,
      [{ name: "fake", type: "external", description: "fake external provider" }],
    ]);
  });

  it("PUT with all three URLs answers the info without hostname; GET /controller-info has it", async () => {
    const ready = await freshController();
    fake = ready.fake;
    const put = await call(fake, "PUT", "/api/v1/controller", {
      token: ready.token,
      body: { metadata_url: URLS.metadataUrl, callback_url: URLS.callbackUrl, webhook_url: URLS.webhookUrl },
    });
    expect(put.status).toBe(200);
    const body = put.body as Record<string, unknown>;
    expect(body).toMatchObject({
      metadata_url: URLS.metadataUrl,
      callback_url: URLS.callbackUrl,
      webhook_url: URLS.webhookUrl,
      controller_webhook_url: `${URLS.webhookUrl}/${String(body["controller_id"])}`,
      agent_url: "http://127.0.0.1:9997",
      enable_agent_tools_sync: false,
    });
    expect(body).not.toHaveProperty("hostname");
    const info = await call(fake, "GET", "/api/v1/controller-info", { token: ready.token });
    expect(info.status).toBe(200);
    expect(info.body).toHaveProperty("hostname");
    expect(info.body).toMatchObject({ metadata_url: URLS.metadataUrl });
    expect(fake.snapshot().controller).toMatchObject({
      metadataUrl: URLS.metadataUrl,
      webhookUrl: URLS.webhookUrl,
    });
  });
});

describe("4.3 providers", () => {
  it("lists the providers given at start, [] when none", async () => {
    const ready = await readyFake();
    fake = ready.fake;
    const result = await call(fake, "GET", "/api/v1/providers", { token: ready.token });
    expect([result.status, result.body]).toEqual([200, []]);
  });
});

describe("4.2 garm_agent_releases_url", () => {
  it("fetches the URL: 400 with the upstream status when it is not 200, accepted when it is", async () => {
    const { createServer } = await import("node:http");
    let answer = 404;
    const upstream = createServer((_req, res) => {
      res.writeHead(answer, { "content-type": "application/json" });
      res.end("[]");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const address = upstream.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const releasesUrl = `http://127.0.0.1:${port}/api/v3/repos/cloudbase/garm-agent/releases`;
    try {
      const ready = await freshController();
      fake = ready.fake;
      const refused = await call(fake, "PUT", "/api/v1/controller", {
        token: ready.token,
        body: { garm_agent_releases_url: releasesUrl },
      });
      expect([refused.status, refused.body]).toEqual([
        400,
        { error: "Bad Request", details: "garm_agent_releases_url returned status 404" },
      ]);
      answer = 200;
      const accepted = await call(fake, "PUT", "/api/v1/controller", {
        token: ready.token,
        body: { garm_agent_releases_url: releasesUrl },
      });
      expect([
        accepted.status,
        (accepted.body as Record<string, unknown>)["garm_agent_releases_url"],
      ]).toEqual([200, releasesUrl]);
    } finally {
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });

  it("fetches the URL once per PUT, before changing anything", async () => {
    const { createServer } = await import("node:http");
    let fetches = 0;
    // 200 on the first fetch only: a second fetch in the same PUT would be refused.
    const upstream = createServer((_req, res) => {
      fetches++;
      res.writeHead(fetches === 1 ? 200 : 404, { "content-type": "application/json" });
      res.end("[]");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const address = upstream.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const releasesUrl = `http://127.0.0.1:${port}/releases`;
    try {
      const ready = await freshController();
      fake = ready.fake;
      const accepted = await call(fake, "PUT", "/api/v1/controller", {
        token: ready.token,
        body: { metadata_url: URLS.metadataUrl, garm_agent_releases_url: releasesUrl },
      });
      expect([accepted.status, fetches]).toEqual([200, 1]);
      expect(fake.snapshot().controller.metadataUrl).toBe(URLS.metadataUrl);
    } finally {
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});

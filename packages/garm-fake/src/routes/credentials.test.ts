import { afterEach, describe, expect, it } from "vitest";
import type { GarmFake } from "../garm-fake.js";
import { b64, call, readyFake, TEST_CA_PEM, testKeys } from "../test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const CA = b64(TEST_CA_PEM);
/** PEM-framed, but not a certificate GARM can parse. */
const FRAMED_NOT_A_CERT = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

async function ready(): Promise<string> {
  const started = await readyFake();
  fake = started.fake;
  return started.token;
}

const appCreds = (overrides: Record<string, unknown> = {}) => ({
  name: "fake-app",
  description: "app creds",
  endpoint: "github.com",
  auth_type: "app",
  app: { app_id: 12345, installation_id: 67890, private_key_bytes: testKeys().pkcs1 },
  ...overrides,
});

describe("4.3 GitHub endpoints", () => {
  it("has the built-in github.com endpoint on a fresh database", async () => {
    const token = await ready();
    const expected = {
      name: "github.com",
      description: "The github.com endpoint",
      api_base_url: "https://api.github.com/",
      upload_base_url: "https://uploads.github.com/",
      base_url: "https://github.com",
      endpoint_type: "github",
    };
    const list = await call(fake!, "GET", "/api/v1/github/endpoints", { token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining(expected)]);
    const one = await call(fake!, "GET", "/api/v1/github/endpoints/github.com", { token });
    expect([one.status, one.body]).toEqual([200, expect.objectContaining(expected)]);
    expect(one.body).toHaveProperty("created_at");
  });

  it("creates https and http endpoints, echoes the CA bundle, updates and deletes with 204", async () => {
    const token = await ready();
    const https = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: {
        name: "fake-gh",
        description: "loopback",
        base_url: "https://127.0.0.1:9443",
        api_base_url: "https://127.0.0.1:9443/api/v3/",
        upload_base_url: "https://127.0.0.1:9443/api/uploads/",
        ca_cert_bundle: CA,
      },
    });
    expect(https.status).toBe(200);
    expect(https.body).toMatchObject({ name: "fake-gh", ca_cert_bundle: CA, endpoint_type: "github" });
    const http = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: {
        name: "fake-gh-http",
        base_url: "http://127.0.0.1:9480",
        api_base_url: "http://127.0.0.1:9480/api/v3/",
        upload_base_url: "http://127.0.0.1:9480/api/uploads/",
      },
    });
    expect(http.status).toBe(200);
    const updated = await call(fake!, "PUT", "/api/v1/github/endpoints/fake-gh-http", {
      token,
      body: { description: "updated description" },
    });
    expect([updated.status, updated.body]).toEqual([
      200,
      expect.objectContaining({ description: "updated description" }),
    ]);
    const dup = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: {
        name: "FAKE-GH",
        base_url: "https://x",
        api_base_url: "https://x/",
        upload_base_url: "https://x/u/",
      },
    });
    expect(dup.status).toBe(409);
    const deleted = await call(fake!, "DELETE", "/api/v1/github/endpoints/fake-gh-http", { token });
    expect([deleted.status, deleted.text]).toEqual([204, ""]);
    const missing = await call(fake!, "DELETE", "/api/v1/github/endpoints/fake-gh-http", { token });
    expect(missing.status).toBe(204);
  });

  it("rejects bad URLs and a missing upload_base_url with 400", async () => {
    const token = await ready();
    const badUrl = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: { name: "bad", base_url: "https://x", api_base_url: "ftp://x" },
    });
    expect([badUrl.status, badUrl.body]).toEqual([
      400,
      {
        error: "Bad Request",
        details: "error failed to validate github endpoint params: invalid api_base_url",
      },
    ]);
    const noUpload = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: { name: "bad", base_url: "https://x", api_base_url: "https://x/" },
    });
    expect(noUpload.status).toBe(400);
  });

  const endpointWithCa = (name: string, bundle: string) => ({
    name,
    base_url: "https://x",
    api_base_url: "https://x/",
    upload_base_url: "https://x/u/",
    ca_cert_bundle: b64(bundle),
  });

  it("ca_cert_bundle without any PEM block is silently dropped: 200 and no bundle stored", async () => {
    const token = await ready();
    const created = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: endpointWithCa("nopem", "not a certificate"),
    });
    expect(created.status).toBe(200);
    expect(created.body).not.toHaveProperty("ca_cert_bundle");
    expect(fake!.snapshot().endpoints.find((e) => e.name === "nopem")?.caCertBundle).toBe("");
  });

  it("ca_cert_bundle keeps only its PEM blocks: text around a certificate is dropped", async () => {
    const token = await ready();
    const created = await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: endpointWithCa("wrapped", `my CA:\n${TEST_CA_PEM}trailing words\n`),
    });
    expect([created.status, (created.body as { ca_cert_bundle: string }).ca_cert_bundle]).toEqual([200, CA]);
  });

  it("ca_cert_bundle with a PEM-framed block that is not a certificate is a bare 500, nothing stored", async () => {
    const token = await ready();
    for (const bundle of [FRAMED_NOT_A_CERT, `${TEST_CA_PEM}${FRAMED_NOT_A_CERT}`]) {
      const created = await call(fake!, "POST", "/api/v1/github/endpoints", {
        token,
        body: endpointWithCa("framed", bundle),
      });
      expect([created.status, created.body]).toEqual([500, { error: "Server error", details: "" }]);
    }
    expect(fake!.snapshot().endpoints.map((e) => e.name)).toEqual(["github.com"]);
    await call(fake!, "POST", "/api/v1/github/endpoints", {
      token,
      body: endpointWithCa("good", TEST_CA_PEM),
    });
    const update = await call(fake!, "PUT", "/api/v1/github/endpoints/good", {
      token,
      body: { ca_cert_bundle: b64(FRAMED_NOT_A_CERT) },
    });
    expect(update.status).toBe(500);
    expect(fake!.snapshot().endpoints.find((e) => e.name === "good")?.caCertBundle).toBe(CA);
  });

  it("answers null for the Gitea endpoint list", async () => {
    const token = await ready();
    const gitea = await call(fake!, "GET", "/api/v1/gitea/endpoints", { token });
    expect([gitea.status, gitea.text]).toEqual([200, "null"]);
  });
});

describe("4.3 GitHub credentials", () => {
  it("lists null when there are none", async () => {
    const token = await ready();
    for (const path of ["/api/v1/github/credentials", "/api/v1/credentials", "/api/v1/gitea/credentials"]) {
      const result = await call(fake!, "GET", path, { token });
      expect([path, result.status, result.text]).toEqual([path, 200, "null"]);
    }
  });

  it("creates App and PAT credentials with GARM's field spellings and never echoes secrets", async () => {
    const token = await ready();
    const app = await call(fake!, "POST", "/api/v1/github/credentials", { token, body: appCreds() });
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({
      id: 1,
      name: "fake-app",
      description: "app creds",
      api_base_url: "https://api.github.com/",
      upload_base_url: "https://uploads.github.com/",
      base_url: "https://github.com",
      "auth-type": "app",
      forge_type: "github",
      endpoint: expect.objectContaining({ name: "github.com" }),
    });
    expect(app.text).not.toContain(testKeys().pkcs1);
    expect(app.text).not.toContain("private_key");

    const pat = await call(fake!, "POST", "/api/v1/github/credentials", {
      token,
      body: {
        name: "fake-pat",
        endpoint: "github.com",
        auth_type: "pat",
        pat: { oauth2_token: "ghp_fakefakefake" },
      },
    });
    expect(pat.status).toBe(200);
    expect(pat.body).toMatchObject({ id: 2, "auth-type": "pat" });
    expect(pat.text).not.toContain("ghp_fakefakefake");

    const list = await call(fake!, "GET", "/api/v1/credentials", { token });
    expect(list.status).toBe(200);
    expect((list.body as { id: number; forge_type: string }[]).map((c) => [c.id, c.forge_type])).toEqual([
      [1, "github"],
      [2, "github"],
    ]);
    const one = await call(fake!, "GET", "/api/v1/github/credentials/2", { token });
    expect([one.status, (one.body as { name: string }).name]).toEqual([200, "fake-pat"]);
    expect(fake!.snapshot().credentials[1]).toMatchObject({ pat: { oauth2Token: "ghp_fakefakefake" } });
  });

  it("updates, deletes with 204, and deleting a missing id also answers 204", async () => {
    const token = await ready();
    await call(fake!, "POST", "/api/v1/github/credentials", { token, body: appCreds() });
    const updated = await call(fake!, "PUT", "/api/v1/github/credentials/1", {
      token,
      body: { description: "updated" },
    });
    expect([updated.status, (updated.body as { description: string }).description]).toEqual([200, "updated"]);
    const deleted = await call(fake!, "DELETE", "/api/v1/github/credentials/1", { token });
    expect([deleted.status, deleted.text]).toEqual([204, ""]);
    const again = await call(fake!, "DELETE", "/api/v1/github/credentials/1", { token });
    expect(again.status).toBe(204);
    const gone = await call(fake!, "GET", "/api/v1/github/credentials/1", { token });
    expect(gone.status).toBe(404);
    const badId = await call(fake!, "GET", "/api/v1/github/credentials/abc", { token });
    expect(badId.status).toBe(400);
  });

  it("answers 400 to a key that is not PEM, 500 to a PKCS#8 key, 404 to an unknown endpoint, 409 to a duplicate", async () => {
    const token = await ready();
    const notKey = await call(fake!, "POST", "/api/v1/github/credentials", {
      token,
      body: appCreds({ app: { app_id: 1, installation_id: 2, private_key_bytes: b64("notakey") } }),
    });
    expect([notKey.status, notKey.body]).toEqual([
      400,
      {
        error: "Bad Request",
        details: "failed to validate github credentials params: invalid app: invalid private_key_bytes",
      },
    ]);
    const pkcs8 = await call(fake!, "POST", "/api/v1/github/credentials", {
      token,
      body: appCreds({ app: { app_id: 1, installation_id: 2, private_key_bytes: testKeys().pkcs8 } }),
    });
    expect([pkcs8.status, pkcs8.body]).toEqual([500, { error: "Server error", details: "" }]);
    const noEndpoint = await call(fake!, "POST", "/api/v1/github/credentials", {
      token,
      body: appCreds({ endpoint: "nope" }),
    });
    expect(noEndpoint.status).toBe(404);
    expect(
      (await call(fake!, "POST", "/api/v1/github/credentials", { token, body: appCreds() })).status,
    ).toBe(200);
    const dup = await call(fake!, "POST", "/api/v1/github/credentials", {
      token,
      body: appCreds({ name: "FAKE-APP" }),
    });
    expect([dup.status, (dup.body as { error: string }).error]).toEqual([409, "Conflict"]);
  });

  it("refuses to delete credentials used by an organization", async () => {
    const token = await ready();
    await call(fake!, "POST", "/api/v1/github/credentials", { token, body: appCreds() });
    await call(fake!, "POST", "/api/v1/organizations", {
      token,
      body: { name: "org", credentials_name: "fake-app", webhook_secret: "s" },
    });
    const result = await call(fake!, "DELETE", "/api/v1/github/credentials/1", { token });
    expect(result.status).toBe(400);
    expect((result.body as { details: string }).details).toContain(
      "cannot delete credentials with organizations",
    );
    const endpoint = await call(fake!, "DELETE", "/api/v1/github/endpoints/github.com", { token });
    expect(endpoint.status).toBe(400);
  });
});

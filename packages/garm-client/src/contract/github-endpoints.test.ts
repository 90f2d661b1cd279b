/** api-behaviour.md §4.3, GitHub endpoint rows and credentials bound to custom endpoints. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GarmClient } from "../client.js";
import type { GithubEndpoint } from "../controller.js";
import { apiError, unavailableError } from "./test-support/expect-error.js";
import { ContractTarget, pkcs1PrivateKey, uniqueName } from "./test-support/target.js";
import { TEST_CA_PEM } from "./test-support/test-ca.js";

describe("GARM contract: GitHub endpoints (§4.3)", () => {
  let target: ContractTarget;
  let admin: GarmClient;

  beforeAll(async () => {
    target = await ContractTarget.open();
    admin = await target.admin();
  });
  afterAll(async () => target.close());

  async function createHttpEndpoint(label: string): Promise<GithubEndpoint> {
    const endpoint = await admin.createGithubEndpoint({
      name: uniqueName(label),
      description: "loopback fake GitHub (http)",
      baseUrl: "http://127.0.0.1:9480",
      apiBaseUrl: "http://127.0.0.1:9480/api/v3/",
      uploadBaseUrl: "http://127.0.0.1:9480/api/uploads/",
    });
    target.onCleanup(`endpoint ${endpoint.name}`, () => admin.deleteGithubEndpoint(endpoint.name));
    return endpoint;
  }

  it("POST /github/endpoints over https with a CA bundle echoes the fields and the bundle", async () => {
    const name = uniqueName("gh-https");
    const endpoint = await admin.createGithubEndpoint({
      name,
      description: "loopback fake GitHub (https)",
      baseUrl: "https://127.0.0.1:9443",
      apiBaseUrl: "https://127.0.0.1:9443/api/v3/",
      uploadBaseUrl: "https://127.0.0.1:9443/api/uploads/",
      caCertBundle: TEST_CA_PEM,
    });
    target.onCleanup(`endpoint ${name}`, () => admin.deleteGithubEndpoint(name));
    expect(endpoint).toEqual({
      name,
      description: "loopback fake GitHub (https)",
      baseUrl: "https://127.0.0.1:9443",
      apiBaseUrl: "https://127.0.0.1:9443/api/v3/",
      uploadBaseUrl: "https://127.0.0.1:9443/api/uploads/",
      endpointType: "github",
      caCertBundle: TEST_CA_PEM,
    });
    await expect(admin.getGithubEndpoint(name)).resolves.toEqual(endpoint);
  });

  it("POST /github/endpoints over plain http is accepted", async () => {
    const endpoint = await createHttpEndpoint("gh-http");
    expect(endpoint).toMatchObject({ baseUrl: "http://127.0.0.1:9480", caCertBundle: undefined });
  });

  it("a non-http api_base_url is 400 `invalid api_base_url`", async () => {
    const error = await apiError(
      admin.createGithubEndpoint({
        name: uniqueName("bad"),
        baseUrl: "https://x",
        apiBaseUrl: "ftp://x",
        uploadBaseUrl: "https://x/uploads/",
      }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain("invalid api_base_url");
  });

  /** Creates an endpoint with this CA bundle; cleanup is registered first, whatever GARM answers. */
  function createWithCaBundle(label: string, caCertBundle: string): Promise<GithubEndpoint> {
    const name = uniqueName(label);
    target.onCleanup(`endpoint ${name}`, () => admin.deleteGithubEndpoint(name));
    return admin.createGithubEndpoint({
      name,
      baseUrl: "https://x",
      apiBaseUrl: "https://x/api/v3/",
      uploadBaseUrl: "https://x/uploads/",
      caCertBundle,
    });
  }

  it("a CA bundle with no PEM block is silently dropped: 200 and no bundle stored (seen on a real GARM)", async () => {
    const endpoint = await createWithCaBundle("nopem", "not a certificate");
    expect(endpoint.caCertBundle).toBeUndefined();
    await expect(admin.getGithubEndpoint(endpoint.name)).resolves.toMatchObject({ caCertBundle: undefined });
  });

  it("a CA bundle keeps only its PEM blocks: text around the certificate is dropped", async () => {
    const endpoint = await createWithCaBundle("wrapped", `our CA:\n${TEST_CA_PEM}end of bundle\n`);
    expect(endpoint.caCertBundle).toBe(TEST_CA_PEM);
  });

  it("a PEM-framed block that is not a certificate is a bare 500 (server-error), nothing created", async () => {
    const error = await unavailableError(
      createWithCaBundle("framed", "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"),
    );
    expect([error.reason, error.status]).toEqual(["server-error", 500]);
  });

  it("a taken endpoint name is 409", async () => {
    const endpoint = await createHttpEndpoint("dup");
    const error = await apiError(
      admin.createGithubEndpoint({
        name: endpoint.name,
        baseUrl: endpoint.baseUrl,
        apiBaseUrl: endpoint.apiBaseUrl,
        uploadBaseUrl: endpoint.uploadBaseUrl,
      }),
    );
    expect(error.isConflict).toBe(true);
  });

  it("PUT /github/endpoints/{name} updates the description", async () => {
    const endpoint = await createHttpEndpoint("upd");
    const updated = await admin.updateGithubEndpoint(endpoint.name, { description: "updated description" });
    expect(updated).toMatchObject({ name: endpoint.name, description: "updated description" });
  });

  it("credentials take their URLs from their endpoint; GET /credentials lists every forge's", async () => {
    const endpoint = await createHttpEndpoint("creds");
    const creds = await admin.createCredentials({
      name: uniqueName("app"),
      endpoint: endpoint.name,
      auth: { type: "app", appId: 12345, installationId: 67890, privateKeyPem: pkcs1PrivateKey() },
    });
    target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
    expect(creds).toMatchObject({
      endpointName: endpoint.name,
      baseUrl: endpoint.baseUrl,
      apiBaseUrl: endpoint.apiBaseUrl,
      authType: "app",
    });
    const all = await admin.listForgeCredentials();
    expect(all.find((c) => c.id === creds.id)).toMatchObject({ forgeType: "github" });
  });

  it("an endpoint with credentials cannot be deleted (400); an unused one answers 204, a missing one too", async () => {
    const endpoint = await createHttpEndpoint("inuse");
    const creds = await admin.createCredentials({
      name: uniqueName("pat"),
      endpoint: endpoint.name,
      auth: { type: "pat", token: "ghp_contractSuiteFakeToken0000" },
    });
    target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
    expect((await apiError(admin.deleteGithubEndpoint(endpoint.name))).isBadRequest).toBe(true);
    await admin.deleteCredentials(creds.id);
    await admin.deleteGithubEndpoint(endpoint.name);
    expect((await apiError(admin.getGithubEndpoint(endpoint.name))).isNotFound).toBe(true);
    await expect(admin.deleteGithubEndpoint(endpoint.name)).resolves.toBeUndefined();
  });
});

/** api-behaviour.md §4.3: providers, GitHub endpoints and credentials. */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GarmClient } from "../client.js";
import type { Credentials } from "../credentials.js";
import { apiError, unavailableError } from "./test-support/expect-error.js";
import {
  ContractTarget,
  FAKE_PROVIDER,
  onRealGarm,
  pkcs1PrivateKey,
  titled,
  uniqueName,
} from "./test-support/target.js";

describe("GARM contract: providers, endpoints and credentials (§4.3)", () => {
  let target: ContractTarget;
  let admin: GarmClient;
  const privateKeyPem = pkcs1PrivateKey();
  const patValue = "ghp_contractSuiteFakeToken0000";

  beforeAll(async () => {
    target = await ContractTarget.open();
    admin = await target.admin();
  });
  afterAll(async () => target.close());

  async function createApp(label: string): Promise<Credentials> {
    const creds = await admin.createCredentials({
      name: uniqueName(label),
      description: "contract suite app",
      endpoint: "github.com",
      auth: { type: "app", appId: 12345, installationId: 67890, privateKeyPem },
    });
    target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
    return creds;
  }

  it("GET /providers lists the configured providers", async () => {
    const providers = await admin.listProviders();
    if (onRealGarm) {
      expect(providers.every((p) => p.name !== "" && p.type !== "")).toBe(true);
    } else {
      expect(providers).toEqual([FAKE_PROVIDER]);
    }
  });

  it("GET /github/endpoints has the built-in github.com endpoint, also by name", async () => {
    const endpoints = await admin.listGithubEndpoints();
    const github = endpoints.find((e) => e.name === "github.com");
    expect(github).toMatchObject({
      name: "github.com",
      baseUrl: "https://github.com",
      apiBaseUrl: "https://api.github.com/",
      uploadBaseUrl: "https://uploads.github.com/",
      endpointType: "github",
    });
    await expect(admin.getGithubEndpoint("github.com")).resolves.toEqual(github);
  });

  it.skipIf(onRealGarm)(
    titled(
      "GET /github/credentials on a fresh database (GARM answers null) is []",
      !onRealGarm,
      "a real GARM may already hold credentials",
    ),
    async () => {
      await expect(admin.listCredentials()).resolves.toEqual([]);
    },
  );

  it("POST /github/credentials creates GitHub App credentials without calling GitHub", async () => {
    const creds = await createApp("app");
    expect(creds).toMatchObject({
      description: "contract suite app",
      authType: "app",
      forgeType: "github",
      endpointName: "github.com",
      apiBaseUrl: "https://api.github.com/",
    });
    expect(creds.id).toBeGreaterThan(0);
    expect(JSON.stringify(creds)).not.toContain("PRIVATE KEY");
  });

  it("POST /github/credentials creates PAT credentials", async () => {
    const creds = await admin.createCredentials({
      name: uniqueName("pat"),
      endpoint: "github.com",
      auth: { type: "pat", token: patValue },
    });
    target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
    expect(creds.authType).toBe("pat");
    expect(JSON.stringify(creds)).not.toContain(patValue);
  });

  it("a private key that is not a key is 400, and the error does not quote it", async () => {
    const error = await apiError(
      admin.createCredentials({
        name: uniqueName("badkey"),
        endpoint: "github.com",
        auth: { type: "app", appId: 1, installationId: 2, privateKeyPem: "notakey" },
      }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain("invalid private_key_bytes");
    expect(error.message).not.toContain(Buffer.from("notakey").toString("base64"));
  });

  it("a PKCS#8 key is a 500 from GARM, surfaced as server-error", async () => {
    const pkcs8 = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    }).privateKey;
    const error = await unavailableError(
      admin.createCredentials({
        name: uniqueName("pkcs8"),
        endpoint: "github.com",
        auth: { type: "app", appId: 1, installationId: 2, privateKeyPem: pkcs8 },
      }),
    );
    expect(error.reason).toBe("server-error");
    expect(error.status).toBe(500);
    expect(error.message).not.toContain("PRIVATE KEY");
  });

  it("credentials on an unknown endpoint are 404; a duplicate name is 409", async () => {
    const auth = { type: "pat", token: patValue } as const;
    const missing = await apiError(
      admin.createCredentials({ name: uniqueName("x"), endpoint: "no-such-endpoint", auth }),
    );
    expect(missing.isNotFound).toBe(true);
    const first = await createApp("dup");
    const duplicate = await apiError(
      admin.createCredentials({ name: first.name, endpoint: "github.com", auth }),
    );
    expect(duplicate.isConflict).toBe(true);
  });

  it("GET /github/credentials/{id} and GET /github/credentials return the created credentials", async () => {
    const creds = await createApp("get");
    await expect(admin.getCredentials(creds.id)).resolves.toMatchObject({ id: creds.id, name: creds.name });
    const listed = await admin.listCredentials();
    expect(listed.map((c) => c.name)).toContain(creds.name);
  });

  it("PUT /github/credentials/{id} updates the description", async () => {
    const creds = await createApp("upd");
    const updated = await admin.updateCredentials(creds.id, { description: "PAT creds, updated" });
    expect(updated.description).toBe("PAT creds, updated");
    expect(updated.name).toBe(creds.name);
  });

  it("PUT /github/credentials/{id} replaces the App key", async () => {
    const creds = await createApp("rekey");
    const updated = await admin.updateCredentials(creds.id, {
      auth: { type: "app", appId: 12345, installationId: 67890, privateKeyPem: pkcs1PrivateKey() },
    });
    expect(updated.id).toBe(creds.id);
  });

  it("DELETE /github/credentials/{id} answers 204; deleting it again still succeeds", async () => {
    const creds = await createApp("del");
    await admin.deleteCredentials(creds.id);
    expect((await admin.listCredentials()).map((c) => c.id)).not.toContain(creds.id);
    await expect(admin.deleteCredentials(creds.id)).resolves.toBeUndefined();
    expect((await apiError(admin.getCredentials(creds.id))).isNotFound).toBe(true);
  });
});

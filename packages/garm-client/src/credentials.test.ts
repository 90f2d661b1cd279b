import { describe, expect, it } from "vitest";
import {
  createCredentialsToWire,
  credentialsListWire,
  credentialsWire,
  updateCredentialsToWire,
} from "./credentials.js";

const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";

describe("credentials wire mapping", () => {
  it("reads GARM's `auth-type` (dash) next to `forge_type` (underscore)", () => {
    const creds = credentialsWire.parse({
      id: 1,
      name: "fake-app",
      description: "app creds",
      api_base_url: "https://127.0.0.1:9443/api/v3/",
      base_url: "https://127.0.0.1:9443",
      ca_bundle: "LS0t",
      "auth-type": "app",
      forge_type: "github",
      endpoint: { name: "fake-gh", endpoint_type: "github" },
      rate_limit: { limit: 5000, used: 1, remaining: 4999, reset: 1700000000 },
    });
    expect(creds).toEqual({
      id: 1,
      name: "fake-app",
      description: "app creds",
      authType: "app",
      forgeType: "github",
      endpointName: "fake-gh",
      baseUrl: "https://127.0.0.1:9443",
      apiBaseUrl: "https://127.0.0.1:9443/api/v3/",
      rateLimit: { limit: 5000, used: 1, remaining: 4999, reset: 1700000000 },
    });
  });

  it("reads the `null` GARM answers for no credentials as an empty list", () => {
    expect(credentialsListWire.parse(null)).toEqual([]);
  });

  it("writes `auth_type` (underscore) and base64-encodes the App private key", () => {
    const wire = createCredentialsToWire({
      name: "app",
      endpoint: "github.com",
      auth: { type: "app", appId: 12345, installationId: 67890, privateKeyPem: PEM },
    });
    expect(wire).toEqual({
      name: "app",
      description: "",
      endpoint: "github.com",
      auth_type: "app",
      app: {
        app_id: 12345,
        installation_id: 67890,
        private_key_bytes: Buffer.from(PEM).toString("base64"),
      },
    });
  });

  it("writes a PAT as `pat.oauth2_token`", () => {
    expect(
      createCredentialsToWire({
        name: "pat",
        description: "d",
        endpoint: "e",
        auth: { type: "pat", token: "ghp_x" },
      }),
    ).toEqual({
      name: "pat",
      description: "d",
      endpoint: "e",
      auth_type: "pat",
      pat: { oauth2_token: "ghp_x" },
    });
  });

  it("sends only the changed fields on update", () => {
    expect(updateCredentialsToWire({ description: "new" })).toEqual({ description: "new" });
    expect(updateCredentialsToWire({ auth: { type: "pat", token: "t" } })).toEqual({
      pat: { oauth2_token: "t" },
    });
  });
});

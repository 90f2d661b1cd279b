import { describe, expect, it } from "vitest";
import {
  controllerInfoWire,
  endpointsWire,
  endpointWire,
  firstRunToWire,
  githubEndpointToWire,
  providersWire,
  tokenWire,
  updateControllerToWire,
  userWire,
} from "./controller.js";

describe("controller wire mapping", () => {
  it("maps controller info, defaulting the fields GARM leaves out before URLs are set", () => {
    const info = controllerInfoWire.parse({
      controller_id: "23d7fc1b-0000-4000-8000-000000000000",
      hostname: "vm",
      controller_webhook_url: "23d7fc1b-0000-4000-8000-000000000000",
      garm_agent_releases_url: "https://api.github.com/repos/cloudbase/garm-agent/releases",
      enable_agent_tools_sync: false,
      minimum_job_age_backoff: 30,
      version: "v0.2.1-96-gafda4e76",
    });
    expect(info).toEqual({
      controllerId: "23d7fc1b-0000-4000-8000-000000000000",
      hostname: "vm",
      metadataUrl: "",
      callbackUrl: "",
      webhookUrl: "",
      controllerWebhookUrl: "23d7fc1b-0000-4000-8000-000000000000",
      agentUrl: "",
      version: "v0.2.1-96-gafda4e76",
      minimumJobAgeBackoff: 30,
    });
  });

  it("sends only the controller fields given, in GARM's snake_case", () => {
    expect(
      updateControllerToWire({ metadataUrl: "http://g/api/v1/metadata", callbackUrl: "http://g/cb" }),
    ).toEqual({ metadata_url: "http://g/api/v1/metadata", callback_url: "http://g/cb" });
    expect(updateControllerToWire({})).toEqual({});
  });

  it("maps first-run parameters and the user GARM answers", () => {
    expect(
      firstRunToWire({ username: "admin", email: "a@example.com", fullName: "Admin", password: "pw" }),
    ).toEqual({ username: "admin", email: "a@example.com", full_name: "Admin", password: "pw" });
    const user = userWire.parse({
      id: "0582c994",
      username: "admin",
      email: "a@example.com",
      full_name: "Admin User",
      enabled: true,
      is_admin: true,
    });
    expect(user).toEqual({
      id: "0582c994",
      username: "admin",
      email: "a@example.com",
      fullName: "Admin User",
      enabled: true,
      isAdmin: true,
    });
  });

  it("rejects an empty login token", () => {
    expect(tokenWire.parse({ token: "eyJ" })).toBe("eyJ");
    expect(tokenWire.safeParse({ token: "" }).success).toBe(false);
  });

  it("maps providers and endpoints, accepting null for an empty list", () => {
    expect(providersWire.parse([{ name: "openstack", type: "external", description: "d" }])).toEqual([
      { name: "openstack", type: "external", description: "d" },
    ]);
    expect(providersWire.parse(null)).toEqual([]);
    const [endpoint] = endpointsWire.parse([
      {
        name: "github.com",
        description: "The github.com endpoint",
        api_base_url: "https://api.github.com/",
        upload_base_url: "https://uploads.github.com/",
        base_url: "https://github.com",
        endpoint_type: "github",
      },
    ]);
    expect(endpoint).toEqual({
      name: "github.com",
      description: "The github.com endpoint",
      baseUrl: "https://github.com",
      apiBaseUrl: "https://api.github.com/",
      uploadBaseUrl: "https://uploads.github.com/",
      endpointType: "github",
    });
  });

  it("base64-encodes an endpoint's CA bundle on write and decodes it on read", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const wire = githubEndpointToWire({ name: "gh", baseUrl: "https://gh", caCertBundle: pem });
    expect(wire).toEqual({
      name: "gh",
      base_url: "https://gh",
      ca_cert_bundle: Buffer.from(pem).toString("base64"),
    });
    const endpoint = endpointWire.parse({ name: "gh", ca_cert_bundle: wire.ca_cert_bundle });
    expect(endpoint.caCertBundle).toBe(pem);
    expect(endpointWire.parse({ name: "gh" }).caCertBundle).toBeUndefined();
  });
});

import { generateKeyPairSync } from "node:crypto";
import { startGarmFake } from "./garm-fake.js";
import type { GarmFake, GarmFakeOptions } from "./garm-fake.js";

/** Helpers for this package's raw-HTTP tests (plain fetch, no client). */
export interface CallResult {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly contentType: string | null;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  readonly rawBody?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export async function call(
  fake: GarmFake,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers["authorization"] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, text, contentType: response.headers.get("content-type") };
}

export const ADMIN_PASSWORD = "Zq7-Loopback-Test-Pass-2026!";

export const URLS = {
  metadataUrl: "http://127.0.0.1:9997/api/v1/metadata",
  callbackUrl: "http://127.0.0.1:9997/api/v1/callbacks",
  webhookUrl: "http://127.0.0.1:9997/webhooks",
};

/** A fake past first-run with URLs set, and an admin token from a real login. */
export async function readyFake(options: GarmFakeOptions = {}): Promise<{ fake: GarmFake; token: string }> {
  const fake = await startGarmFake({
    initialised: {
      username: "admin",
      password: ADMIN_PASSWORD,
      email: "admin@example.com",
      fullName: "Admin User",
    },
    urls: URLS,
    ...options,
  });
  const login = await call(fake, "POST", "/api/v1/auth/login", {
    body: { username: "admin", password: ADMIN_PASSWORD },
  });
  const token = (login.body as { token: string }).token;
  return { fake, token };
}

let keys: { pkcs1: string; pkcs8: string } | undefined;

/** base64 PEM keys, generated once: a PKCS#1 one GARM accepts and a PKCS#8 one it does not. */
export function testKeys(): { pkcs1: string; pkcs8: string } {
  if (!keys) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    keys = { pkcs1: Buffer.from(pkcs1).toString("base64"), pkcs8: Buffer.from(pkcs8).toString("base64") };
  }
  return keys;
}

export const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** Creates an App credential, an org and a repo on github.com; returns their ids. */
export async function seedEntities(
  fake: GarmFake,
  token: string,
): Promise<{ orgId: string; repoId: string }> {
  await call(fake, "POST", "/api/v1/github/credentials", {
    token,
    body: {
      name: "app",
      endpoint: "github.com",
      auth_type: "app",
      app: { app_id: 12345, installation_id: 67890, private_key_bytes: testKeys().pkcs1 },
    },
  });
  const org = await call(fake, "POST", "/api/v1/organizations", {
    token,
    body: { name: "fake-org", credentials_name: "app", webhook_secret: "s3cr3t-webhook-value" },
  });
  const repo = await call(fake, "POST", "/api/v1/repositories", {
    token,
    body: { owner: "fake-org", name: "fake-repo", credentials_name: "app", webhook_secret: "another-secret" },
  });
  return { orgId: (org.body as { id: string }).id, repoId: (repo.body as { id: string }).id };
}

export function scaleSetBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "fake-scaleset-1",
    provider_name: "openstack",
    max_runners: 3,
    min_idle_runners: 0,
    image: "ubuntu:24.04",
    flavor: "small",
    os_type: "linux",
    os_arch: "amd64",
    enabled: true,
    runner_bootstrap_timeout: 20,
    labels: ["fake-ss"],
    ...overrides,
  };
}

/** A self-signed CA certificate (public; its key was discarded) for the CA-bundle tests. */
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBjjCCATWgAwIBAgIUXkWA1pTwtigdIzlg5MVikNtG5cswCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRZ2FybS1mYWtlIHRlc3QgQ0EwIBcNMjYxMjA2MDgzMzMwWhgP
MjEyNjExMTIwODMzMzBaMBwxGjAYBgNVBAMMEWdhcm0tZmFrZSB0ZXN0IENBMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEXTOBTT4sTDeQhibEcxiYT+zZcf5u4O++
y4JgSOzH4682/jNL3I2ga4LKxDNdoXc2xjSjnftgLC+yomVfe++QUqNTMFEwHQYD
VR0OBBYEFGWcCUb9RmsseQvY30Klpbu0oqEnMB8GA1UdIwQYMBaAFGWcCUb9Rmss
eQvY30Klpbu0oqEnMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIg
GCI3hx1M9QsjINTICJvlD+7z/E18qqQJr0MNWwdv3NgCIBG4u0kAyXN5RAg2RP/J
RWR9V3l6htiMaru1mi7hV1CP
-----END CERTIFICATE-----
`;

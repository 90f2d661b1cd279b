import * as z from "zod";
import { encodeBase64 } from "./base64.js";
import { definedFields, wireList, wireText } from "./wire-common.js";

export type ForgeAuthType = "app" | "pat";

export interface RateLimit {
  readonly limit: number;
  readonly used: number;
  readonly remaining: number;
  /** Unix seconds. */
  readonly reset: number;
}

/** A set of forge credentials as GARM reports it; secret material never comes back. */
export interface Credentials {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly authType: ForgeAuthType;
  /** `github` or `gitea`. */
  readonly forgeType: string;
  /** Name of the endpoint the credentials belong to ("" when GARM did not say). */
  readonly endpointName: string;
  readonly baseUrl: string;
  readonly apiBaseUrl: string;
  readonly rateLimit: RateLimit | undefined;
}

/** GitHub App authentication; the key is the PKCS#1 PEM text (`BEGIN RSA PRIVATE KEY`). */
export interface GithubAppAuth {
  readonly type: "app";
  readonly appId: number;
  readonly installationId: number;
  readonly privateKeyPem: string;
}

/** Personal access token authentication. */
export interface GithubPatAuth {
  readonly type: "pat";
  readonly token: string;
}

export type GithubAuth = GithubAppAuth | GithubPatAuth;

export interface CreateCredentialsParams {
  readonly name: string;
  readonly description?: string;
  /** Endpoint name, `github.com` for GitHub itself. */
  readonly endpoint: string;
  readonly auth: GithubAuth;
}

/** Only the fields given change; `auth` must keep the credentials' auth type. */
export interface UpdateCredentialsParams {
  readonly name?: string;
  readonly description?: string;
  readonly auth?: GithubAuth;
}

const rateLimitWire = z.object({
  limit: z.number().default(0),
  used: z.number().default(0),
  remaining: z.number().default(0),
  reset: z.number().default(0),
});

// Note GARM's spelling: `auth-type` with a dash, but `forge_type` with an underscore.
export const credentialsWire = z
  .object({
    id: z.number().int().nonnegative(),
    name: z.string(),
    description: wireText,
    "auth-type": z.enum(["app", "pat"]),
    forge_type: wireText,
    base_url: wireText,
    api_base_url: wireText,
    endpoint: z.object({ name: z.string() }).nullish(),
    rate_limit: rateLimitWire.nullish(),
  })
  .transform((c): Credentials => ({
    id: c.id,
    name: c.name,
    description: c.description,
    authType: c["auth-type"],
    forgeType: c.forge_type,
    endpointName: c.endpoint?.name ?? "",
    baseUrl: c.base_url,
    apiBaseUrl: c.api_base_url,
    rateLimit: c.rate_limit ?? undefined,
  }));

export const credentialsListWire = wireList(credentialsWire);

function authToWire(auth: GithubAuth): Record<string, unknown> {
  if (auth.type === "app") {
    return {
      app: {
        app_id: auth.appId,
        installation_id: auth.installationId,
        private_key_bytes: encodeBase64(auth.privateKeyPem),
      },
    };
  }
  return { pat: { oauth2_token: auth.token } };
}

// Requests spell it `auth_type` (underscore), responses `auth-type`.
export function createCredentialsToWire(params: CreateCredentialsParams): Record<string, unknown> {
  return {
    name: params.name,
    description: params.description ?? "",
    endpoint: params.endpoint,
    auth_type: params.auth.type,
    ...authToWire(params.auth),
  };
}

export function updateCredentialsToWire(params: UpdateCredentialsParams): Record<string, unknown> {
  return {
    ...definedFields({ name: params.name, description: params.description }),
    ...(params.auth === undefined ? {} : authToWire(params.auth)),
  };
}

import * as z from "zod";
import { encodeBase64 } from "./base64.js";
import { definedFields, wireBase64Text, wireCount, wireFlag, wireList, wireText } from "./wire-common.js";

/** The admin user first-run creates. */
export interface GarmUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly fullName: string;
  readonly enabled: boolean;
  readonly isAdmin: boolean;
}

export interface FirstRunParams {
  readonly username: string;
  readonly email: string;
  readonly fullName: string;
  readonly password: string;
}

export const userWire = z
  .object({
    id: z.string(),
    username: z.string(),
    email: wireText,
    full_name: wireText,
    enabled: wireFlag,
    is_admin: wireFlag,
  })
  .transform((u): GarmUser => ({
    id: u.id,
    username: u.username,
    email: u.email,
    fullName: u.full_name,
    enabled: u.enabled,
    isAdmin: u.is_admin,
  }));

export function firstRunToWire(params: FirstRunParams): Record<string, string> {
  return {
    username: params.username,
    email: params.email,
    full_name: params.fullName,
    password: params.password,
  };
}

export const tokenWire = z.object({ token: z.string().min(1) }).transform((t) => t.token);

/** GARM's controller settings. URLs are "" until set; `hostname` is absent from PUT answers. */
export interface ControllerInfo {
  readonly controllerId: string;
  readonly hostname: string;
  readonly metadataUrl: string;
  readonly callbackUrl: string;
  readonly webhookUrl: string;
  readonly controllerWebhookUrl: string;
  readonly agentUrl: string;
  readonly version: string;
  readonly minimumJobAgeBackoff: number;
}

export const controllerInfoWire = z
  .object({
    controller_id: z.string(),
    hostname: wireText,
    metadata_url: wireText,
    callback_url: wireText,
    webhook_url: wireText,
    controller_webhook_url: wireText,
    agent_url: wireText,
    version: wireText,
    minimum_job_age_backoff: wireCount,
  })
  .transform((c): ControllerInfo => ({
    controllerId: c.controller_id,
    hostname: c.hostname,
    metadataUrl: c.metadata_url,
    callbackUrl: c.callback_url,
    webhookUrl: c.webhook_url,
    controllerWebhookUrl: c.controller_webhook_url,
    agentUrl: c.agent_url,
    version: c.version,
    minimumJobAgeBackoff: c.minimum_job_age_backoff,
  }));

/** What `updateController` may change; only the fields given are sent. */
export interface UpdateControllerParams {
  readonly metadataUrl?: string;
  readonly callbackUrl?: string;
  readonly webhookUrl?: string;
  readonly agentUrl?: string;
  readonly minimumJobAgeBackoff?: number;
}

export function updateControllerToWire(params: UpdateControllerParams): Record<string, string | number> {
  return definedFields<string | number>({
    metadata_url: params.metadataUrl,
    callback_url: params.callbackUrl,
    webhook_url: params.webhookUrl,
    agent_url: params.agentUrl,
    minimum_job_age_backoff: params.minimumJobAgeBackoff,
  });
}

export interface Provider {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export const providersWire = wireList(
  z
    .object({ name: z.string(), type: wireText, description: wireText })
    .transform((p): Provider => ({ name: p.name, type: p.type, description: p.description })),
);

export interface GithubEndpoint {
  readonly name: string;
  readonly description: string;
  readonly baseUrl: string;
  readonly apiBaseUrl: string;
  readonly uploadBaseUrl: string;
  /** `github` or `gitea`. */
  readonly endpointType: string;
  /** PEM CA bundle GARM trusts for this endpoint (decoded from base64), if any. */
  readonly caCertBundle: string | undefined;
}

export interface CreateGithubEndpointParams {
  readonly name: string;
  readonly description?: string;
  readonly baseUrl: string;
  readonly apiBaseUrl: string;
  /** Required by GARM. */
  readonly uploadBaseUrl: string;
  /** PEM text; sent base64-encoded. */
  readonly caCertBundle?: string;
}

/** Only the fields given change. */
export type UpdateGithubEndpointParams = Partial<Omit<CreateGithubEndpointParams, "name">>;

export function githubEndpointToWire(
  params: UpdateGithubEndpointParams & { name?: string },
): Record<string, string> {
  return definedFields({
    name: params.name,
    description: params.description,
    base_url: params.baseUrl,
    api_base_url: params.apiBaseUrl,
    upload_base_url: params.uploadBaseUrl,
    ca_cert_bundle: params.caCertBundle === undefined ? undefined : encodeBase64(params.caCertBundle),
  });
}

export const endpointWire = z
  .object({
    name: z.string(),
    description: wireText,
    base_url: wireText,
    api_base_url: wireText,
    upload_base_url: wireText,
    endpoint_type: wireText,
    ca_cert_bundle: wireBase64Text,
  })
  .transform((e): GithubEndpoint => ({
    name: e.name,
    description: e.description,
    baseUrl: e.base_url,
    apiBaseUrl: e.api_base_url,
    uploadBaseUrl: e.upload_base_url,
    endpointType: e.endpoint_type,
    caCertBundle: e.ca_cert_bundle,
  }));

export const endpointsWire = wireList(endpointWire);

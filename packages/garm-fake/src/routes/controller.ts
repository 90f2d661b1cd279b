import * as z from "zod";
import { badRequest } from "../api-error.js";
import { isHttpUrl, isStdBase64, parseBody } from "../body.js";
import { json } from "../http-types.js";
import type { Router } from "../router.js";
import type { ControllerState, Store } from "../store.js";
import { controllerView } from "../views.js";

const updateControllerSchema = z.object({
  metadata_url: z.string().optional(),
  callback_url: z.string().optional(),
  webhook_url: z.string().optional(),
  agent_url: z.string().optional(),
  garm_agent_releases_url: z.string().optional(),
  enable_agent_tools_sync: z.boolean().optional(),
  garm_agent_version: z.string().optional(),
  allow_insecure_garm_agent: z.boolean().optional(),
  minimum_job_age_backoff: z.number().int().nonnegative().optional(),
  ca_cert_bundle: z.string().optional(),
  clear_ca_cert_bundle: z.boolean().optional(),
});

const URL_FIELDS = [
  "metadata_url",
  "callback_url",
  "webhook_url",
  "agent_url",
  "garm_agent_releases_url",
] as const;

/** GARM fetches the agent releases URL to validate it; so does the fake. */
async function checkReleasesUrl(url: string): Promise<void> {
  let status: number;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(RELEASES_FETCH_TIMEOUT_MS) });
    await response.body?.cancel();
    status = response.status;
  } catch {
    throw badRequest("failed to fetch garm_agent_releases_url");
  }
  if (status !== 200) throw badRequest(`garm_agent_releases_url returned status ${status}`);
}

const RELEASES_FETCH_TIMEOUT_MS = 5_000;

type ControllerUpdate = z.infer<typeof updateControllerSchema>;

/** GARM's checks of an update, before it changes anything. */
async function checkUpdate(body: ControllerUpdate): Promise<void> {
  for (const field of URL_FIELDS) {
    const value = body[field];
    if (value !== undefined && !isHttpUrl(value)) throw badRequest(`invalid ${field}`);
  }
  if (body.garm_agent_releases_url !== undefined) await checkReleasesUrl(body.garm_agent_releases_url);
  if (body.ca_cert_bundle !== undefined && !isStdBase64(body.ca_cert_bundle))
    throw badRequest("invalid request");
}

/** Sets one controller setting when the request names it; absent fields keep theirs. */
function setIfGiven<K extends keyof ControllerState>(
  controller: ControllerState,
  key: K,
  value: ControllerState[K] | undefined,
): void {
  if (value !== undefined) controller[key] = value;
}

function applyUpdate(controller: ControllerState, body: ControllerUpdate): void {
  setIfGiven(controller, "metadataUrl", body.metadata_url);
  setIfGiven(controller, "callbackUrl", body.callback_url);
  setIfGiven(controller, "webhookUrl", body.webhook_url);
  setIfGiven(controller, "agentUrl", body.agent_url);
  setIfGiven(controller, "garmAgentReleasesUrl", body.garm_agent_releases_url);
  setIfGiven(controller, "enableAgentToolsSync", body.enable_agent_tools_sync);
  setIfGiven(controller, "garmAgentVersion", body.garm_agent_version);
  setIfGiven(controller, "allowInsecureGarmAgent", body.allow_insecure_garm_agent);
  setIfGiven(controller, "minimumJobAgeBackoff", body.minimum_job_age_backoff);
  setIfGiven(controller, "caCertBundle", body.ca_cert_bundle);
  if (body.clear_ca_cert_bundle) controller.caCertBundle = "";
}

export function registerControllerRoutes(router: Router, store: Store): void {
  const info = () => json(controllerView(store.controller, true));
  router.add("GET", "/api/v1/controller", "controller", info);
  router.add("GET", "/api/v1/controller-info", "api", info);

  router.add("PUT", "/api/v1/controller", "controller", async (ctx) => {
    const body = parseBody(ctx, updateControllerSchema);
    await checkUpdate(body);
    applyUpdate(store.controller, body);
    // The PUT answer has no hostname; GET /controller-info has one.
    return json(controllerView(store.controller, false));
  });
}

export interface ProviderInfo {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
}

export function registerProviderRoutes(router: Router, providers: readonly ProviderInfo[]): void {
  const body = providers.map((provider) => ({
    name: provider.name,
    type: provider.type ?? "external",
    ...(provider.description ? { description: provider.description } : {}),
  }));
  router.add("GET", "/api/v1/providers", "api", () => json(body.map((provider) => ({ ...provider }))));
}

import type { ControllerState, Credentials, Endpoint, Entity, ScaleSet, Store, Template } from "./store.js";

type Json = Record<string, unknown>;

/** Go's `omitempty`: zero numbers, false, "" and empty lists are left out. */
function omitEmpty(object: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || value === null || value === 0 || value === false || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

export function controllerView(controller: ControllerState, withHostname: boolean): Json {
  const webhookBase = controller.webhookUrl;
  return {
    controller_id: controller.controllerId,
    ...(withHostname ? { hostname: controller.hostname } : {}),
    ...omitEmpty({
      metadata_url: controller.metadataUrl,
      callback_url: controller.callbackUrl,
      webhook_url: controller.webhookUrl,
      ca_cert_bundle: controller.caCertBundle,
    }),
    // Without a webhook URL GARM answers the bare controller id here.
    controller_webhook_url: webhookBase
      ? `${webhookBase.replace(/\/+$/, "")}/${controller.controllerId}`
      : controller.controllerId,
    // GARM derives the agent URL from the callback URL's origin when none was set.
    ...omitEmpty({ agent_url: controller.agentUrl || originOf(controller.callbackUrl) }),
    garm_agent_releases_url: controller.garmAgentReleasesUrl,
    enable_agent_tools_sync: controller.enableAgentToolsSync,
    garm_agent_version: controller.garmAgentVersion,
    allow_insecure_garm_agent: controller.allowInsecureGarmAgent,
    minimum_job_age_backoff: controller.minimumJobAgeBackoff,
    version: FAKE_VERSION,
  };
}

function originOf(url: string): string {
  if (url === "") return "";
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

export const FAKE_VERSION = "v0.2.1-fake";

export function endpointView(endpoint: Endpoint): Json {
  return {
    name: endpoint.name,
    ...omitEmpty({ description: endpoint.description }),
    api_base_url: endpoint.apiBaseUrl,
    upload_base_url: endpoint.uploadBaseUrl,
    base_url: endpoint.baseUrl,
    ...omitEmpty({ ca_cert_bundle: endpoint.caCertBundle }),
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
    endpoint_type: "github",
  };
}

/** Credentials as GARM answers them: never the key or token, and `auth-type` with a dash. */
export function credentialsView(store: Store, creds: Credentials): Json {
  const endpoint = store.endpointOf(creds);
  return {
    id: creds.id,
    name: creds.name,
    ...omitEmpty({ description: creds.description }),
    api_base_url: endpoint.apiBaseUrl,
    upload_base_url: endpoint.uploadBaseUrl,
    base_url: endpoint.baseUrl,
    ...omitEmpty({ ca_bundle: endpoint.caCertBundle }),
    "auth-type": creds.authType,
    forge_type: "github",
    endpoint: endpointView(endpoint),
    created_at: creds.createdAt,
    updated_at: creds.updatedAt,
  };
}

export function entityView(store: Store, entity: Entity): Json {
  const creds = store.credentialsOf(entity);
  return {
    id: entity.id,
    ...(entity.kind === "repo" ? { owner: entity.owner } : {}),
    name: entity.name,
    credentials_name: creds.name,
    credentials: credentialsView(store, creds),
    credentials_id: creds.id,
    pool_manager_status: entity.poolManagerStarted ? { running: true } : {},
    pool_balancing_type: entity.poolBalancerType,
    endpoint: endpointView(store.endpointOf(creds)),
    created_at: entity.createdAt,
    updated_at: entity.updatedAt,
    agent_mode: entity.agentMode,
  };
}

export function scaleSetView(store: Store, set: ScaleSet): Json {
  const entity = store.entities.get(set.entityId);
  const template = store.templates.get(set.templateId);
  const owner: Json = {};
  if (entity?.kind === "org") {
    owner["org_id"] = entity.id;
    owner["org_name"] = entity.name;
  } else if (entity) {
    owner["repo_id"] = entity.id;
    owner["repo_name"] = `${entity.owner}/${entity.name}`;
  }
  const endpoint = entity ? store.endpointOf(store.credentialsOf(entity)) : undefined;
  return {
    runner_prefix: set.runnerPrefix,
    id: set.id,
    ...omitEmpty({ scale_set_id: set.scaleSetId, name: set.name }),
    disable_update: set.disableUpdate,
    state: set.state,
    ...omitEmpty({
      extended_state: set.extendedState,
      provider_name: set.providerName,
      max_runners: set.maxRunners,
      min_idle_runners: set.minIdleRunners,
      image: set.image,
      flavor: set.flavor,
      os_type: set.osType,
      os_arch: set.osArch,
      enabled: set.enabled,
      instances: set.instances.map((instance) => instanceView(set, instance)),
      desired_runner_count: set.desiredRunnerCount,
      runner_bootstrap_timeout: set.runnerBootstrapTimeout,
      extra_specs: isEmptyObject(set.extraSpecs) ? undefined : set.extraSpecs,
      "github-runner-group": set.runnerGroup,
      tags: set.tags.map((tag) => ({ ...tag })),
    }),
    enable_shell: set.enableShell,
    generation: set.generation,
    ...owner,
    ...(endpoint ? { endpoint: endpointView(endpoint) } : {}),
    ...omitEmpty({ template_id: set.templateId, template_name: template?.name }),
    // GARM answers null, not [], when there are none (seen on a real GARM).
    status_messages: null,
    created_at: set.createdAt,
    updated_at: set.updatedAt,
  };
}

export function instanceView(set: ScaleSet, instance: ScaleSet["instances"][number]): Json {
  return {
    name: instance.name,
    provider_id: instance.name,
    agent_id: instance.agentId,
    status: "running",
    runner_status: "pending",
    os_type: set.osType,
    os_arch: set.osArch,
    scale_set_id: set.id,
    provider_name: set.providerName,
    created_at: instance.createdAt,
  };
}

/** Lists leave `data` null: GARM does not read the column for lists. */
export function templateView(template: Template, withData: boolean): Json {
  return {
    id: template.id,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
    name: template.name,
    // Always sent, "" when empty (seen on a real GARM).
    description: template.description,
    os_type: template.osType,
    forge_type: template.forgeType,
    owner_id: template.ownerId,
    data: withData ? template.data.toString("base64") : null,
  };
}

function isEmptyObject(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === "object" && Object.keys(value).length === 0;
}

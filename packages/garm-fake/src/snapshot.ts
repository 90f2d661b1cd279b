import type { Credentials, Endpoint, Entity, ScaleSet, Store, Template } from "./store.js";

/** A plain, deep-copied view of the fake's state for test assertions. */
export interface GarmFakeSnapshot {
  readonly initialised: boolean;
  readonly controller: {
    readonly controllerId: string;
    readonly metadataUrl: string;
    readonly callbackUrl: string;
    readonly webhookUrl: string;
    readonly agentUrl: string;
  };
  readonly endpoints: readonly {
    readonly name: string;
    readonly description: string;
    readonly baseUrl: string;
    readonly apiBaseUrl: string;
    readonly uploadBaseUrl: string;
    readonly caCertBundle: string;
  }[];
  readonly credentials: readonly {
    readonly id: number;
    readonly name: string;
    readonly description: string;
    readonly endpoint: string;
    readonly authType: "app" | "pat";
    readonly app?: {
      readonly appId: number;
      readonly installationId: number;
      readonly privateKeyBytes: string;
    };
    readonly pat?: { readonly oauth2Token: string };
  }[];
  readonly organizations: readonly EntitySnapshot[];
  readonly repositories: readonly EntitySnapshot[];
  readonly scaleSets: readonly ScaleSetSnapshot[];
  readonly templates: readonly {
    readonly id: number;
    readonly name: string;
    readonly description: string;
    readonly osType: string;
    readonly forgeType: string;
    readonly ownerId: string;
    /** The script, decoded. */
    readonly data: string;
  }[];
}

export interface EntitySnapshot {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly credentialsName: string;
  readonly webhookSecret: string;
  readonly poolBalancerType: string;
}

export interface ScaleSetSnapshot {
  readonly id: number;
  readonly scaleSetId: number;
  readonly name: string;
  readonly entityKind: "org" | "repo";
  readonly entityId: string;
  readonly providerName: string;
  readonly maxRunners: number;
  readonly minIdleRunners: number;
  readonly image: string;
  readonly flavor: string;
  readonly osType: string;
  readonly osArch: string;
  readonly enabled: boolean;
  readonly disableUpdate: boolean;
  readonly runnerBootstrapTimeout: number;
  readonly runnerGroup: string;
  readonly extraSpecs: unknown;
  readonly labels: readonly string[];
  readonly templateId: number;
  readonly runners: readonly string[];
}

type Item<T extends readonly unknown[]> = T[number];

function entitySnapshot(store: Store, entity: Entity): EntitySnapshot {
  return {
    id: entity.id,
    owner: entity.owner,
    name: entity.name,
    credentialsName: store.credentialsOf(entity).name,
    webhookSecret: entity.webhookSecret,
    poolBalancerType: entity.poolBalancerType,
  };
}

function endpointSnapshot(endpoint: Endpoint): Item<GarmFakeSnapshot["endpoints"]> {
  return {
    name: endpoint.name,
    description: endpoint.description,
    baseUrl: endpoint.baseUrl,
    apiBaseUrl: endpoint.apiBaseUrl,
    uploadBaseUrl: endpoint.uploadBaseUrl,
    caCertBundle: endpoint.caCertBundle,
  };
}

function credentialsSnapshot(creds: Credentials): Item<GarmFakeSnapshot["credentials"]> {
  return {
    id: creds.id,
    name: creds.name,
    description: creds.description,
    endpoint: creds.endpointName,
    authType: creds.authType,
    ...(creds.app ? { app: { ...creds.app } } : {}),
    ...(creds.pat ? { pat: { ...creds.pat } } : {}),
  };
}

function scaleSetSnapshot(set: ScaleSet): ScaleSetSnapshot {
  return {
    id: set.id,
    scaleSetId: set.scaleSetId,
    name: set.name,
    entityKind: set.entityKind,
    entityId: set.entityId,
    providerName: set.providerName,
    maxRunners: set.maxRunners,
    minIdleRunners: set.minIdleRunners,
    image: set.image,
    flavor: set.flavor,
    osType: set.osType,
    osArch: set.osArch,
    enabled: set.enabled,
    disableUpdate: set.disableUpdate,
    runnerBootstrapTimeout: set.runnerBootstrapTimeout,
    runnerGroup: set.runnerGroup,
    extraSpecs: structuredClone(set.extraSpecs),
    labels: set.tags.map((tag) => tag.name),
    templateId: set.templateId,
    runners: set.instances.map((instance) => instance.name),
  };
}

function templateSnapshot(template: Template): Item<GarmFakeSnapshot["templates"]> {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    osType: template.osType,
    forgeType: template.forgeType,
    ownerId: template.ownerId,
    data: template.data.toString("utf8"),
  };
}

export function snapshotOf(store: Store): GarmFakeSnapshot {
  const entities = [...store.entities.values()];
  const { controller } = store;
  return {
    initialised: store.user !== undefined,
    controller: {
      controllerId: controller.controllerId,
      metadataUrl: controller.metadataUrl,
      callbackUrl: controller.callbackUrl,
      webhookUrl: controller.webhookUrl,
      agentUrl: controller.agentUrl,
    },
    endpoints: [...store.endpoints.values()].map(endpointSnapshot),
    credentials: [...store.credentials.values()].map(credentialsSnapshot),
    organizations: entities.filter((e) => e.kind === "org").map((e) => entitySnapshot(store, e)),
    repositories: entities.filter((e) => e.kind === "repo").map((e) => entitySnapshot(store, e)),
    scaleSets: [...store.scaleSets.values()].map(scaleSetSnapshot),
    templates: [...store.templates.values()].map(templateSnapshot),
  };
}

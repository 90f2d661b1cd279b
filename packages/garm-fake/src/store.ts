import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto";
import { hostname } from "node:os";
import { forgeKey } from "./forge.js";
import type { ForgeFailure } from "./forge.js";

export type OsType = "linux" | "windows";
export type ForgeType = "github" | "gitea";
export type EntityKind = "org" | "repo";

export interface User {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly fullName: string;
  readonly passwordSalt: Buffer;
  readonly passwordHash: Buffer;
  readonly generation: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ControllerState {
  readonly controllerId: string;
  readonly hostname: string;
  metadataUrl: string;
  callbackUrl: string;
  webhookUrl: string;
  agentUrl: string;
  garmAgentReleasesUrl: string;
  enableAgentToolsSync: boolean;
  garmAgentVersion: string;
  allowInsecureGarmAgent: boolean;
  minimumJobAgeBackoff: number;
  caCertBundle: string;
}

export interface Endpoint {
  readonly name: string;
  description: string;
  baseUrl: string;
  apiBaseUrl: string;
  uploadBaseUrl: string;
  /** base64 of the PEM bundle, as GARM answers it; "" when unset. */
  caCertBundle: string;
  readonly createdAt: string;
  updatedAt: string;
}

export interface GithubApp {
  appId: number;
  installationId: number;
  /** base64 of the PKCS#1 PEM key. */
  privateKeyBytes: string;
}

export interface Credentials {
  readonly id: number;
  name: string;
  description: string;
  readonly endpointName: string;
  readonly authType: "app" | "pat";
  app?: GithubApp;
  pat?: { oauth2Token: string };
  readonly createdAt: string;
  updatedAt: string;
}

export interface Entity {
  readonly kind: EntityKind;
  readonly id: string;
  /** Repositories only. */
  readonly owner: string;
  readonly name: string;
  credentialsId: number;
  webhookSecret: string;
  poolBalancerType: string;
  agentMode: boolean;
  /** GARM answers `{}` as pool manager status on create, `{"running":true}` once its worker started. */
  poolManagerStarted: boolean;
  readonly createdAt: string;
  updatedAt: string;
}

export interface Instance {
  readonly name: string;
  readonly agentId: number;
  readonly createdAt: string;
}

export interface ScaleSet {
  readonly id: number;
  scaleSetId: number;
  name: string;
  readonly entityKind: EntityKind;
  readonly entityId: string;
  providerName: string;
  maxRunners: number;
  minIdleRunners: number;
  image: string;
  flavor: string;
  osType: string;
  osArch: string;
  enabled: boolean;
  disableUpdate: boolean;
  runnerBootstrapTimeout: number;
  runnerGroup: string;
  runnerPrefix: string;
  extraSpecs: unknown;
  enableShell: boolean;
  readonly tags: readonly { id: string; name: string }[];
  templateId: number;
  state: string;
  extendedState: string;
  desiredRunnerCount: number;
  generation: number;
  readonly createdAt: string;
  updatedAt: string;
  instances: Instance[];
  /**
   * When GitHub lost this scale set (Date.now() ms), undefined while GitHub has it. Until GARM's
   * worker re-creates it, GARM's delete answers 200 and keeps the row.
   */
  lostOnGithubAt: number | undefined;
}

export interface Template {
  readonly id: number;
  name: string;
  description: string;
  readonly osType: OsType;
  readonly forgeType: ForgeType;
  readonly ownerId: string;
  data: Buffer;
  readonly createdAt: string;
  updatedAt: string;
}

export const now = (): string => new Date().toISOString();

/** The owner GARM gives its built-in runner-install templates. */
export const SYSTEM_OWNER = "system";

/** The in-memory database of the fake. Route modules mutate it; views render it. */
/** The id counters of a store, so a restored store hands out the ids the saved one would have. */
export interface StoreCounters {
  nextCredentialsId: number;
  nextScaleSetId: number;
  nextGithubScaleSetId: number;
  nextTemplateId: number;
  nextAgentId: number;
}

export class Store {
  /** Signs JWTs: GARM's `jwt_auth.secret` when the fake runs as `garm`, random otherwise. */
  readonly jwtSecret: Buffer;
  user: User | undefined;
  readonly controller: ControllerState;
  readonly endpoints = new Map<string, Endpoint>();
  readonly credentials = new Map<number, Credentials>();
  readonly entities = new Map<string, Entity>();
  readonly scaleSets = new Map<number, ScaleSet>();
  readonly templates = new Map<number, Template>();
  /** How the GitHub of an entity fails, by forgeKey ("org" or "owner/name", lower case). */
  readonly forgeFailures = new Map<string, ForgeFailure>();
  private nextCredentialsId = 1;
  private nextScaleSetId = 1;
  private nextGithubScaleSetId = 101;
  private nextTemplateId = 1;
  private nextAgentId = 100;

  constructor(jwtSecret: Buffer = randomBytes(32)) {
    this.jwtSecret = jwtSecret;
    const controllerId = randomUUID();
    this.controller = {
      controllerId,
      hostname: hostname(),
      metadataUrl: "",
      callbackUrl: "",
      webhookUrl: "",
      agentUrl: "",
      garmAgentReleasesUrl: "https://api.github.com/repos/cloudbase/garm-agent/releases",
      enableAgentToolsSync: false,
      garmAgentVersion: "",
      allowInsecureGarmAgent: false,
      minimumJobAgeBackoff: 30,
      caCertBundle: "",
    };
    const created = now();
    this.endpoints.set("github.com", {
      name: "github.com",
      description: "The github.com endpoint",
      apiBaseUrl: "https://api.github.com/",
      uploadBaseUrl: "https://uploads.github.com/",
      baseUrl: "https://github.com",
      caCertBundle: "",
      createdAt: created,
      updatedAt: created,
    });
  }

  counters(): StoreCounters {
    return {
      nextCredentialsId: this.nextCredentialsId,
      nextScaleSetId: this.nextScaleSetId,
      nextGithubScaleSetId: this.nextGithubScaleSetId,
      nextTemplateId: this.nextTemplateId,
      nextAgentId: this.nextAgentId,
    };
  }

  setCounters(counters: StoreCounters): void {
    Object.assign(this, counters);
  }

  urlsConfigured(): boolean {
    return this.controller.metadataUrl !== "" && this.controller.callbackUrl !== "";
  }

  createUser(input: { username: string; email: string; fullName: string; password: string }): User {
    const salt = randomBytes(16);
    const created = now();
    this.user = {
      id: randomUUID(),
      username: input.username,
      email: input.email,
      fullName: input.fullName,
      passwordSalt: salt,
      passwordHash: hashPassword(input.password, salt),
      generation: 0,
      createdAt: created,
      updatedAt: created,
    };
    return this.user;
  }

  checkPassword(username: string, password: string): User | undefined {
    const user = this.user;
    if (!user || user.username !== username) return undefined;
    const hash = hashPassword(password, user.passwordSalt);
    return timingSafeEqual(hash, user.passwordHash) ? user : undefined;
  }

  allocateCredentialsId(): number {
    return this.nextCredentialsId++;
  }

  allocateScaleSetIds(): { id: number; scaleSetId: number } {
    return { id: this.nextScaleSetId++, scaleSetId: this.nextGithubScaleSetId++ };
  }

  /** A new id on GitHub's side, for a scale set GARM's worker re-created there. */
  allocateGithubScaleSetId(): number {
    return this.nextGithubScaleSetId++;
  }

  allocateTemplateId(): number {
    return this.nextTemplateId++;
  }

  allocateAgentId(): number {
    return this.nextAgentId++;
  }

  findEndpoint(name: string): Endpoint | undefined {
    const wanted = name.toLowerCase();
    for (const endpoint of this.endpoints.values())
      if (endpoint.name.toLowerCase() === wanted) return endpoint;
    return undefined;
  }

  findCredentialsByName(name: string): Credentials | undefined {
    const wanted = name.toLowerCase();
    for (const creds of this.credentials.values()) if (creds.name.toLowerCase() === wanted) return creds;
    return undefined;
  }

  credentialsOf(entity: Entity): Credentials {
    const creds = this.credentials.get(entity.credentialsId);
    if (!creds) throw new Error(`entity ${entity.id} references missing credentials ${entity.credentialsId}`);
    return creds;
  }

  endpointOf(creds: Credentials): Endpoint {
    const endpoint = this.findEndpoint(creds.endpointName);
    if (!endpoint)
      throw new Error(`credentials ${creds.id} reference missing endpoint ${creds.endpointName}`);
    return endpoint;
  }

  /** The org or repo a scale set belongs to. */
  ownerOf(set: ScaleSet): Entity {
    const entity = this.entities.get(set.entityId);
    if (!entity) throw new Error(`scale set ${set.id} references missing entity ${set.entityId}`);
    return entity;
  }

  scaleSetsOf(entity: Entity): ScaleSet[] {
    const result: ScaleSet[] = [];
    for (const set of this.scaleSets.values()) if (set.entityId === entity.id) result.push(set);
    return result;
  }

  /** How the GitHub of this org or repo (existing or about to be created) fails, if it does. */
  forgeFailureOf(entity: Pick<Entity, "kind" | "owner" | "name">): ForgeFailure | undefined {
    return this.forgeFailures.get(forgeKey(entity));
  }

  /** The system template GARM picks when a scale set names none. */
  defaultTemplate(osType: string, forgeType: ForgeType): Template | undefined {
    for (const template of this.templates.values()) {
      if (
        template.ownerId === SYSTEM_OWNER &&
        template.osType === osType &&
        template.forgeType === forgeType
      ) {
        return template;
      }
    }
    return undefined;
  }
}

function hashPassword(password: string, salt: Buffer): Buffer {
  // Low scrypt cost: this is a test fake, and login must stay cheap for benchmarks.
  return scryptSync(password, salt, 32, { N: 1024 });
}

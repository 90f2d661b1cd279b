import * as z from "zod";
import { definedFields, wireCount, wireFlag, wireList, wireText } from "./wire-common.js";

export interface PoolManagerStatus {
  readonly running: boolean;
  readonly failureReason: string;
}

/** Fields GARM reports for both organisations and repositories. */
interface EntityCommon {
  readonly id: string;
  readonly name: string;
  readonly credentialsName: string;
  readonly credentialsId: number;
  readonly endpointName: string;
  readonly poolBalancingType: string;
  readonly poolManagerStatus: PoolManagerStatus;
  readonly agentMode: boolean;
}

export type Organisation = EntityCommon;

export interface Repository extends EntityCommon {
  readonly owner: string;
}

export interface CreateOrganisationParams {
  readonly name: string;
  readonly credentialsName: string;
  /** Required by GARM (400 `missing secret` without it). */
  readonly webhookSecret: string;
  readonly poolBalancerType?: "roundrobin" | "pack";
}

export interface CreateRepositoryParams extends CreateOrganisationParams {
  readonly owner: string;
}

/** Only the fields given change. */
export interface UpdateEntityParams {
  readonly credentialsName?: string;
  readonly webhookSecret?: string;
  readonly poolBalancerType?: "roundrobin" | "pack";
}

export interface ListOrganisationsFilter {
  /** Exact name (GARM compares case-insensitively). */
  readonly name?: string;
  readonly endpoint?: string;
}

export interface ListRepositoriesFilter extends ListOrganisationsFilter {
  readonly owner?: string;
}

const entityFields = {
  id: z.string(),
  name: z.string(),
  credentials_name: wireText,
  credentials_id: wireCount,
  endpoint: z.object({ name: z.string() }).nullish(),
  pool_balancing_type: wireText,
  pool_manager_status: z
    .object({ running: wireFlag, failure_reason: wireText })
    .nullish()
    .transform((s): PoolManagerStatus => ({
      running: s?.running ?? false,
      failureReason: s?.failure_reason ?? "",
    })),
  agent_mode: wireFlag,
};

type EntityWire = z.output<z.ZodObject<typeof entityFields>>;

function entityCommon(e: EntityWire): EntityCommon {
  return {
    id: e.id,
    name: e.name,
    credentialsName: e.credentials_name,
    credentialsId: e.credentials_id,
    endpointName: e.endpoint?.name ?? "",
    poolBalancingType: e.pool_balancing_type,
    poolManagerStatus: e.pool_manager_status,
    agentMode: e.agent_mode,
  };
}

export const organisationWire = z.object(entityFields).transform((o): Organisation => entityCommon(o));
export const organisationsWire = wireList(organisationWire);

export const repositoryWire = z
  .object({ ...entityFields, owner: z.string() })
  .transform((r): Repository => ({ ...entityCommon(r), owner: r.owner }));
export const repositoriesWire = wireList(repositoryWire);

export function createOrganisationToWire(params: CreateOrganisationParams): Record<string, string> {
  return definedFields({
    name: params.name,
    credentials_name: params.credentialsName,
    webhook_secret: params.webhookSecret,
    pool_balancer_type: params.poolBalancerType,
  });
}

export function createRepositoryToWire(params: CreateRepositoryParams): Record<string, string> {
  return { owner: params.owner, ...createOrganisationToWire(params) };
}

export function updateEntityToWire(params: UpdateEntityParams): Record<string, string> {
  return definedFields({
    credentials_name: params.credentialsName,
    webhook_secret: params.webhookSecret,
    pool_balancer_type: params.poolBalancerType,
  });
}

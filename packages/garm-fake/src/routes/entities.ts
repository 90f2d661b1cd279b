import { randomUUID } from "node:crypto";
import * as z from "zod";
import { badRequest, conflict, notFound } from "../api-error.js";
import { isUuid, parseBody } from "../body.js";
import { NO_ANSWER } from "../forge.js";
import { emptyOk, json } from "../http-types.js";
import type { Reply, RequestContext } from "../http-types.js";
import type { Router } from "../router.js";
import { now } from "../store.js";
import type { Entity, EntityKind, Store } from "../store.js";
import { entityView } from "../views.js";

const createSchema = z.object({
  owner: z.string().optional(),
  name: z.string().optional(),
  credentials_name: z.string().optional(),
  webhook_secret: z.string().optional(),
  pool_balancer_type: z.string().optional(),
  forge_type: z.string().optional(),
  agent_mode: z.boolean().optional(),
});

const updateSchema = z.object({
  credentials_name: z.string().optional(),
  webhook_secret: z.string().optional(),
  pool_balancer_type: z.string().optional(),
  agent_mode: z.boolean().optional(),
});

const BALANCER_TYPES = new Set(["roundrobin", "pack"]);

interface KindInfo {
  readonly kind: EntityKind;
  readonly collection: string;
  /** Word GARM uses in its messages. */
  readonly noun: string;
  readonly short: string;
}

const ORG: KindInfo = { kind: "org", collection: "organizations", noun: "organization", short: "org" };
const REPO: KindInfo = { kind: "repo", collection: "repositories", noun: "repository", short: "repo" };

const invalidParams = (what: string) => badRequest(`error validating params: ${what}`);

function balancerType(value: string | undefined): string {
  if (value === undefined || value === "") return "roundrobin";
  if (!BALANCER_TYPES.has(value)) throw invalidParams(`invalid pool balancer type: ${value}`);
  return value;
}

function displayName(entity: Pick<Entity, "kind" | "owner" | "name">): string {
  return entity.kind === "org" ? entity.name : `${entity.owner}/${entity.name}`;
}

/** Looks up an org or repo by path id: a non-UUID is 400, a missing one 404. */
export function entityParam(store: Store, info: KindInfo, ctx: RequestContext): Entity {
  const id = ctx.params["id"]!;
  if (!isUuid(id)) throw badRequest(`invalid ${info.short} ID`);
  const entity = store.entities.get(id.toLowerCase());
  if (!entity || entity.kind !== info.kind) throw notFound(`${info.noun} not found`);
  return entity;
}

/** Organisations and repositories: the two entity kinds with routes of their own. */
export const ENTITY_KINDS: readonly KindInfo[] = [ORG, REPO];

export function registerEntityRoutes(router: Router, store: Store): void {
  for (const info of ENTITY_KINDS) registerKind(router, store, info);
}

/** GET with the `name`, `owner` (repositories) and `endpoint` filters, each case-insensitive. */
function listEntities(store: Store, info: KindInfo, ctx: RequestContext): Reply {
  const name = ctx.query.get("name")?.toLowerCase();
  const owner = ctx.query.get("owner")?.toLowerCase();
  const endpoint = ctx.query.get("endpoint")?.toLowerCase();
  const result: unknown[] = [];
  for (const entity of store.entities.values()) {
    if (entity.kind !== info.kind) continue;
    if (name && entity.name.toLowerCase() !== name) continue;
    if (info.kind === "repo" && owner && entity.owner.toLowerCase() !== owner) continue;
    if (endpoint && store.credentialsOf(entity).endpointName.toLowerCase() !== endpoint) continue;
    result.push(entityView(store, entity));
  }
  return json(result);
}

/** A create request's fields after GARM's presence checks. */
interface CreateFields {
  readonly owner: string;
  readonly name: string;
  readonly credentialsName: string;
  readonly webhookSecret: string;
  readonly poolBalancerType: string;
}

function createFields(info: KindInfo, body: z.output<typeof createSchema>): CreateFields {
  const owner = body.owner ?? "";
  const name = body.name ?? "";
  if (info.kind === "repo" && owner === "") throw invalidParams("missing owner");
  if (name === "") throw invalidParams(`missing ${info.short} name`);
  if (!body.credentials_name) throw invalidParams("missing credentials name");
  if (!body.webhook_secret) throw invalidParams("missing secret");
  const poolBalancerType = balancerType(body.pool_balancer_type);
  return {
    owner,
    name,
    credentialsName: body.credentials_name,
    webhookSecret: body.webhook_secret,
    poolBalancerType,
  };
}

/** GARM keeps one org or repository of a name per endpoint (names compared case-insensitively). */
function checkUnique(store: Store, info: KindInfo, fields: CreateFields, endpointName: string): void {
  const { owner, name } = fields;
  for (const other of store.entities.values()) {
    if (
      other.kind === info.kind &&
      other.name.toLowerCase() === name.toLowerCase() &&
      other.owner.toLowerCase() === owner.toLowerCase() &&
      store.credentialsOf(other).endpointName === endpointName
    ) {
      throw conflict(`${info.noun} ${displayName({ kind: info.kind, owner, name })} already exists`);
    }
  }
}

function createEntity(store: Store, info: KindInfo, ctx: RequestContext): Reply {
  const body = parseBody(ctx, createSchema);
  const fields = createFields(info, body);
  const creds = store.findCredentialsByName(fields.credentialsName);
  if (!creds) throw badRequest(`credentials ${fields.credentialsName} not defined`);
  checkUnique(store, info, fields, creds.endpointName);
  const created = now();
  const entity: Entity = {
    kind: info.kind,
    id: randomUUID(),
    owner: info.kind === "repo" ? fields.owner : "",
    name: fields.name,
    credentialsId: creds.id,
    webhookSecret: fields.webhookSecret,
    poolBalancerType: fields.poolBalancerType,
    agentMode: body.agent_mode ?? false,
    poolManagerStarted: false,
    createdAt: created,
    updatedAt: created,
  };
  store.entities.set(entity.id, entity);
  // GARM stores the entity, then starts its pool manager, which waits on GitHub without a timeout.
  if (store.forgeFailureOf(entity) === "hang") return NO_ANSWER;
  const view = entityView(store, entity);
  // GARM's pool manager reports `{"running":true}` once it has started, i.e. after this answer.
  entity.poolManagerStarted = true;
  return json(view);
}

/** Moves the entity to other credentials, which must be on the same endpoint. */
function switchCredentials(store: Store, entity: Entity, credentialsName: string): void {
  const creds = store.findCredentialsByName(credentialsName);
  if (!creds) throw badRequest(`credentials ${credentialsName} not defined`);
  if (creds.endpointName !== store.credentialsOf(entity).endpointName) {
    throw badRequest("endpoint mismatch between credentials and entity");
  }
  entity.credentialsId = creds.id;
}

function updateEntity(store: Store, info: KindInfo, ctx: RequestContext): Reply {
  const entity = entityParam(store, info, ctx);
  const body = parseBody(ctx, updateSchema);
  if (body.pool_balancer_type !== undefined && body.pool_balancer_type !== "") {
    entity.poolBalancerType = balancerType(body.pool_balancer_type);
  }
  if (body.credentials_name) switchCredentials(store, entity, body.credentials_name);
  if (body.webhook_secret) entity.webhookSecret = body.webhook_secret;
  if (body.agent_mode !== undefined) entity.agentMode = body.agent_mode;
  entity.updatedAt = now();
  return json(entityView(store, entity));
}

function deleteEntity(store: Store, info: KindInfo, ctx: RequestContext): Reply {
  const entity = entityParam(store, info, ctx);
  if (store.scaleSetsOf(entity).length > 0) {
    throw badRequest(
      info.kind === "org"
        ? "organization has scale sets defined; delete them first"
        : "repo has scale sets defined; delete them first",
    );
  }
  store.entities.delete(entity.id);
  return emptyOk();
}

function registerKind(router: Router, store: Store, info: KindInfo): void {
  const base = `/api/v1/${info.collection}`;
  router.add("GET", base, "api", (ctx) => listEntities(store, info, ctx));
  router.add("GET", `${base}/:id`, "api", (ctx) => json(entityView(store, entityParam(store, info, ctx))));
  router.add("POST", base, "api", (ctx) => createEntity(store, info, ctx));
  router.add("PUT", `${base}/:id`, "api", (ctx) => updateEntity(store, info, ctx));
  router.add("DELETE", `${base}/:id`, "api", (ctx) => deleteEntity(store, info, ctx));
}

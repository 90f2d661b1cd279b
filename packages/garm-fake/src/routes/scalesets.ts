import { randomUUID } from "node:crypto";
import * as z from "zod";
import { badRequest, notFound, serverError } from "../api-error.js";
import { parseBody, uintIdParam } from "../body.js";
import { forgeReply } from "../forge.js";
import { emptyOk, json } from "../http-types.js";
import type { Router } from "../router.js";
import { now } from "../store.js";
import type { Entity, ScaleSet, Store, Template } from "../store.js";
import { instanceView, scaleSetView } from "../views.js";
import { ENTITY_KINDS, entityParam } from "./entities.js";

const uint = z.number().int().nonnegative();

const createSchema = z.object({
  name: z.string().optional(),
  provider_name: z.string().optional(),
  max_runners: uint.optional(),
  min_idle_runners: uint.optional(),
  image: z.string().optional(),
  flavor: z.string().optional(),
  os_type: z.string().optional(),
  os_arch: z.string().optional(),
  enabled: z.boolean().optional(),
  disable_update: z.boolean().optional(),
  enable_shell: z.boolean().optional(),
  runner_bootstrap_timeout: uint.optional(),
  labels: z.array(z.string()).optional(),
  extra_specs: z.unknown().optional(),
  "github-runner-group": z.string().optional(),
  runner_prefix: z.string().optional(),
  template_id: uint.optional(),
  proxy_id: uint.optional(),
  scale_set_id: uint.optional(),
});

/** No labels here: GARM's update params have none, so labels sent on update are ignored. */
const updateSchema = z.object({
  name: z.string().optional(),
  disable_update: z.boolean().optional(),
  enabled: z.boolean().optional(),
  max_runners: uint.optional(),
  min_idle_runners: uint.optional(),
  runner_bootstrap_timeout: uint.optional(),
  image: z.string().optional(),
  flavor: z.string().optional(),
  os_type: z.string().optional(),
  os_arch: z.string().optional(),
  extra_specs: z.unknown().optional(),
  enable_shell: z.boolean().optional(),
  runner_group: z.string().optional(),
  state: z.string().optional(),
  extended_state: z.string().optional(),
  template_id: uint.optional(),
  proxy_id: uint.optional(),
  runner_prefix: z.string().optional(),
});

function findTemplate(store: Store, id: number): Template {
  const template = store.templates.get(id);
  if (!template) throw notFound("failed to find suitable template: template not found");
  return template;
}

function checkTemplateFits(template: Template, osType: string): void {
  if (template.forgeType !== "github")
    throw badRequest("template forge type does not match entity forge type");
  if (osType !== "" && template.osType !== osType)
    throw badRequest("template OS type does not match scale set OS type");
}

function nameClash(store: Store, entityId: string, name: string, except?: number): boolean {
  for (const set of store.scaleSets.values()) {
    if (set.id !== except && set.entityId === entityId && set.name.toLowerCase() === name.toLowerCase())
      return true;
  }
  return false;
}

function uniqueLabels(labels: readonly string[]): { id: string; name: string }[] {
  const seen = new Set<string>();
  const tags: { id: string; name: string }[] = [];
  for (const label of labels) {
    if (label === "" || seen.has(label)) continue;
    seen.add(label);
    tags.push({ id: randomUUID(), name: label });
  }
  return tags;
}

/**
 * GitHub's side of a create or rename: GitHub refuses a name the entity already uses, and GARM
 * passes the refusal on as a 400 (it has no uniqueness check of its own).
 */
function checkNameFreeOnGithub(
  store: Store,
  set: { entityId: string; name: string; id?: number },
  action: "create" | "update",
): void {
  if (set.name === "" || !nameClash(store, set.entityId, set.name, set.id)) return;
  const wrap =
    action === "create" ? "error creating runner scale set" : "failed to update scaleset in github";
  // The stand-in GARM was observed with answers GitHub's message; GARM wraps it in its chain.
  throw badRequest(`${wrap}: github refused the request: "scale set already exists"`);
}

type CreateBody = z.output<typeof createSchema>;
type UpdateBody = z.output<typeof updateSchema>;

/** The template a create names, else the default one for its OS; it must fit the scale set. */
function createTemplate(store: Store, body: CreateBody, osType: string): Template {
  const template =
    body.template_id !== undefined
      ? findTemplate(store, body.template_id)
      : osType === ""
        ? undefined
        : store.defaultTemplate(osType, "github");
  if (!template) throw badRequest("no template ID supplied and no default template can be found");
  checkTemplateFits(template, osType);
  return template;
}

/** The fields GARM requires of a create. It validates them only after creating the GitHub side, and answers a bare 500. */
function requiredFields(body: CreateBody) {
  const name = body.name ?? "";
  const maxRunners = body.max_runners ?? 0;
  const minIdleRunners = body.min_idle_runners ?? 0;
  const { provider_name: providerName, image, flavor } = body;
  if (name === "" || !providerName || !image || !flavor || maxRunners === 0 || minIdleRunners > maxRunners) {
    throw serverError();
  }
  return { name, providerName, image, flavor, maxRunners, minIdleRunners };
}

/** The optional fields of a create, with GARM's defaults. */
function optionalFields(body: CreateBody) {
  return {
    osArch: body.os_arch ?? "",
    enabled: body.enabled ?? false,
    disableUpdate: body.disable_update ?? false,
    runnerBootstrapTimeout: body.runner_bootstrap_timeout || 20,
    runnerGroup: body["github-runner-group"] || "Default",
    runnerPrefix: body.runner_prefix || "garm",
    extraSpecs: body.extra_specs ?? null,
    enableShell: body.enable_shell ?? false,
    tags: uniqueLabels(body.labels ?? []),
  };
}

/** GARM's store side of a create, after GitHub created its scale set: template, then validation. */
function createScaleSet(store: Store, entity: Entity, body: CreateBody): ScaleSet {
  const osType = body.os_type ?? "";
  const template = createTemplate(store, body, osType);
  const { name, providerName, maxRunners, minIdleRunners, image, flavor } = requiredFields(body);
  const ids = store.allocateScaleSetIds();
  const created = now();
  return {
    id: ids.id,
    scaleSetId: ids.scaleSetId,
    name,
    entityKind: entity.kind,
    entityId: entity.id,
    providerName,
    maxRunners,
    minIdleRunners,
    image,
    flavor,
    osType,
    ...optionalFields(body),
    templateId: template.id,
    state: "pending_create",
    extendedState: "",
    desiredRunnerCount: 0,
    generation: 0,
    createdAt: created,
    updatedAt: created,
    instances: [],
    lostOnGithubAt: undefined,
  };
}

/** GARM's own checks of an update, made before it builds its GitHub client. */
function checkUpdate(set: ScaleSet, body: UpdateBody): void {
  if (body.runner_bootstrap_timeout === 0) throw badRequest("runner_bootstrap_timeout cannot be 0");
  const maxRunners = body.max_runners ?? set.maxRunners;
  const minIdleRunners = body.min_idle_runners ?? set.minIdleRunners;
  if (minIdleRunners > maxRunners) throw badRequest("min_idle_runners cannot be larger than max_runners");
}

/** Sets a field the update gives at all (false, 0 and "" included). */
function setIfGiven<K extends keyof ScaleSet>(set: ScaleSet, key: K, value: ScaleSet[K] | undefined): void {
  if (value !== undefined) set[key] = value;
}

/** Sets a string field the update gives non-empty: GARM ignores "" for these. */
function setIfNonEmpty<
  K extends "name" | "image" | "flavor" | "osType" | "osArch" | "runnerGroup" | "state" | "runnerPrefix",
>(set: ScaleSet, key: K, value: string | undefined): void {
  if (value) set[key] = value;
}

function applyUpdate(set: ScaleSet, body: UpdateBody): void {
  setIfNonEmpty(set, "name", body.name);
  setIfGiven(set, "disableUpdate", body.disable_update);
  setIfGiven(set, "enabled", body.enabled);
  setIfGiven(set, "maxRunners", body.max_runners);
  setIfGiven(set, "minIdleRunners", body.min_idle_runners);
  setIfGiven(set, "runnerBootstrapTimeout", body.runner_bootstrap_timeout);
  setIfNonEmpty(set, "image", body.image);
  setIfNonEmpty(set, "flavor", body.flavor);
  setIfNonEmpty(set, "osType", body.os_type);
  setIfNonEmpty(set, "osArch", body.os_arch);
  setIfGiven(set, "extraSpecs", body.extra_specs);
  setIfGiven(set, "enableShell", body.enable_shell);
  setIfNonEmpty(set, "runnerGroup", body.runner_group);
  setIfNonEmpty(set, "state", body.state);
  setIfGiven(set, "extendedState", body.extended_state);
  setIfGiven(set, "templateId", body.template_id);
  setIfNonEmpty(set, "runnerPrefix", body.runner_prefix);
}

/** The store side of an update: template lookup, GitHub's refusal of a taken name, then the write. */
function updateScaleSet(store: Store, set: ScaleSet, body: UpdateBody): void {
  const osType = body.os_type ?? set.osType;
  if (body.template_id !== undefined) checkTemplateFits(findTemplate(store, body.template_id), osType);
  if (body.name)
    checkNameFreeOnGithub(store, { entityId: set.entityId, name: body.name, id: set.id }, "update");
  applyUpdate(set, body);
  set.generation++;
  set.updatedAt = now();
}

export function registerScaleSetRoutes(router: Router, store: Store): void {
  const view = (set: ScaleSet) => scaleSetView(store, set);

  router.add("GET", "/api/v1/scalesets", "api", () => json([...store.scaleSets.values()].map(view)));

  for (const info of ENTITY_KINDS) {
    const base = `/api/v1/${info.collection}/:id/scalesets`;
    router.add("GET", base, "api", (ctx) => json(store.scaleSetsOf(entityParam(store, info, ctx)).map(view)));
    router.add("POST", base, "api", (ctx) => {
      const entity = entityParam(store, info, ctx);
      const body = parseBody(ctx, createSchema);
      // GARM builds its GitHub client (and asks GitHub) before anything else.
      const refused = forgeReply(store.forgeFailureOf(entity));
      if (refused) return refused;
      checkNameFreeOnGithub(store, { entityId: entity.id, name: body.name ?? "" }, "create");
      const set = createScaleSet(store, entity, body);
      store.scaleSets.set(set.id, set);
      return json(view(set));
    });
  }

  router.add("GET", "/api/v1/scalesets/:id", "api", (ctx) => {
    const set = store.scaleSets.get(uintIdParam(ctx, "scaleset"));
    if (!set) throw notFound("scale set not found");
    return json(view(set));
  });

  router.add("GET", "/api/v1/scalesets/:id/instances", "api", (ctx) => {
    const set = store.scaleSets.get(uintIdParam(ctx, "scaleset"));
    if (!set) throw notFound("scale set not found");
    return json(set.instances.map((instance) => instanceView(set, instance)));
  });

  router.add("PUT", "/api/v1/scalesets/:id", "api", (ctx) => {
    const id = uintIdParam(ctx, "scaleset");
    const body = parseBody(ctx, updateSchema);
    const set = store.scaleSets.get(id);
    if (!set) throw notFound("scale set not found");
    checkUpdate(set, body);
    // GARM builds its GitHub client for every update, whatever changes.
    const refused = forgeReply(store.forgeFailureOf(store.ownerOf(set)));
    if (refused) return refused;
    updateScaleSet(store, set, body);
    return json(view(set));
  });

  router.add("DELETE", "/api/v1/scalesets/:id", "api", (ctx) => {
    const set = store.scaleSets.get(uintIdParam(ctx, "scaleset"));
    if (!set) return emptyOk();
    if (set.instances.length > 0) throw badRequest("scale set has runners");
    if (set.enabled) throw badRequest("scale set is enabled; disable it first");
    const refused = forgeReply(store.forgeFailureOf(store.ownerOf(set)));
    if (refused) return refused;
    // GARM's inverted not-found check: GitHub lost the scale set, the API says 200, the row stays.
    if (set.lostOnGithubAt !== undefined) return emptyOk();
    store.scaleSets.delete(set.id);
    return emptyOk();
  });

  // Pools are not modelled; GARM answers an empty list when there are none.
  router.add("GET", "/api/v1/pools", "api", () => json([]));
  router.add("GET", "/api/v1/instances", "api", () =>
    json(
      [...store.scaleSets.values()].flatMap((set) =>
        set.instances.map((instance) => instanceView(set, instance)),
      ),
    ),
  );
}

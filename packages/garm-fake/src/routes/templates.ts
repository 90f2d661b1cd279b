import * as z from "zod";
import { badRequest, conflict, notFound, serverError } from "../api-error.js";
import { isStdBase64, parseBody, uintIdParam } from "../body.js";
import { checkGoTemplate } from "../go-template-check.js";
import { emptyOk, json } from "../http-types.js";
import type { Reply, RequestContext } from "../http-types.js";
import type { Router } from "../router.js";
import { now, SYSTEM_OWNER } from "../store.js";
import type { ForgeType, OsType, Store, Template } from "../store.js";
import { SYSTEM_TEMPLATES, restoredDescription } from "../system-templates.js";
import type { SystemTemplate } from "../system-templates.js";
import { templateView } from "../views.js";

const base64Bytes = z.string().refine(isStdBase64);

const createSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  os_type: z.string().optional(),
  forge_type: z.string().optional(),
  data: base64Bytes.optional(),
});

const updateSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  data: base64Bytes.optional(),
});

const restoreSchema = z.object({
  forge: z.string().optional(),
  os_type: z.string().optional(),
  restore_all: z.boolean().optional(),
});

const isOsType = (value: string): value is OsType => value === "linux" || value === "windows";
const isForgeType = (value: string): value is ForgeType => value === "github" || value === "gitea";

const invalidCreate = (what: string) => badRequest(`invalid create params ${JSON.stringify(what)}`);

function validateScript(data: Buffer): void {
  const problem = checkGoTemplate(data.toString("utf8"));
  if (problem) throw badRequest(`failed to validate template: invalid template: ${problem}`);
}

/** Template names are unique per owner, compared case-insensitively. */
function nameTaken(store: Store, name: string, ownerId: string, except?: number): boolean {
  for (const template of store.templates.values()) {
    if (template.id === except) continue;
    if (template.ownerId === ownerId && template.name.toLowerCase() === name.toLowerCase()) return true;
  }
  return false;
}

/** Stores a system template under the next id. */
function addSystemTemplate(store: Store, system: SystemTemplate, description: string): void {
  const id = store.allocateTemplateId();
  const created = now();
  store.templates.set(id, {
    id,
    name: system.name,
    description,
    osType: system.osType,
    forgeType: system.forgeType,
    ownerId: SYSTEM_OWNER,
    data: Buffer.from(system.data, "utf8"),
    createdAt: created,
    updatedAt: created,
  });
}

/** Seeds the system templates; the store is empty, so they get ids 1..4. */
export function seedSystemTemplates(store: Store): void {
  for (const system of SYSTEM_TEMPLATES) addSystemTemplate(store, system, system.description);
}

function restoreOne(store: Store, system: SystemTemplate): void {
  for (const template of store.templates.values()) {
    if (template.ownerId === SYSTEM_OWNER && template.name === system.name) {
      // A system template that still exists is updated in place, keeping its id.
      template.data = Buffer.from(system.data, "utf8");
      template.updatedAt = now();
      return;
    }
  }
  addSystemTemplate(store, system, restoredDescription(system.forgeType, system.osType));
}

/** GET with the `partialName` (case-insensitive), `osType` and `forgeType` filters. */
function listTemplates(store: Store, ctx: RequestContext): Reply {
  const partialName = ctx.query.get("partialName")?.toLowerCase();
  const osType = ctx.query.get("osType");
  const forgeType = ctx.query.get("forgeType");
  const result: unknown[] = [];
  for (const template of store.templates.values()) {
    if (partialName && !template.name.toLowerCase().includes(partialName)) continue;
    if (osType && template.osType !== osType) continue;
    if (forgeType && template.forgeType !== forgeType) continue;
    result.push(templateView(template, false));
  }
  return json(result);
}

function createTemplate(store: Store, ctx: RequestContext): Reply {
  const body = parseBody(ctx, createSchema);
  if (!body.name) throw invalidCreate("missing template name");
  const osType = body.os_type ?? "";
  if (!isOsType(osType)) throw invalidCreate(`invalid OS type: ${JSON.stringify(osType)}`);
  const forgeType = body.forge_type ?? "";
  if (!isForgeType(forgeType)) throw invalidCreate(`invalid forge type: ${JSON.stringify(forgeType)}`);
  const data = Buffer.from(body.data ?? "", "base64");
  if (data.length === 0) throw invalidCreate("template data is empty");
  validateScript(data);
  const ownerId = store.user?.username ?? "";
  if (nameTaken(store, body.name, ownerId)) {
    throw conflict("failed to create template: a template name already exists with the specified name");
  }
  const id = store.allocateTemplateId();
  const created = now();
  const template: Template = {
    id,
    name: body.name,
    description: body.description ?? "",
    osType,
    forgeType,
    ownerId,
    data,
    createdAt: created,
    updatedAt: created,
  };
  store.templates.set(id, template);
  return json(templateView(template, true));
}

function updateTemplate(store: Store, ctx: RequestContext): Reply {
  const id = uintIdParam(ctx, "template");
  const body = parseBody(ctx, updateSchema);
  const template = store.templates.get(id);
  if (!template) throw notFound("failed to get template: template not found");
  const data = body.data === undefined ? undefined : Buffer.from(body.data, "base64");
  if (data && data.length > 0) validateScript(data);
  if (body.name !== undefined && body.name !== "") {
    // GARM hits its unique index here and answers a bare 500.
    if (nameTaken(store, body.name, template.ownerId, template.id)) throw serverError();
    template.name = body.name;
  }
  if (body.description !== undefined) template.description = body.description;
  if (data && data.length > 0) template.data = data;
  template.updatedAt = now();
  return json(templateView(template, true));
}

/** GARM refuses to delete a template a scale set uses; deleting none is fine. */
function deleteTemplate(store: Store, ctx: RequestContext): Reply {
  const id = uintIdParam(ctx, "template");
  if (!store.templates.has(id)) return emptyOk();
  for (const set of store.scaleSets.values()) {
    if (set.templateId === id) throw badRequest("cannot delete template while in use by pools or scale sets");
  }
  store.templates.delete(id);
  return emptyOk();
}

/** Restores every system template, or the one for a forge and OS (none matching is fine). */
function restoreTemplates(store: Store, ctx: RequestContext): Reply {
  const body = parseBody(ctx, restoreSchema);
  if (body.restore_all) {
    for (const system of SYSTEM_TEMPLATES) restoreOne(store, system);
    return emptyOk();
  }
  const forge = body.forge ?? "";
  const os = body.os_type ?? "";
  if (!isForgeType(forge)) throw badRequest(`invalid forge type: ${JSON.stringify(forge)}`);
  if (!isOsType(os)) throw badRequest(`invalid OS type: ${JSON.stringify(os)}`);
  const system = SYSTEM_TEMPLATES.find(
    (candidate) => candidate.forgeType === forge && candidate.osType === os,
  );
  if (system) restoreOne(store, system);
  return emptyOk();
}

export function registerTemplateRoutes(router: Router, store: Store): void {
  router.add("GET", "/api/v1/templates", "api", (ctx) => listTemplates(store, ctx));
  router.add("GET", "/api/v1/templates/:id", "api", (ctx) => {
    const template = store.templates.get(uintIdParam(ctx, "template"));
    if (!template) throw notFound("failed to get template: template not found");
    return json(templateView(template, true));
  });
  router.add("POST", "/api/v1/templates", "api", (ctx) => createTemplate(store, ctx));
  router.add("PUT", "/api/v1/templates/:id", "api", (ctx) => updateTemplate(store, ctx));
  router.add("DELETE", "/api/v1/templates/:id", "api", (ctx) => deleteTemplate(store, ctx));
  router.add("POST", "/api/v1/templates/restore", "api", (ctx) => restoreTemplates(store, ctx));
}

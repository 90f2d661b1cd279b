import * as z from "zod";
import { encodeBase64 } from "./base64.js";
import { definedFields, wireBase64Text, wireList, wireText } from "./wire-common.js";

export type OsType = "linux" | "windows";
export type ForgeType = "github" | "gitea";

/** The owner GARM gives its built-in templates. */
export const SYSTEM_TEMPLATE_OWNER = "system";

export interface Template {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly osType: string;
  readonly forgeType: string;
  /** `system` for GARM's built-ins, else the creating user's name. */
  readonly owner: string;
  readonly isSystem: boolean;
  /**
   * The runner-install script (a Go text/template), decoded from GARM's base64. Undefined on
   * list entries: GARM does not read the data column for lists; use getTemplate for it.
   */
  readonly script: string | undefined;
}

export interface ListTemplatesFilter {
  readonly osType?: OsType;
  readonly forgeType?: ForgeType;
  /** Substring of the name. */
  readonly partialName?: string;
}

export interface CreateTemplateParams {
  readonly name: string;
  readonly description?: string;
  readonly osType: OsType;
  readonly forgeType: ForgeType;
  readonly script: string;
}

/** Only the fields given change; GARM cannot change a template's OS or forge. */
export interface UpdateTemplateParams {
  readonly name?: string;
  readonly description?: string;
  readonly script?: string;
}

/** Recreate one system template (new id if it was deleted, in place otherwise) or all of them. */
export type RestoreTemplatesParams =
  { readonly all: true } | { readonly forgeType: ForgeType; readonly osType: OsType };

export const templateWire = z
  .object({
    id: z.number().int().nonnegative(),
    name: z.string(),
    description: wireText,
    os_type: wireText,
    forge_type: wireText,
    owner_id: wireText,
    data: wireBase64Text,
  })
  .transform((t): Template => ({
    id: t.id,
    name: t.name,
    description: t.description,
    osType: t.os_type,
    forgeType: t.forge_type,
    owner: t.owner_id,
    isSystem: t.owner_id === SYSTEM_TEMPLATE_OWNER,
    script: t.data,
  }));

export const templatesWire = wireList(templateWire);

export function listTemplatesQuery(filter: ListTemplatesFilter): Record<string, string | undefined> {
  return { osType: filter.osType, forgeType: filter.forgeType, partialName: filter.partialName };
}

export function createTemplateToWire(params: CreateTemplateParams): Record<string, string> {
  return {
    name: params.name,
    description: params.description ?? "",
    os_type: params.osType,
    forge_type: params.forgeType,
    data: encodeBase64(params.script),
  };
}

export function updateTemplateToWire(params: UpdateTemplateParams): Record<string, string> {
  return definedFields({
    name: params.name,
    description: params.description,
    data: params.script === undefined ? undefined : encodeBase64(params.script),
  });
}

export function restoreTemplatesToWire(params: RestoreTemplatesParams): Record<string, string | boolean> {
  if ("all" in params) return { restore_all: true };
  return { forge: params.forgeType, os_type: params.osType };
}

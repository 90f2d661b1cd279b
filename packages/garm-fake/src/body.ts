import type * as z from "zod";
import { badRequest, invalidRequest } from "./api-error.js";
import type { RequestContext } from "./http-types.js";

/**
 * Decodes a JSON body the way GARM's Go decoder does: bad syntax, an empty body or a wrong field
 * type is 400 `invalid request`; `null` fields count as absent; unknown fields are ignored.
 */
export function parseBody<S extends z.ZodType>(ctx: RequestContext, schema: S): z.output<S> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(ctx.bodyText);
  } catch {
    throw invalidRequest();
  }
  if (decoded === null) decoded = {};
  if (typeof decoded === "object" && !Array.isArray(decoded)) {
    decoded = Object.fromEntries(
      Object.entries(decoded as Record<string, unknown>).filter(([, value]) => value !== null),
    );
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw invalidRequest();
  return parsed.data;
}

/** Go decodes `[]byte` fields from padded standard base64 only. */
export function isStdBase64(text: string): boolean {
  const compact = text.replace(/[\r\n]/g, "");
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (text: string): boolean => UUID_RE.test(text);

/** The route's uint `:id`; 400 `invalid <noun> ID` when it is not one. */
export function uintIdParam(ctx: RequestContext, noun: string): number {
  const text = ctx.params["id"] ?? "";
  if (!/^\d{1,15}$/.test(text)) throw badRequest(`invalid ${noun} ID`);
  return Number(text);
}

/** GARM accepts http and https URLs for endpoints and controller URLs. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

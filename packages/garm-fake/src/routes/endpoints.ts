import * as z from "zod";
import { badRequest, conflict, notFound } from "../api-error.js";
import { isHttpUrl, isStdBase64, parseBody } from "../body.js";
import { sanitizeCaBundle } from "../ca-bundle.js";
import { json, noContent } from "../http-types.js";
import type { Reply, RequestContext } from "../http-types.js";
import type { Router } from "../router.js";
import { now } from "../store.js";
import type { Store } from "../store.js";
import { endpointView } from "../views.js";

const base64Bytes = z.string().refine(isStdBase64);

const createEndpointSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  base_url: z.string().optional(),
  api_base_url: z.string().optional(),
  upload_base_url: z.string().optional(),
  ca_cert_bundle: base64Bytes.optional(),
});

const updateEndpointSchema = createEndpointSchema.omit({ name: true });

const invalidParams = (what: string) =>
  badRequest(`error failed to validate github endpoint params: ${what}`);

function checkUrls(body: { base_url?: string; api_base_url?: string; upload_base_url?: string }): void {
  // GARM reports every URL problem of an endpoint as `invalid api_base_url`.
  for (const url of [body.base_url, body.api_base_url, body.upload_base_url]) {
    if (url !== undefined && !isHttpUrl(url)) throw invalidParams("invalid api_base_url");
  }
}

function createEndpoint(store: Store, ctx: RequestContext): Reply {
  const body = parseBody(ctx, createEndpointSchema);
  if (!body.name) throw invalidParams("missing name");
  if (!body.base_url) throw invalidParams("missing base_url");
  if (!body.api_base_url) throw invalidParams("missing api_base_url");
  checkUrls(body);
  if (!body.upload_base_url) throw invalidParams("missing upload_base_url");
  const caCertBundle = sanitizeCaBundle(body.ca_cert_bundle ?? "");
  if (store.findEndpoint(body.name)) throw conflict(`github endpoint ${body.name} already exists`);
  const created = now();
  const endpoint = {
    name: body.name,
    description: body.description ?? "",
    baseUrl: body.base_url,
    apiBaseUrl: body.api_base_url,
    uploadBaseUrl: body.upload_base_url,
    caCertBundle,
    createdAt: created,
    updatedAt: created,
  };
  store.endpoints.set(endpoint.name, endpoint);
  return json(endpointView(endpoint));
}

function updateEndpoint(store: Store, ctx: RequestContext): Reply {
  const body = parseBody(ctx, updateEndpointSchema);
  const endpoint = store.findEndpoint(ctx.params["name"]!);
  if (!endpoint) throw notFound("failed to update github endpoint: not found");
  checkUrls(body);
  const caCertBundle = body.ca_cert_bundle === undefined ? undefined : sanitizeCaBundle(body.ca_cert_bundle);
  if (body.description !== undefined) endpoint.description = body.description;
  if (body.base_url !== undefined) endpoint.baseUrl = body.base_url;
  if (body.api_base_url !== undefined) endpoint.apiBaseUrl = body.api_base_url;
  if (body.upload_base_url !== undefined) endpoint.uploadBaseUrl = body.upload_base_url;
  if (caCertBundle !== undefined) endpoint.caCertBundle = caCertBundle;
  endpoint.updatedAt = now();
  return json(endpointView(endpoint));
}

/** GARM refuses to delete an endpoint credentials still use; deleting none is fine. */
function deleteEndpoint(store: Store, ctx: RequestContext): Reply {
  const endpoint = store.findEndpoint(ctx.params["name"]!);
  if (!endpoint) return noContent();
  for (const creds of store.credentials.values()) {
    if (creds.endpointName === endpoint.name) {
      throw badRequest("error deleting github endpoint: cannot delete endpoint with credentials");
    }
  }
  store.endpoints.delete(endpoint.name);
  return noContent();
}

export function registerEndpointRoutes(router: Router, store: Store): void {
  router.add("GET", "/api/v1/github/endpoints", "api", () =>
    json([...store.endpoints.values()].map(endpointView)),
  );
  router.add("GET", "/api/v1/github/endpoints/:name", "api", (ctx) => {
    const endpoint = store.findEndpoint(ctx.params["name"]!);
    if (!endpoint) throw notFound("failed to get github endpoint: not found");
    return json(endpointView(endpoint));
  });
  router.add("POST", "/api/v1/github/endpoints", "api", (ctx) => createEndpoint(store, ctx));
  router.add("PUT", "/api/v1/github/endpoints/:name", "api", (ctx) => updateEndpoint(store, ctx));
  router.add("DELETE", "/api/v1/github/endpoints/:name", "api", (ctx) => deleteEndpoint(store, ctx));

  // Only GitHub is modelled; Gitea lists answer `null` when empty, as GARM's do.
  router.add("GET", "/api/v1/gitea/endpoints", "api", () => json(null));
  router.add("GET", "/api/v1/gitea/credentials", "api", () => json(null));
}

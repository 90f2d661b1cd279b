import { createPrivateKey } from "node:crypto";
import * as z from "zod";
import { ApiError, badRequest, conflict, notFound, serverError } from "../api-error.js";
import { isStdBase64, parseBody, uintIdParam } from "../body.js";
import { json, noContent } from "../http-types.js";
import type { Reply, RequestContext } from "../http-types.js";
import type { Router } from "../router.js";
import { now } from "../store.js";
import type { Credentials, GithubApp, Store } from "../store.js";
import { credentialsView } from "../views.js";

const appSchema = z.object({
  app_id: z.number().int().nonnegative().optional(),
  installation_id: z.number().int().nonnegative().optional(),
  private_key_bytes: z.string().refine(isStdBase64).optional(),
});

const patSchema = z.object({ oauth2_token: z.string().optional() });

const createCredentialsSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  endpoint: z.string().optional(),
  auth_type: z.string().optional(),
  app: appSchema.nullish(),
  pat: patSchema.nullish(),
});

const updateCredentialsSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  app: appSchema.nullish(),
  pat: patSchema.nullish(),
});

const invalidParams = (what: string) => badRequest(`failed to validate github credentials params: ${what}`);

/** GARM checks the key is PEM at validation (400) and parses it as PKCS#1 later (500 when it is not). */
function validateApp(app: z.output<typeof appSchema>): GithubApp {
  if (!app.app_id) throw invalidParams("invalid app: missing app_id");
  if (!app.installation_id) throw invalidParams("invalid app: missing installation_id");
  if (!app.private_key_bytes) throw invalidParams("invalid app: missing private_key_bytes");
  const pem = Buffer.from(app.private_key_bytes, "base64").toString("utf8");
  if (!/-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----/.test(pem)) {
    throw invalidParams("invalid app: invalid private_key_bytes");
  }
  if (!pem.includes("-----BEGIN RSA PRIVATE KEY-----")) throw serverError();
  try {
    createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw serverError();
  }
  return { appId: app.app_id, installationId: app.installation_id, privateKeyBytes: app.private_key_bytes };
}

type AuthMaterial = Pick<Credentials, "authType" | "app" | "pat">;

/** The PAT or app a create request carries, as its auth_type asks. */
function authMaterial(body: z.output<typeof createCredentialsSchema>): AuthMaterial {
  if (body.auth_type === "pat") {
    if (!body.pat?.oauth2_token) throw invalidParams("missing pat");
    return { authType: "pat", pat: { oauth2Token: body.pat.oauth2_token } };
  }
  if (body.auth_type === "app") {
    if (!body.app) throw invalidParams("missing app");
    return { authType: "app", app: validateApp(body.app) };
  }
  throw invalidParams("invalid auth_type");
}

function createCredentials(store: Store, ctx: RequestContext): Reply {
  const body = parseBody(ctx, createCredentialsSchema);
  if (!body.name) throw invalidParams("missing name");
  if (!body.endpoint) throw invalidParams("missing endpoint");
  const { authType, app, pat } = authMaterial(body);
  const endpoint = store.findEndpoint(body.endpoint);
  if (!endpoint) throw notFound(`error fetching github endpoint: github endpoint ${body.endpoint} not found`);
  if (store.findCredentialsByName(body.name)) {
    throw conflict(`github credentials with name ${body.name} already exist`);
  }
  const created = now();
  const creds: Credentials = {
    id: store.allocateCredentialsId(),
    name: body.name,
    description: body.description ?? "",
    endpointName: endpoint.name,
    authType,
    ...(app ? { app } : {}),
    ...(pat ? { pat } : {}),
    createdAt: created,
    updatedAt: created,
  };
  store.credentials.set(creds.id, creds);
  return json(credentialsView(store, creds));
}

/** GARM's checks of an update against the credentials' kind; returns the validated app, if any. */
function checkUpdate(
  creds: Credentials,
  body: z.output<typeof updateCredentialsSchema>,
): GithubApp | undefined {
  if (body.app && body.pat) throw invalidParams("cannot update both app and pat");
  if (body.app && creds.authType !== "app")
    throw badRequest("cannot update app credentials for PAT credentials");
  if (body.pat && creds.authType !== "pat")
    throw badRequest("cannot update PAT credentials for app credentials");
  const app = body.app ? validateApp(body.app) : undefined;
  if (body.pat && !body.pat.oauth2_token) throw invalidParams("missing pat");
  return app;
}

function renameCredentials(store: Store, creds: Credentials, name: string | undefined): void {
  if (name === undefined || name === "") return;
  const clash = store.findCredentialsByName(name);
  if (clash && clash.id !== creds.id) throw conflict(`github credentials with name ${name} already exist`);
  creds.name = name;
}

function updateCredentials(store: Store, ctx: RequestContext): Reply {
  const id = uintIdParam(ctx, "credentials");
  const body = parseBody(ctx, updateCredentialsSchema);
  const creds = store.credentials.get(id);
  if (!creds) throw notFound("failed to update github credentials: not found");
  const app = checkUpdate(creds, body);
  renameCredentials(store, creds, body.name);
  if (body.description !== undefined) creds.description = body.description;
  if (app) creds.app = app;
  if (body.pat?.oauth2_token) creds.pat = { oauth2Token: body.pat.oauth2_token };
  creds.updatedAt = now();
  return json(credentialsView(store, creds));
}

/** GARM refuses to delete credentials an org or repository still uses; deleting none is fine. */
function deleteCredentials(store: Store, ctx: RequestContext): Reply {
  const creds = store.credentials.get(uintIdParam(ctx, "credentials"));
  if (!creds) return noContent();
  const users = new Set<string>();
  for (const entity of store.entities.values()) {
    if (entity.credentialsId === creds.id)
      users.add(entity.kind === "org" ? "organizations" : "repositories");
  }
  if (users.size > 0) {
    const kinds = [...users].sort().join(", ");
    throw new ApiError(
      400,
      "Bad Request",
      `error deleting github credentials: cannot delete credentials with ${kinds}: invalid request`,
    );
  }
  store.credentials.delete(creds.id);
  return noContent();
}

export function registerCredentialsRoutes(router: Router, store: Store): void {
  // GARM builds these lists from a nil slice: `null` when there are none.
  const list = () => {
    const all = [...store.credentials.values()].map((creds) => credentialsView(store, creds));
    return json(all.length === 0 ? null : all);
  };
  router.add("GET", "/api/v1/github/credentials", "api", list);
  router.add("GET", "/api/v1/credentials", "api", list);

  router.add("GET", "/api/v1/github/credentials/:id", "api", (ctx) => {
    const creds = store.credentials.get(uintIdParam(ctx, "credentials"));
    if (!creds) throw notFound("failed to get github credentials: not found");
    return json(credentialsView(store, creds));
  });
  router.add("POST", "/api/v1/github/credentials", "api", (ctx) => createCredentials(store, ctx));
  router.add("PUT", "/api/v1/github/credentials/:id", "api", (ctx) => updateCredentials(store, ctx));
  router.add("DELETE", "/api/v1/github/credentials/:id", "api", (ctx) => deleteCredentials(store, ctx));
}

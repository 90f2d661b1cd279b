import { ApiError, authFailed, initRequired, routeNotFound, serverError, urlsRequired } from "./api-error.js";
import type { Reply, RequestContext, TokenClaims } from "./http-types.js";
import { verifyJwt } from "./jwt.js";
import type { Access, Router } from "./router.js";
import type { Store } from "./store.js";

/** GARM reads the token from the second word of Authorization (scheme unchecked) or the garm_token cookie. */
function bearerToken(headers: RequestContext["headers"]): string | undefined {
  const authorization = headers["authorization"];
  if (typeof authorization === "string") {
    const word = authorization.trim().split(/\s+/)[1];
    if (word) return word;
  }
  const cookie = headers["cookie"];
  if (typeof cookie === "string") {
    for (const part of cookie.split(";")) {
      const [name, ...value] = part.trim().split("=");
      if (name === "garm_token" && value.length > 0) return value.join("=");
    }
  }
  return undefined;
}

export type IncomingRequest = Omit<RequestContext, "params" | "claims">;

function authenticate(store: Store, ctx: IncomingRequest): TokenClaims {
  const token = bearerToken(ctx.headers);
  if (!token) throw authFailed();
  const claims = verifyJwt(token, store.jwtSecret, Math.floor(Date.now() / 1000));
  const user = store.user;
  if (!claims || !user || claims.user !== user.id || claims.generation !== user.generation)
    throw authFailed();
  return claims;
}

function authenticateMetrics(store: Store, ctx: IncomingRequest): TokenClaims {
  const token = bearerToken(ctx.headers);
  const claims = token ? verifyJwt(token, store.jwtSecret, Math.floor(Date.now() / 1000)) : undefined;
  if (!claims?.read_metrics) throw authFailed();
  return claims;
}

const ADMIN_REFUSAL: Reply = {
  kind: "text",
  status: 401,
  body: "Unauthorized\n",
  contentType: "text/plain; charset=utf-8",
};

/** GARM's init and URLs gates: which requests need a first user, and which also need the URLs set. */
function checkGates(store: Store, access: Access | "unknown", path: string): void {
  const onApi = path === "/api/v1" || path.startsWith("/api/v1/");
  // Unknown /api/v1 paths meet the main router's init and URLs gates too (then 404, no auth).
  const mainRouter = access === "api" || (access === "unknown" && onApi);
  if ((mainRouter || access === "init" || access === "controller") && !store.user) throw initRequired();
  if (mainRouter && !store.urlsConfigured()) throw urlsRequired();
}

/** The caller's claims for a route of this access, or "refused" for a valid non-admin token. */
function claimsFor(
  store: Store,
  access: Access,
  request: IncomingRequest,
): TokenClaims | "refused" | undefined {
  if (access === "controller" || access === "api") {
    const claims = authenticate(store, request);
    return claims.is_admin ? claims : "refused";
  }
  return access === "metrics" ? authenticateMetrics(store, request) : undefined;
}

/**
 * Runs GARM's middleware chain, in its order (init check -> URLs check -> auth -> admin), then the
 * route. Unknown /api/v1 paths pass the init and URLs gates before answering 404, as GARM's do.
 */
export async function dispatch(router: Router, store: Store, request: IncomingRequest): Promise<Reply> {
  try {
    const match = router.match(request.method, request.path);
    checkGates(store, match?.route.access ?? "unknown", request.path);
    if (!match) throw routeNotFound();
    const claims = claimsFor(store, match.route.access, request);
    if (claims === "refused") return ADMIN_REFUSAL;
    const ctx: RequestContext = { ...request, params: match.params };
    if (claims !== undefined) ctx.claims = claims;
    return await match.route.handler(ctx);
  } catch (error) {
    if (error instanceof ApiError) return { kind: "error", error };
    return { kind: "error", error: serverError() };
  }
}

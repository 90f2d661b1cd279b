import { randomUUID } from "node:crypto";
import * as z from "zod";
import { badRequest, conflict, notAuthorized } from "../api-error.js";
import { parseBody } from "../body.js";
import { json } from "../http-types.js";
import type { TokenClaims } from "../http-types.js";
import { signJwt } from "../jwt.js";
import { isStrongPassword } from "../password-strength.js";
import type { Router } from "../router.js";
import type { Store, User } from "../store.js";

const firstRunSchema = z.object({
  username: z.string().optional(),
  email: z.string().optional(),
  full_name: z.string().optional(),
  password: z.string().optional(),
});

const loginSchema = z.object({
  username: z.string().optional(),
  password: z.string().optional(),
});

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const USERNAME_RE = /^[A-Za-z0-9]{1,64}$/;

export interface AuthOptions {
  readonly jwtTtlSeconds: number;
}

function signClaims(
  store: Store,
  options: AuthOptions,
  claims: Omit<TokenClaims, "token_id" | "iss" | "exp">,
): string {
  const exp = Math.floor(Date.now() / 1000) + options.jwtTtlSeconds;
  return signJwt({ ...claims, token_id: randomUUID(), iss: "garm", exp }, store.jwtSecret);
}

/** An admin token for the user, as a login issues it. */
export function issueLoginToken(store: Store, options: AuthOptions, user: User): string {
  return signClaims(store, options, {
    user: user.id,
    full_name: user.fullName,
    is_admin: true,
    read_metrics: false,
    generation: user.generation,
  });
}

/** A token for GET /metrics: it has no user, so the main API refuses it. */
function issueMetricsToken(store: Store, options: AuthOptions): string {
  return signClaims(store, options, {
    user: "",
    full_name: "",
    is_admin: false,
    read_metrics: true,
    generation: 0,
  });
}

export function registerAuthRoutes(router: Router, store: Store, options: AuthOptions): void {
  router.add("POST", "/api/v1/first-run", "open", (ctx) => {
    if (store.user) throw conflict("already initialized");
    const body = parseBody(ctx, firstRunSchema);
    const username = body.username ?? "";
    const email = body.email ?? "";
    if (username === "" || email === "") throw badRequest("missing username or email");
    if (!EMAIL_RE.test(email)) throw badRequest("invalid email address");
    if (!USERNAME_RE.test(username)) throw badRequest("invalid username");
    if (!isStrongPassword(body.password ?? "")) throw badRequest("password is too weak");
    const user = store.createUser({
      username,
      email,
      fullName: body.full_name ?? "",
      password: body.password ?? "",
    });
    return json({
      id: user.id,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
      email: user.email,
      username: user.username,
      ...(user.fullName ? { full_name: user.fullName } : {}),
      enabled: true,
      is_admin: true,
    });
  });

  router.add("POST", "/api/v1/auth/login", "init", (ctx) => {
    const body = parseBody(ctx, loginSchema);
    if (!body.username || !body.password) throw notAuthorized();
    const user = store.checkPassword(body.username, body.password);
    if (!user) throw notAuthorized();
    return json({ token: issueLoginToken(store, options, user) });
  });

  router.add("GET", "/api/v1/metrics-token", "api", () => json({ token: issueMetricsToken(store, options) }));
}

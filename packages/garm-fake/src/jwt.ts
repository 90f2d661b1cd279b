import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import type { TokenClaims } from "./http-types.js";

const claimsSchema = z.object({
  user: z.string(),
  token_id: z.string(),
  full_name: z.string(),
  is_admin: z.boolean(),
  read_metrics: z.boolean(),
  generation: z.number().int(),
  iss: z.string(),
  exp: z.number(),
});

const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString("base64url");
}

function signature(secret: Buffer, signingInput: string): Buffer {
  return createHmac("sha256", secret).update(signingInput).digest();
}

/** Signs the claims as an HS256 JWT. */
export function signJwt(claims: TokenClaims, secret: Buffer): string {
  const signingInput = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${signature(secret, signingInput).toString("base64url")}`;
}

/** Verifies an HS256 JWT; undefined when malformed, badly signed or expired. */
export function verifyJwt(token: string, secret: Buffer, nowSeconds: number): TokenClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  if (header !== HEADER) return undefined;
  const expected = signature(secret, `${header}.${payload}`);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const claims = claimsSchema.safeParse(decoded);
  if (!claims.success || claims.data.exp <= nowSeconds) return undefined;
  return claims.data;
}

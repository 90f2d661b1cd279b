import { timingSafeEqual } from "node:crypto";

/** The tokens the fake accepts; `refusing` makes it answer 401 to every token. */
export interface AuthConfig {
  readonly token: string;
  readonly adminToken: string | undefined;
  readonly refusing: boolean;
}

/** What the planner's bearer check decides. */
export type AuthOutcome = "admin" | "general" | "malformed" | "unauthorized";

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The planner's check: a header that is not `Bearer <token>` (scheme case-insensitive) is
 * malformed (400); an unknown token is unauthorized (401).
 */
export function checkBearer(header: string | undefined, config: AuthConfig): AuthOutcome {
  const value = header ?? "";
  const space = value.indexOf(" ");
  if (space === -1 || value.slice(0, space).toLowerCase() !== "bearer") return "malformed";
  const token = value.slice(space + 1);
  if (config.refusing) return "unauthorized";
  if (config.adminToken !== undefined && same(token, config.adminToken)) return "admin";
  return same(token, config.token) ? "general" : "unauthorized";
}

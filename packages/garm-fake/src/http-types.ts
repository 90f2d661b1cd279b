import type { ApiError } from "./api-error.js";

/** Claims carried by the JWTs the fake issues (the same names GARM uses). */
export interface TokenClaims {
  user: string;
  token_id: string;
  full_name: string;
  is_admin: boolean;
  read_metrics: boolean;
  generation: number;
  iss: string;
  exp: number;
}

/** What a route handler sees of a request. */
export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body text ("" when none was sent). */
  readonly bodyText: string;
  /** Claims of the authenticated caller, set by the auth middleware. */
  claims?: TokenClaims;
}

/** What a route handler answers. */
export type Reply =
  | { kind: "json"; status: number; body: unknown }
  /** 200 with an empty body; GARM still sets Content-Type application/json. */
  | { kind: "empty"; status: number }
  | { kind: "text"; status: number; body: string; contentType: string }
  | { kind: "error"; error: ApiError }
  /** No answer at all (a GARM waiting on a GitHub that never answers). */
  | { kind: "hang" };

export const json = (body: unknown, status = 200): Reply => ({ kind: "json", status, body });
export const emptyOk = (): Reply => ({ kind: "empty", status: 200 });
export const noContent = (): Reply => ({ kind: "empty", status: 204 });

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

import type { Handler } from "./http-types.js";

/**
 * Which of GARM's middlewares wrap a route, in GARM's order: init check -> URLs check -> auth -> admin.
 * - `open`: none (first-run).
 * - `init`: init check only (login).
 * - `controller`: init check and auth, but not the URLs gate (GET|PUT /controller).
 * - `api`: the whole main-router chain.
 * - `metrics`: the metrics router, which only accepts a metrics token.
 */
export type Access = "open" | "init" | "controller" | "api" | "metrics";

export interface Route {
  readonly method: string;
  readonly access: Access;
  readonly handler: Handler;
  readonly segments: readonly string[];
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Splits a path into segments, ignoring a trailing slash (GARM serves both spellings). */
export function splitPath(path: string): string[] {
  const segments = path.split("/").filter((segment) => segment !== "");
  return segments;
}

/** A small segment router: `:name` segments capture a path parameter. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, access: Access, handler: Handler): this {
    this.routes.push({ method, access, handler, segments: splitPath(pattern) });
    return this;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const segments = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const got = actual[i]!;
    if (expected.startsWith(":")) {
      params[expected.slice(1)] = decodeURIComponent(got);
    } else if (expected !== got) {
      return undefined;
    }
  }
  return params;
}

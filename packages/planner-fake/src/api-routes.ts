/** The planner's routes the fake serves, with the planner's status codes and bodies (spec §1). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkBearer } from "./auth.js";
import type { PlannerFakeCore } from "./core.js";
import { ALL_FLAVORS } from "./flavors.js";
import type { FlavorRecord } from "./flavors.js";
import { goError, goJson, pressureLine } from "./go-wire.js";

type Handler = (core: PlannerFakeCore, req: IncomingMessage, res: ServerResponse, name: string) => void;

interface Route {
  readonly pattern: RegExp;
  readonly handler: Handler;
  readonly protection: "none" | "token" | "admin";
}

const ROUTES: readonly Route[] = [
  { pattern: /^\/health$/, handler: health, protection: "none" },
  { pattern: /^\/api\/v1\/flavors$/, handler: listFlavors, protection: "admin" },
  { pattern: /^\/api\/v1\/flavors\/([^/]+)$/, handler: getFlavor, protection: "token" },
  { pattern: /^\/api\/v1\/flavors\/([^/]+)\/pressure$/, handler: getPressure, protection: "token" },
];

/** Serves one request whose path is already relative to the fake's prefix. */
export function serveApi(
  core: PlannerFakeCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  if (/\/\/|\/\.\.?(\/|$)/.test(path)) return redirectToClean(res, path);
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res);
    let name: string;
    try {
      name = decodeURIComponent(match[1] ?? "");
    } catch {
      return goError(res, 400, "400 Bad Request");
    }
    if (!authorised(core, req, res, route.protection)) return;
    return route.handler(core, req, res, name);
  }
  goError(res, 404, "404 page not found");
}

/** Answers 400 or 401 as the planner's middleware does; true when the handler may run. */
function authorised(
  core: PlannerFakeCore,
  req: IncomingMessage,
  res: ServerResponse,
  protection: Route["protection"],
): boolean {
  if (protection === "none") return true;
  const outcome = checkBearer(req.headers.authorization, core.auth);
  if (outcome === "admin" || (outcome === "general" && protection === "token")) return true;
  if (outcome === "malformed") {
    goError(res, 400, "invalid authorization header");
  } else {
    res.setHeader("www-authenticate", "Bearer");
    goError(res, 401, "unauthorized");
  }
  return false;
}

function health(_core: PlannerFakeCore, _req: IncomingMessage, res: ServerResponse): void {
  goJson(res, 200, { status: "ok" });
}

/** The Flavor struct's JSON, fields in Go's declaration order. */
function flavorJson(flavor: FlavorRecord): Record<string, unknown> {
  return {
    platform: flavor.platform,
    name: flavor.name,
    labels: flavor.labels,
    priority: flavor.priority,
    is_disabled: flavor.isDisabled,
    minimum_pressure: flavor.minimumPressure,
  };
}

function listFlavors(core: PlannerFakeCore, _req: IncomingMessage, res: ServerResponse): void {
  goJson(res, 200, core.flavors.list().map(flavorJson));
}

function getFlavor(core: PlannerFakeCore, _req: IncomingMessage, res: ServerResponse, name: string): void {
  if (name === ALL_FLAVORS) return goError(res, 400, "get all flavors is not supported");
  const flavor = core.flavors.get(name);
  if (flavor === undefined) return goError(res, 404, "cannot get flavor");
  goJson(res, 200, flavorJson(flavor));
}

/** One JSON map, or with `?stream=true` an NDJSON stream whose first line is sent at once. */
function getPressure(core: PlannerFakeCore, req: IncomingMessage, res: ServerResponse, name: string): void {
  res.setHeader("cache-control", "no-cache");
  const stream = new URLSearchParams(queryOf(req.url)).get("stream")?.toLowerCase() === "true";
  const pressures = core.flavors.pressures(name);
  if (pressures.size === 0) return goError(res, 404, "flavor not found");
  const line = pressureLine(pressures);
  if (!stream) {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(line) });
    res.end(line);
    return;
  }
  res.writeHead(200, { "content-type": "application/x-ndjson", connection: "keep-alive" });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  core.streams.open(res, name, line);
}

function queryOf(url: string | undefined): string {
  const mark = (url ?? "").indexOf("?");
  return mark === -1 ? "" : (url ?? "").slice(mark + 1);
}

function methodNotAllowed(res: ServerResponse): void {
  res.setHeader("allow", "GET, HEAD");
  goError(res, 405, "Method Not Allowed");
}

/** Go's ServeMux redirects a non-canonical path (`/api/v1/flavors//pressure`) with a 307. */
function redirectToClean(res: ServerResponse, path: string): void {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const clean = "/" + segments.join("/") + (path.endsWith("/") ? "/" : "");
  const body = `<a href="${clean}">Temporary Redirect</a>.\n\n`;
  res.writeHead(307, { location: clean, "content-type": "text/html; charset=utf-8" });
  res.end(body);
}

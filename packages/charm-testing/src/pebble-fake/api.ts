/**
 * Pebble's v1 API over a unix socket, independent of what stands behind it: layers and the plan,
 * changes, files, services, checks and notices, answered with Pebble's exact envelopes. The
 * container's files and services are backends: the in-memory fake (`startFakePebble`) and the
 * local Juju model's host-process Pebble plug in their own.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import * as z from "zod";
import type { PebbleCheck, PebbleNotice } from "../state.js";
import type { WireChange } from "./changes.js";
import { ChangeLog } from "./changes.js";
import { FakePebbleApiError, badRequest } from "./errors.js";
import type { Ownership, WireFileInfo } from "./filesystem.js";
import { PathFailure } from "./filesystem.js";
import type { Layer } from "./layers.js";
import { combineLayers, parseLayer, planOf, validatePlan } from "./layers.js";
import { readParts, requestBoundary, writeParts } from "./multipart.js";
import type { WireService } from "./services.js";

/** One request the fake received; `action` is the JSON body's `action` field, when present. */
export interface FakePebbleRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly action?: string;
}

/** The container filesystem behind the files API; failures are PathFailure. */
export interface PebbleFiles {
  read(path: string): Buffer;
  list(path: string, opts: { pattern?: string; itself: boolean }): WireFileInfo[];
  write(path: string, content: Buffer, opts: { permissions: string; makeDirs: boolean } & Ownership): void;
  makeDir(path: string, opts: { permissions: string; makeParents: boolean } & Ownership): void;
  remove(path: string, recursive: boolean): void;
}

/** The service manager behind the services API; every change it returns is ready. */
export interface PebbleServices {
  list(names: readonly string[]): WireService[];
  act(action: string, names: readonly string[]): WireChange;
}

export interface PebbleApiOptions {
  /** Layers already in the plan, by label, in order. */
  readonly layers?: Readonly<Record<string, unknown>>;
  readonly files: PebbleFiles;
  /** Builds the service manager over the live plan and the API's change log. */
  readonly services: (plan: () => Layer, changes: ChangeLog) => PebbleServices;
  readonly checks?: readonly PebbleCheck[];
  readonly notices?: readonly PebbleNotice[];
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  202: "Accepted",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
};

const layersRequestSchema = z.object({
  action: z.string(),
  combine: z.boolean().optional(),
  inner: z.boolean().optional(),
  label: z.string(),
  format: z.string(),
  layer: z.string(),
});
const servicesRequestSchema = z.object({ action: z.string(), services: z.array(z.string()).nullish() });
const ownershipFields = {
  user: z.string().optional(),
  "user-id": z.number().int().nullish(),
  group: z.string().optional(),
  "group-id": z.number().int().nullish(),
};
const writeRequestSchema = z.object({
  action: z.literal("write"),
  files: z.array(
    z.object({
      path: z.string(),
      "make-dirs": z.boolean().optional(),
      permissions: z.string().optional(),
      ...ownershipFields,
    }),
  ),
});
const jsonFilesRequestSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("make-dirs"),
    dirs: z.array(
      z.object({
        path: z.string(),
        "make-parents": z.boolean().optional(),
        permissions: z.string().optional(),
        ...ownershipFields,
      }),
    ),
  }),
  z.object({
    action: z.literal("remove"),
    paths: z.array(z.object({ path: z.string(), recursive: z.boolean().optional() })),
  }),
]);

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

const syncReply = (result: unknown, status = 200): Reply => ({
  status,
  body: JSON.stringify({ type: "sync", "status-code": status, status: STATUS_TEXT[status], result }),
});

function errorReply(error: FakePebbleApiError): Reply {
  const result: Record<string, unknown> = { message: error.message };
  if (error.kind !== undefined) result["kind"] = error.kind;
  return {
    status: error.statusCode,
    body: JSON.stringify({
      type: "error",
      "status-code": error.statusCode,
      status: STATUS_TEXT[error.statusCode] ?? "Error",
      result,
    }),
  };
}

function parseJson<T extends z.ZodType>(schema: T, body: Buffer): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("cannot decode request body into JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest(`invalid request: ${parsed.error.issues[0]?.message ?? "bad body"}`);
  return parsed.data;
}

function ownerOf(item: {
  user?: string;
  "user-id"?: number | null;
  group?: string;
  "group-id"?: number | null;
}) {
  return {
    ...(item.user !== undefined ? { user: item.user } : {}),
    ...(typeof item["user-id"] === "number" ? { userId: item["user-id"] } : {}),
    ...(item.group !== undefined ? { group: item.group } : {}),
    ...(typeof item["group-id"] === "number" ? { groupId: item["group-id"] } : {}),
  };
}

/** One path's entry in a files result: `{path}` or `{path, error: {kind, message}}`. */
function pathResult(path: string, run: () => void): Record<string, unknown> {
  try {
    run();
    return { path };
  } catch (error) {
    if (error instanceof PathFailure) return { path, error: { kind: error.kind, message: error.message } };
    throw error;
  }
}

/** Splits Pebble's "a,b" and repeated "x=a&x=b" list parameters. */
function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
}

/** What a route needs of one request, beyond its method and path. */
interface RouteRequest {
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

export class PebbleApi {
  readonly requests: FakePebbleRequest[] = [];
  readonly #layers = new Map<string, Layer>();
  readonly #files: PebbleFiles;
  readonly #changes = new ChangeLog();
  readonly #services: PebbleServices;
  readonly #checks: readonly PebbleCheck[];
  readonly #notices: readonly PebbleNotice[];
  readonly #bootId = randomUUID();
  /** Notices get deterministic timestamps, one second apart in the order given. */
  readonly #noticeEpoch = Date.parse("2026-01-01T00:00:00Z");

  constructor(options: PebbleApiOptions) {
    for (const [label, layer] of Object.entries(options.layers ?? {}))
      this.#layers.set(label, parseLayer(label, layer));
    this.#files = options.files;
    this.#checks = options.checks ?? [];
    this.#notices = options.notices ?? [];
    this.#services = options.services(() => this.#plan(), this.#changes);
  }

  /** The layers added so far, by label, in order (plain data). */
  layers(): Record<string, Layer> {
    return Object.fromEntries([...this.#layers].map(([label, layer]) => [label, structuredClone(layer)]));
  }

  /** The fixed routes, by `METHOD /path`; their paths are the ones the fake knows. */
  readonly #routes = new Map<string, (request: RouteRequest) => Reply>([
    ["GET /v1/system-info", () => syncReply({ version: "v1.19.0", "boot-id": this.#bootId })],
    ["GET /v1/health", () => syncReply({ healthy: true })],
    ["GET /v1/plan", ({ query }) => this.#getPlan(query)],
    ["POST /v1/layers", ({ body }) => this.#addLayer(body)],
    ["GET /v1/services", ({ query }) => syncReply(this.#services.list(listParam(query, "names")))],
    ["POST /v1/services", ({ body }) => this.#actOnServices(body)],
    ["GET /v1/changes", () => syncReply(this.#changes.all())],
    [
      "GET /v1/files",
      ({ query, headers }) =>
        query.get("action") === "read" ? this.#readFiles(query, headers) : this.#listFiles(query),
    ],
    ["POST /v1/files", ({ headers, body }) => this.#postFiles(headers, body)],
    ["GET /v1/checks", ({ query }) => this.#getChecks(query)],
    ["GET /v1/notices", ({ query }) => this.#getNotices(query)],
  ]);

  readonly #knownPaths = new Set(
    [...this.#routes.keys()].map((route) => route.slice(route.indexOf(" ") + 1)),
  );

  handle(method: string, url: URL, headers: IncomingMessage["headers"], body: Buffer): Reply {
    const path = url.pathname;
    const route = this.#routes.get(`${method} ${path}`);
    if (route !== undefined) return route({ query: url.searchParams, headers, body });
    const change = /^\/v1\/changes\/([^/]+)(\/wait)?$/.exec(path);
    if (change && method === "GET") {
      const found = this.#changes.get(decodeURIComponent(change[1]!));
      if (!found) throw new FakePebbleApiError(404, `cannot find change with id "${change[1]!}"`);
      return syncReply(found);
    }
    if (this.#knownPaths.has(path)) throw new FakePebbleApiError(405, `method "${method}" not allowed`);
    throw new FakePebbleApiError(404, "invalid API endpoint requested");
  }

  #actOnServices(body: Buffer): Reply {
    const request = parseJson(servicesRequestSchema, body);
    const change = this.#services.act(request.action, request.services ?? []);
    return {
      status: 202,
      body: JSON.stringify({ type: "async", "status-code": 202, status: "Accepted", change: change.id }),
    };
  }

  #plan(): Layer {
    return planOf([...this.#layers.values()]);
  }

  #getPlan(query: URLSearchParams): Reply {
    const format = query.get("format");
    if (format !== "yaml") throw badRequest(`invalid format ${JSON.stringify(format ?? "")}`);
    const plan = this.#plan();
    const visible = Object.fromEntries(
      Object.entries(plan).filter(([, entries]) => entries && Object.keys(entries as object).length > 0),
    );
    return syncReply(stringifyYaml(visible));
  }

  #addLayer(body: Buffer): Reply {
    const request = parseJson(layersRequestSchema, body);
    if (request.action !== "add") throw badRequest(`invalid action "${request.action}"`);
    if (request.format !== "yaml") throw badRequest(`invalid format "${request.format}"`);
    let raw: unknown;
    try {
      raw = parseYaml(request.layer);
    } catch (error) {
      throw badRequest(`cannot parse layer YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
    const layer = parseLayer(request.label, raw);
    const existing = this.#layers.get(request.label);
    if (existing && !request.combine) throw badRequest(`layer "${request.label}" already exists`);
    const next = new Map(this.#layers);
    next.set(request.label, existing ? combineLayers(existing, layer) : layer);
    validatePlan(planOf([...next.values()]));
    this.#layers.set(request.label, next.get(request.label)!);
    return syncReply(true);
  }

  #readFiles(query: URLSearchParams, headers: IncomingMessage["headers"]): Reply {
    if (headers.accept !== "multipart/form-data") throw badRequest("must accept multipart/form-data");
    const paths = query.getAll("path");
    if (paths.length === 0) throw badRequest("must specify path");
    const fileParts: { name: string; filename: string; contentType: string; body: Buffer }[] = [];
    const results = paths.map((path) =>
      pathResult(path, () => {
        const content = this.#files.read(path);
        fileParts.push({
          name: "files",
          filename: path,
          contentType: "application/octet-stream",
          body: content,
        });
      }),
    );
    const response = { type: "sync", "status-code": 200, status: "OK", result: results };
    const { boundary, body } = writeParts([
      ...fileParts,
      { name: "response", contentType: "application/json", body: Buffer.from(JSON.stringify(response)) },
    ]);
    return { status: 200, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` }, body };
  }

  #listFiles(query: URLSearchParams): Reply {
    if (query.get("action") !== "list") throw badRequest(`invalid action "${query.get("action") ?? ""}"`);
    const path = query.get("path");
    if (!path) throw badRequest("must specify path");
    const pattern = query.get("pattern") ?? undefined;
    try {
      return syncReply(
        this.#files.list(path, { itself: query.get("itself") === "true", ...(pattern ? { pattern } : {}) }),
      );
    } catch (error) {
      if (!(error instanceof PathFailure)) throw error;
      throw new FakePebbleApiError(error.kind === "not-found" ? 404 : 400, error.message, error.kind);
    }
  }

  #postFiles(headers: IncomingMessage["headers"], body: Buffer): Reply {
    const contentType = headers["content-type"] ?? "";
    if (contentType.toLowerCase().startsWith("multipart/form-data"))
      return this.#writeFiles(contentType, body);
    const request = parseJson(jsonFilesRequestSchema, body);
    if (request.action === "make-dirs") {
      return syncReply(
        request.dirs.map((dir) =>
          pathResult(dir.path, () =>
            this.#files.makeDir(dir.path, {
              permissions: dir.permissions ?? "755",
              makeParents: dir["make-parents"] ?? false,
              ...ownerOf(dir),
            }),
          ),
        ),
      );
    }
    return syncReply(
      request.paths.map((item) =>
        pathResult(item.path, () => this.#files.remove(item.path, item.recursive ?? false)),
      ),
    );
  }

  #writeFiles(contentType: string, body: Buffer): Reply {
    const parts = readParts(body, requestBoundary(contentType));
    const [first, ...rest] = parts;
    if (first?.name !== "request") throw badRequest('must include "request" field first');
    const request = parseJson(writeRequestSchema, first.body);
    const contents = new Map<string, Buffer>();
    for (const part of rest) {
      if (part.name !== "files") throw badRequest(`unexpected multipart field "${part.name ?? ""}"`);
      const filename = part.filename ?? "";
      if (!request.files.some((item) => item.path === filename))
        throw badRequest(`no metadata for path "${filename}"`);
      contents.set(filename, part.body);
    }
    return syncReply(
      request.files.map((item) =>
        pathResult(item.path, () => {
          const content = contents.get(item.path);
          if (content === undefined) {
            throw new PathFailure("generic-file-error", `no file content for path "${item.path}"`);
          }
          this.#files.write(item.path, content, {
            permissions: item.permissions ?? "644",
            makeDirs: item["make-dirs"] ?? false,
            ...ownerOf(item),
          });
        }),
      ),
    );
  }

  #getChecks(query: URLSearchParams): Reply {
    const level = query.get("level");
    const names = listParam(query, "names");
    const checks = this.#checks
      .filter((check) => level === null || check.level === level)
      .filter((check) => names.length === 0 || names.includes(check.name))
      .map((check) => ({
        name: check.name,
        ...(check.level ? { level: check.level } : {}),
        startup: "enabled",
        status: check.status,
        failures: check.failures,
        threshold: check.threshold,
      }));
    return syncReply(checks);
  }

  #getNotices(query: URLSearchParams): Reply {
    const types = listParam(query, "types");
    const keys = listParam(query, "keys");
    const afterParam = query.get("after");
    const after = afterParam === null ? undefined : Date.parse(afterParam);
    if (after !== undefined && Number.isNaN(after))
      throw badRequest(`invalid "after" timestamp "${afterParam ?? ""}"`);
    const notices = this.#notices
      .map((notice, index) => {
        const occurred = new Date(this.#noticeEpoch + index * 1000).toISOString();
        return {
          id: notice.id,
          "user-id": notice.type === "custom" ? 0 : null,
          type: notice.type,
          key: notice.key,
          "first-occurred": occurred,
          "last-occurred": occurred,
          "last-repeated": occurred,
          occurrences: 1,
          ...(notice.lastData ? { "last-data": notice.lastData } : {}),
        };
      })
      .filter((notice) => types.length === 0 || types.includes(notice.type))
      .filter((notice) => keys.length === 0 || keys.includes(notice.key))
      .filter((notice) => after === undefined || Date.parse(notice["last-occurred"]) > after);
    return syncReply(notices);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function requestAction(
  method: string,
  headers: IncomingMessage["headers"],
  body: Buffer,
): string | undefined {
  if (method !== "POST" || !isJson(headers)) return undefined;
  try {
    const parsed = z.object({ action: z.string() }).safeParse(JSON.parse(body.toString("utf8")));
    return parsed.success ? parsed.data.action : undefined;
  } catch {
    return undefined;
  }
}

/** Logs one request, answers it from the container, and maps any failure to an error envelope. */
async function serveRequest(container: PebbleApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://localhost");
  const isUpload = method === "POST" && url.pathname === "/v1/files" && !isJson(req.headers);
  const action = isUpload ? "write" : requestAction(method, req.headers, body);
  container.requests.push({
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ""),
    ...(action !== undefined ? { action } : {}),
  });
  let reply: Reply;
  try {
    reply = container.handle(method, url, req.headers, body);
  } catch (error) {
    reply = errorReply(
      error instanceof FakePebbleApiError
        ? error
        : new FakePebbleApiError(500, error instanceof Error ? error.message : String(error)),
    );
  }
  res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
  res.end(reply.body);
}

const isJson = (headers: IncomingMessage["headers"]): boolean =>
  (headers["content-type"] ?? "").startsWith("application/json");

/** Serves `api` on a unix socket at `socketPath`; `close` drops open connections. */
export async function servePebble(api: PebbleApi, socketPath: string): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    serveRequest(api, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  return {
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

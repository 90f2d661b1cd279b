/**
 * The Pebble client a sidecar charm uses to drive its workload container: layers and services,
 * changes, files, checks and notices, over `/charm/containers/<name>/pebble.socket`.
 * Every answer is validated against Pebble's documented envelopes before it is used.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import {
  PebbleApiError,
  PebbleChangeError,
  PebbleChangeNotFoundError,
  PebbleEncodingError,
  PebblePathError,
  PebbleProtocolError,
  PebbleRequestError,
  PebbleTimeoutError,
} from "./errors.js";
import type { PebbleLayer } from "./layer.js";
import { serialiseLayer, validateLayerLabel } from "./layer.js";
import {
  boundaryOf,
  encodeMultipart,
  MultipartFormatError,
  newBoundary,
  parseMultipart,
} from "./multipart.js";
import type { Change, CheckInfo, Envelope, FileInfo, Notice, ServiceInfo, SystemInfo } from "./schemas.js";
import {
  changeSchema,
  checkInfoSchema,
  envelopeSchema,
  fileInfoSchema,
  noticeSchema,
  pathResultSchema,
  serviceInfoSchema,
  systemInfoSchema,
} from "./schemas.js";
import type { TransportRequest, TransportResponse } from "./transport.js";
import { PebbleTransport } from "./transport.js";

export interface PebbleClientOptions {
  /** `/charm/containers/<container>/pebble.socket` under Juju. */
  readonly socketPath: string;
  /** Per HTTP request; default 5 s, as ops. */
  readonly timeoutMs?: number;
  /** How long a service action may take to finish its change; default 30 s, as ops. */
  readonly changeTimeoutMs?: number;
}

export interface PebblePlan {
  readonly services: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly checks: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly logTargets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Permissions and ownership of a pushed file or a made directory. */
interface FileModeOptions {
  /** Unix permission bits, e.g. 0o600; Pebble defaults to 0o644 for files and 0o755 for directories. */
  readonly permissions?: number;
  readonly user?: string;
  readonly userId?: number;
  readonly group?: string;
  readonly groupId?: number;
}

export interface PushOptions extends FileModeOptions {
  /** Create missing parent directories. */
  readonly makeDirs?: boolean;
}

export interface MakeDirOptions extends FileModeOptions {
  readonly makeParents?: boolean;
}

export interface ListFilesOptions {
  /** Glob on names within the directory, e.g. `*.yaml`. */
  readonly pattern?: string;
  /** List the directory itself rather than its contents. */
  readonly itself?: boolean;
}

export interface NoticeFilter {
  readonly types?: readonly string[];
  readonly keys?: readonly string[];
  /** Only notices that last occurred after this time. */
  readonly after?: Date | string;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_CHANGE_TIMEOUT_MS = 30_000;
/** Polling interval for a Pebble too old to have `/wait`. */
const POLL_INTERVAL_MS = 100;

const entriesSchema = z.record(z.string(), z.record(z.string(), z.unknown())).nullish();
const planSchema = z.looseObject({
  services: entriesSchema,
  checks: entriesSchema,
  "log-targets": entriesSchema,
});

const JSON_HEADERS = { Accept: "application/json", "Content-Type": "application/json" } as const;

type ServiceAction = "start" | "stop" | "restart" | "replan" | "autostart";

export class PebbleClient {
  readonly socketPath: string;
  readonly #transport: PebbleTransport;
  readonly #timeoutMs: number;
  readonly #changeTimeoutMs: number;
  /**
   * Reads a hook's steps repeat (system info, plan, services, file lists), each asked once until
   * this client changes something or a request fails: only the charm changes what they answer
   * within a hook, and a failure may mean Pebble went away.
   */
  readonly #reads = new Map<string, Promise<unknown>>();

  constructor(opts: PebbleClientOptions) {
    this.socketPath = opts.socketPath;
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#changeTimeoutMs = opts.changeTimeoutMs ?? DEFAULT_CHANGE_TIMEOUT_MS;
    this.#transport = new PebbleTransport(opts.socketPath, this.#timeoutMs);
  }

  /** Releases pooled connections; the client must not be used afterwards. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  systemInfo(): Promise<SystemInfo> {
    return this.#readOnce("system-info", async () => {
      const result = await this.#sync({
        method: "GET",
        path: "/v1/system-info",
        operation: "GET /v1/system-info",
      });
      return this.#validate(systemInfoSchema, result, "GET /v1/system-info");
    });
  }

  /** True when Pebble answers `system-info`; false on any failure (never throws). */
  async canConnect(): Promise<boolean> {
    try {
      await this.systemInfo();
      return true;
    } catch {
      // Any failure (no socket, refused, timeout, unexpected answer) means "not reachable now".
      return false;
    }
  }

  /** The plan, read once until this client changes something (see `#reads`). */
  getPlan(): Promise<PebblePlan> {
    return this.#readOnce("plan", () => this.#readPlan());
  }

  async #readPlan(): Promise<PebblePlan> {
    const operation = "GET /v1/plan";
    const result = await this.#sync({
      method: "GET",
      path: "/v1/plan",
      query: new URLSearchParams({ format: "yaml" }),
      operation,
    });
    const text = this.#validate(z.string(), result, operation);
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch {
      throw new PebbleProtocolError(operation, "the plan is not valid YAML");
    }
    const plan = this.#validate(planSchema, raw ?? {}, operation);
    return {
      services: plan.services ?? {},
      checks: plan.checks ?? {},
      logTargets: plan["log-targets"] ?? {},
    };
  }

  /**
   * Adds a layer (an object, or YAML text). With `combine`, a layer with the same label is merged
   * into instead of rejected.
   */
  async addLayer(
    label: string,
    layer: PebbleLayer | string,
    opts: { combine?: boolean } = {},
  ): Promise<void> {
    validateLayerLabel(label);
    const yamlText = serialiseLayer(label, layer);
    await this.#sync({
      method: "POST",
      path: "/v1/layers",
      headers: JSON_HEADERS,
      body: JSON.stringify({
        action: "add",
        combine: opts.combine ?? false,
        label,
        format: "yaml",
        layer: yamlText,
      }),
      operation: `add layer "${label}"`,
    });
  }

  getServices(names?: readonly string[]): Promise<ServiceInfo[]> {
    const query = new URLSearchParams();
    if (names && names.length > 0) query.set("names", names.join(","));
    return this.#readOnce(`services?${query.toString()}`, async () => {
      const result = await this.#sync({
        method: "GET",
        path: "/v1/services",
        query,
        operation: "GET /v1/services",
      });
      return this.#validateList(serviceInfoSchema, result, "GET /v1/services");
    });
  }

  startServices(names: readonly string[]): Promise<Change> {
    return this.#serviceAction("start", names);
  }

  stopServices(names: readonly string[]): Promise<Change> {
    return this.#serviceAction("stop", names);
  }

  restartServices(names: readonly string[]): Promise<Change> {
    return this.#serviceAction("restart", names);
  }

  /** Restarts services whose configuration changed and starts every `startup: enabled` one. */
  replan(): Promise<Change> {
    return this.#serviceAction("replan", []);
  }

  /** Starts the `startup: enabled` services; Pebble answers 400 `no-default-services` if none. */
  autostart(): Promise<Change> {
    return this.#serviceAction("autostart", []);
  }

  async getChange(id: string): Promise<Change> {
    const operation = `GET /v1/changes/${id}`;
    const result = await this.#sync({
      method: "GET",
      path: `/v1/changes/${encodeURIComponent(id)}`,
      operation,
    });
    return this.#validate(changeSchema, result, operation);
  }

  /**
   * Waits until a change is ready, looping on `/wait` (each call bounded below the request
   * timeout) until `timeoutMs` overall. Resolves with the change whether or not it failed.
   */
  async waitChange(id: string, timeoutMs: number = this.#changeTimeoutMs): Promise<Change> {
    const operation = `wait for change ${id}`;
    const deadline = Date.now() + timeoutMs;
    const chunkMs =
      this.#timeoutMs > 2_000 ? this.#timeoutMs - 1_000 : Math.max(1, Math.floor(this.#timeoutMs / 2));
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new PebbleTimeoutError(operation, timeoutMs);
      const waitMs = Math.min(remaining, chunkMs);
      const response = await this.#send({
        method: "GET",
        path: `/v1/changes/${encodeURIComponent(id)}/wait`,
        query: new URLSearchParams({ timeout: `${(waitMs / 1000).toFixed(3)}s` }),
        headers: { Accept: "application/json" },
        operation,
      });
      if (response.statusCode === 504) continue;
      if (response.statusCode === 404) return this.#pollChange(id, deadline, timeoutMs);
      const envelope = this.#envelope(response, operation);
      if (envelope.type !== "sync") {
        throw new PebbleProtocolError(operation, `expected a sync answer, got ${envelope.type}`);
      }
      const change = this.#validate(changeSchema, envelope.result, operation);
      if (change.ready) return change;
    }
  }

  async push(path: string, content: string | Uint8Array, opts: PushOptions = {}): Promise<void> {
    assertHeaderSafePath(path);
    const item = { path, ...(opts.makeDirs ? { "make-dirs": true } : {}), ...modeAndOwner(opts) };
    const boundary = newBoundary();
    const body = encodeMultipart(boundary, [
      {
        name: "request",
        contentType: "application/json",
        body: JSON.stringify({ action: "write", files: [item] }),
      },
      { name: "files", filename: path, contentType: "application/octet-stream", body: content },
    ]);
    const result = await this.#sync({
      method: "POST",
      path: "/v1/files",
      headers: { Accept: "application/json", "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
      operation: `push ${path}`,
    });
    this.#checkPathResults("push", [path], result);
  }

  /** Reads a file: a string by default (UTF-8), the raw bytes with `encoding: null`. */
  pull(path: string, opts?: { encoding?: "utf8" }): Promise<string>;
  pull(path: string, opts: { encoding: null }): Promise<Uint8Array>;
  async pull(path: string, opts: { encoding?: "utf8" | null } = {}): Promise<string | Uint8Array> {
    const operation = `pull ${path}`;
    const response = await this.#send({
      method: "GET",
      path: "/v1/files",
      query: new URLSearchParams({ action: "read", path }),
      headers: { Accept: "multipart/form-data" },
      operation,
    });
    const boundary = boundaryOf(response.headers["content-type"]);
    if (response.statusCode !== 200 || boundary === undefined) {
      // Pebble reports request-level errors as a JSON envelope before any multipart.
      this.#envelope(response, operation);
      throw new PebbleProtocolError(operation, "expected a multipart/form-data answer");
    }
    let parts;
    try {
      parts = parseMultipart(response.body, boundary);
    } catch (error) {
      const detail = error instanceof MultipartFormatError ? error.message : "unreadable multipart body";
      throw new PebbleProtocolError(operation, detail);
    }
    const responsePart = parts.find((part) => part.name === "response");
    if (!responsePart) throw new PebbleProtocolError(operation, 'no "response" part in the answer');
    const envelope = this.#envelope({ statusCode: 200, headers: {}, body: responsePart.body }, operation);
    if (envelope.type !== "sync")
      throw new PebbleProtocolError(operation, "the response part is not a sync answer");
    this.#checkPathResults("pull", [path], envelope.result);
    const filePart = parts.find((part) => part.name === "files" && part.filename === path);
    if (!filePart) throw new PebbleProtocolError(operation, `no file part for ${path}`);
    const bytes = new Uint8Array(filePart.body);
    if (opts.encoding === null) return bytes;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new PebbleEncodingError(path);
    }
  }

  listFiles(path: string, opts: ListFilesOptions = {}): Promise<FileInfo[]> {
    const query = new URLSearchParams({ action: "list", path });
    if (opts.pattern !== undefined) query.set("pattern", opts.pattern);
    if (opts.itself) query.set("itself", "true");
    const operation = `list ${path}`;
    return this.#readOnce(`files?${query.toString()}`, async () => {
      const result = await this.#sync({ method: "GET", path: "/v1/files", query, operation });
      return this.#validateList(fileInfoSchema, result, operation);
    });
  }

  /** True when the path exists (file, directory or anything else). */
  async exists(path: string): Promise<boolean> {
    try {
      await this.listFiles(path, { itself: true });
      return true;
    } catch (error) {
      if (error instanceof PebbleApiError && (error.kind === "not-found" || error.statusCode === 404))
        return false;
      throw error;
    }
  }

  async makeDir(path: string, opts: MakeDirOptions = {}): Promise<void> {
    const dir = { path, ...(opts.makeParents ? { "make-parents": true } : {}), ...modeAndOwner(opts) };
    const result = await this.#sync({
      method: "POST",
      path: "/v1/files",
      headers: JSON_HEADERS,
      body: JSON.stringify({ action: "make-dirs", dirs: [dir] }),
      operation: `make directory ${path}`,
    });
    this.#checkPathResults("make directory", [path], result);
  }

  async removePath(path: string, opts: { recursive?: boolean } = {}): Promise<void> {
    const item: Record<string, unknown> = { path };
    if (opts.recursive) item["recursive"] = true;
    const result = await this.#sync({
      method: "POST",
      path: "/v1/files",
      headers: JSON_HEADERS,
      body: JSON.stringify({ action: "remove", paths: [item] }),
      operation: `remove ${path}`,
    });
    this.#checkPathResults("remove", [path], result);
  }

  async getChecks(
    filter: { level?: "alive" | "ready"; names?: readonly string[] } = {},
  ): Promise<CheckInfo[]> {
    const query = new URLSearchParams();
    if (filter.level) query.set("level", filter.level);
    for (const name of filter.names ?? []) query.append("names", name);
    const result = await this.#sync({
      method: "GET",
      path: "/v1/checks",
      query,
      operation: "GET /v1/checks",
    });
    return this.#validateList(checkInfoSchema, result, "GET /v1/checks");
  }

  async getNotices(filter: NoticeFilter = {}): Promise<Notice[]> {
    const query = new URLSearchParams();
    if (filter.types && filter.types.length > 0) query.set("types", filter.types.join(","));
    if (filter.keys && filter.keys.length > 0) query.set("keys", filter.keys.join(","));
    if (filter.after !== undefined) {
      query.set("after", typeof filter.after === "string" ? filter.after : filter.after.toISOString());
    }
    const result = await this.#sync({
      method: "GET",
      path: "/v1/notices",
      query,
      operation: "GET /v1/notices",
    });
    return this.#validateList(noticeSchema, result, "GET /v1/notices");
  }

  async #serviceAction(action: ServiceAction, names: readonly string[]): Promise<Change> {
    const operation = `${action} services${names.length > 0 ? ` ${names.join(", ")}` : ""}`;
    const envelope = await this.#call({
      method: "POST",
      path: "/v1/services",
      headers: JSON_HEADERS,
      body: JSON.stringify({ action, services: names }),
      operation,
    });
    if (envelope.type !== "async")
      throw new PebbleProtocolError(operation, `expected an async answer, got ${envelope.type}`);
    const change = await this.waitChange(envelope.change);
    if (change.err !== undefined && change.err !== "")
      throw new PebbleChangeError(change.id, change.kind, change.err);
    return change;
  }

  /** `/wait` answered 404: either the change does not exist, or Pebble predates `/wait`. */
  async #pollChange(id: string, deadline: number, timeoutMs: number): Promise<Change> {
    for (;;) {
      let change: Change;
      try {
        change = await this.getChange(id);
      } catch (error) {
        if (error instanceof PebbleApiError && error.statusCode === 404) {
          throw new PebbleChangeNotFoundError(id, error.apiMessage);
        }
        throw error;
      }
      if (change.ready) return change;
      if (Date.now() + POLL_INTERVAL_MS > deadline)
        throw new PebbleTimeoutError(`wait for change ${id}`, timeoutMs);
      await sleep(POLL_INTERVAL_MS);
    }
  }

  async #sync(req: TransportRequest): Promise<unknown> {
    const envelope = await this.#call({ ...req, headers: req.headers ?? { Accept: "application/json" } });
    if (envelope.type !== "sync") {
      throw new PebbleProtocolError(req.operation, `expected a sync answer, got ${envelope.type}`);
    }
    return envelope.result;
  }

  /** Every request goes through here: one that is not a GET may change what the reads answered. */
  async #send(req: TransportRequest): Promise<TransportResponse> {
    if (req.method !== "GET") this.#reads.clear();
    try {
      return await this.#transport.send(req);
    } catch (error) {
      this.#reads.clear();
      throw error;
    }
  }

  /**
   * `read` once per `key` until `#reads` is cleared; callers get copies, so none sees another's
   * changes. A failed read is not kept: the next caller asks Pebble again.
   */
  async #readOnce<T>(key: string, read: () => Promise<T>): Promise<T> {
    let started = this.#reads.get(key) as Promise<T> | undefined;
    if (started === undefined) {
      const reading = read();
      reading.catch(() => {
        if (this.#reads.get(key) === reading) this.#reads.delete(key);
      });
      this.#reads.set(key, reading);
      started = reading;
    }
    return structuredClone(await started);
  }

  async #call(req: TransportRequest): Promise<Envelope> {
    const response = await this.#send(req);
    return this.#envelope(response, req.operation);
  }

  /** Parses an answer's JSON envelope; error envelopes and HTTP errors become PebbleApiError. */
  #envelope(response: TransportResponse, operation: string): Envelope {
    const status = `HTTP ${String(response.statusCode)}`;
    // An HTTP error without a readable error envelope: all we know is the status.
    const httpError = () => new PebbleApiError(operation, response.statusCode, undefined, status);
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString("utf8"));
    } catch {
      if (response.statusCode >= 400) throw httpError();
      throw new PebbleProtocolError(operation, `${status} answer is not JSON`);
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      if (response.statusCode >= 400) throw httpError();
      throw new PebbleProtocolError(
        operation,
        `not a Pebble envelope (${parsed.error.issues.length} issues)`,
      );
    }
    const envelope = parsed.data;
    if (envelope.type === "error") {
      throw new PebbleApiError(
        operation,
        response.statusCode,
        envelope.result?.kind || undefined,
        envelope.result?.message || (envelope.status ?? status),
      );
    }
    if (response.statusCode >= 400) throw httpError();
    return envelope;
  }

  #validate<T extends z.ZodType>(schema: T, value: unknown, operation: string): z.infer<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
      throw new PebbleProtocolError(operation, `${issue?.message ?? "invalid result"}${where}`);
    }
    return parsed.data;
  }

  /** A list result; Pebble omits `result` (or sends null) when the list is empty. */
  #validateList<T extends z.ZodType>(item: T, value: unknown, operation: string): z.infer<T>[] {
    return this.#validate(z.array(item).nullable(), value ?? null, operation) ?? [];
  }

  /** Files requests answer 200 with one result per path; a per-path error becomes PebblePathError. */
  #checkPathResults(operation: string, paths: readonly string[], result: unknown): void {
    const results = this.#validate(z.array(pathResultSchema), result, operation);
    for (const path of paths) {
      const entry = results.find((candidate) => candidate.path === path);
      if (!entry) throw new PebbleProtocolError(operation, `no result for ${path}`);
      if (entry.error) throw new PebblePathError(operation, path, entry.error.kind, entry.error.message);
    }
  }
}

/** The permissions and ownership fields a files `write` or `make-dirs` item shares, in Pebble's names. */
function modeAndOwner(opts: FileModeOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (opts.permissions !== undefined) fields["permissions"] = formatPermissions(opts.permissions);
  if (opts.user !== undefined) fields["user"] = opts.user;
  if (opts.userId !== undefined) fields["user-id"] = opts.userId;
  if (opts.group !== undefined) fields["group"] = opts.group;
  if (opts.groupId !== undefined) fields["group-id"] = opts.groupId;
  return fields;
}

/** Pebble wants exactly three octal digits: 0o600 -> "600". */
export function formatPermissions(mode: number): string {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw new PebbleRequestError(`permissions must be an integer from 0o000 to 0o777, got ${String(mode)}`);
  }
  return mode.toString(8).padStart(3, "0");
}

/** A path goes into a multipart header: a line break would end the header early. */
function assertHeaderSafePath(path: string): void {
  if (/[\r\n]/.test(path)) throw new PebbleRequestError("a file path must not contain line breaks");
}

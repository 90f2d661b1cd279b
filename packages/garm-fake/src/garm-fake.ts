import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError } from "./api-error.js";
import { dispatch } from "./dispatch.js";
import { DEFAULT_RECREATE_LOST_SCALE_SET_MS, recreateLostScaleSets } from "./github-worker.js";
import type { Fault, FaultSpec } from "./faults.js";
import { FaultInjector } from "./faults.js";
import { FORGE_FAILURES, isForgeEntity } from "./forge.js";
import type { ForgeFailure } from "./forge.js";
import type { Reply } from "./http-types.js";
import { recordableBody, RequestRecorder } from "./recorder.js";
import type { RecordedRequest } from "./recorder.js";
import { Router } from "./router.js";
import { issueLoginToken, registerAuthRoutes } from "./routes/auth.js";
import { registerControllerRoutes, registerProviderRoutes } from "./routes/controller.js";
import type { ProviderInfo } from "./routes/controller.js";
import { registerCredentialsRoutes } from "./routes/credentials.js";
import { registerEndpointRoutes } from "./routes/endpoints.js";
import { registerEntityRoutes } from "./routes/entities.js";
import { registerFakeControlRoutes, setAssignedJobs } from "./routes/fake-control.js";
import { registerMetricsRoutes } from "./routes/metrics.js";
import { registerScaleSetRoutes } from "./routes/scalesets.js";
import { registerTemplateRoutes, seedSystemTemplates } from "./routes/templates.js";
import { snapshotOf } from "./snapshot.js";
import type { GarmFakeSnapshot } from "./snapshot.js";
import { loadStore, saveStore } from "./persistence.js";
import { Store } from "./store.js";

export interface GarmFakeOptions {
  /** Providers GET /providers lists (type defaults to "external"). Default: none. */
  providers?: ProviderInfo[];
  /** Lifetime of issued JWTs; default 86400. A negative value issues already-expired tokens. */
  jwtTtlSeconds?: number;
  /** Start past first-run with this admin user (the password strength rule is not applied). */
  initialised?: { username: string; password: string; email?: string; fullName?: string };
  /** Start with the controller URLs set. */
  urls?: { metadataUrl: string; callbackUrl: string; webhookUrl: string };
  /**
   * How long after loseGithubScaleSet GARM's worker re-creates the scale set on GitHub (new
   * scale_set_id), checked at each request; default 3000 (as seen on a real GARM), 0 before the next
   * request, Infinity never.
   */
  recreateLostScaleSetMs?: number;
  /** Where to listen; default 127.0.0.1 with an OS-assigned port. */
  listen?: { host: string; port: number };
  /** Signs JWTs (GARM's `jwt_auth.secret`); default random. */
  jwtSecret?: string;
  /** False: /metrics answers without a token (GARM's `[metrics] disable_auth = true`). */
  metricsAuth?: boolean;
  /**
   * Keep the database in this file: loaded at start when it exists (instead of the seeding
   * options), saved after every request that can change it.
   */
  stateFile?: string;
  /**
   * Also serve the fake-only control routes (`/_fake/...`, see routes/fake-control.ts) on the API
   * port, for tests that drive a separate `garm` process. Default false: GARM's API only.
   */
  fakeControl?: boolean;
  /** Called with each request once answered (redacted as `requests` holds it). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface GarmFake {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  injectFault(spec: FaultSpec): void;
  /** Deep copy of the fake's state, secrets included (it is for tests). */
  snapshot(): GarmFakeSnapshot;
  /** A valid admin JWT without a login round trip; throws before first-run. */
  adminToken(): string;
  /** Adds a runner to a scale set (GARM then refuses to delete it); returns the runner name. */
  addRunner(scaleSetId: number): string;
  /** Removes all runners of a scale set. */
  removeRunners(scaleSetId: number): void;
  /**
   * Makes GitHub "lose" a scale set: GARM's DELETE answers 200 and keeps the record until GARM's
   * worker re-creates it on GitHub (see `recreateLostScaleSetMs`); the next DELETE then succeeds.
   */
  loseGithubScaleSet(scaleSetId: number): void;
  /**
   * Makes the GitHub of an org (`my-org`) or repository (`owner/name`) fail; `undefined` clears it.
   * Scale set create and delete on that entity (and updates GARM pushes to GitHub) then answer a
   * bare 500 and change nothing; with `hang` they, and org/repo create, never answer.
   */
  setForgeFailure(entity: string, failure: ForgeFailure | undefined): void;
  /** GitHub now has `count` jobs assigned to the scale set (GARM's `desired_runner_count`). */
  setAssignedJobs(scaleSetId: number, count: number): void;
  close(): Promise<void>;
}

export class GarmFakeStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GarmFakeStateError";
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): number {
  switch (reply.kind) {
    case "json": {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
      return reply.status;
    }
    case "empty":
      if (reply.status === 204) res.writeHead(204);
      else res.writeHead(reply.status, { "content-type": "application/json", "content-length": 0 });
      res.end();
      return reply.status;
    case "text":
      res.writeHead(reply.status, {
        "content-type": reply.contentType,
        "content-length": Buffer.byteLength(reply.body),
      });
      res.end(reply.body);
      return reply.status;
    case "error":
      return send(res, { kind: "json", status: reply.error.status, body: reply.error.toBody() });
    case "hang":
      // Left open: the client gives up, or close() drops the connection.
      return 0;
  }
}

/** The `error` label GARM puts in its bodies, by status; injected faults default to these. */
const GARM_ERROR_LABELS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Not Authorized",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
};

function faultReply(fault: Extract<Fault, { kind: "status" }>): Reply {
  if (fault.body !== undefined) return { kind: "json", status: fault.status, body: fault.body };
  return {
    kind: "error",
    error: new ApiError(fault.status, GARM_ERROR_LABELS[fault.status] ?? "Server error", ""),
  };
}

function splitUrl(rawUrl: string): { path: string; query: URLSearchParams } {
  const mark = rawUrl.indexOf("?");
  if (mark === -1) return { path: rawUrl, query: new URLSearchParams() };
  return { path: rawUrl.slice(0, mark), query: new URLSearchParams(rawUrl.slice(mark + 1)) };
}

/** First-run and controller URLs done ahead of time, as the options ask. */
function seedStore(store: Store, options: GarmFakeOptions): void {
  seedSystemTemplates(store);
  if (options.initialised) {
    store.createUser({
      username: options.initialised.username,
      password: options.initialised.password,
      email: options.initialised.email ?? `${options.initialised.username}@example.com`,
      fullName: options.initialised.fullName ?? "",
    });
  }
  if (options.urls) {
    store.controller.metadataUrl = options.urls.metadataUrl;
    store.controller.callbackUrl = options.urls.callbackUrl;
    store.controller.webhookUrl = options.urls.webhookUrl;
  }
}

function buildRouter(store: Store, options: GarmFakeOptions, authOptions: { jwtTtlSeconds: number }): Router {
  const router = new Router();
  registerAuthRoutes(router, store, authOptions);
  registerControllerRoutes(router, store);
  registerProviderRoutes(router, options.providers ?? []);
  registerEndpointRoutes(router, store);
  registerCredentialsRoutes(router, store);
  registerEntityRoutes(router, store);
  registerScaleSetRoutes(router, store);
  registerTemplateRoutes(router, store);
  registerMetricsRoutes(router, store, options.metricsAuth === false ? "open" : "metrics");
  if (options.fakeControl === true) registerFakeControlRoutes(router, store);
  return router;
}

/** The parts of a running fake the HTTP handler and the test controls share. */
interface FakeParts {
  readonly store: Store;
  readonly router: Router;
  readonly recorder: RequestRecorder;
  readonly faults: FaultInjector;
  readonly authOptions: { readonly jwtTtlSeconds: number };
  /** GARM's GitHub worker, run before each request and snapshot. */
  readonly runGithubWorker: () => void;
  /** Saves the database after a request that may have changed it (no-op without a state file). */
  readonly persist: () => void;
}

/** One HTTP request: an injected fault if one matches, else GARM's behaviour; recorded either way. */
async function handleRequest(parts: FakeParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { recorder } = parts;
  const method = (req.method ?? "GET").toUpperCase();
  const { path, query } = splitUrl(req.url ?? "/");
  const bodyText = await readBody(req);
  const base = { method, path, query: Object.fromEntries(query), body: recordableBody(bodyText) };
  const fault = parts.faults.take(method, path);
  if (fault?.kind === "hang") {
    recorder.record({ ...base, status: 0, fault: "hang" });
    return;
  }
  if (fault?.kind === "reset") {
    recorder.record({ ...base, status: 0, fault: "reset" });
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "status") {
    recorder.record({ ...base, status: send(res, faultReply(fault)), fault: "status" });
    return;
  }
  parts.runGithubWorker();
  const reply = await dispatch(parts.router, parts.store, {
    method,
    path,
    query,
    headers: req.headers,
    bodyText,
  });
  if (method !== "GET" && method !== "HEAD") parts.persist();
  recorder.record({ ...base, status: send(res, reply) });
}

/** Listens where asked (default 127.0.0.1 with an OS-assigned port); returns the port. */
async function listen(server: Server, at: { host: string; port: number }): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(at.port, at.host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server, faults: FaultInjector): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    faults.clear();
    server.close((error) => (error ? reject(error) : resolve()));
    // Hung requests and idle keep-alive sockets would keep close() waiting for ever.
    server.closeAllConnections();
  });
}

function setForgeFailure(store: Store, entity: string, failure: ForgeFailure | undefined): void {
  if (!isForgeEntity(entity))
    throw new GarmFakeStateError(`forge entity must be "org" or "owner/name", got ${JSON.stringify(entity)}`);
  // The same spelling forgeKey gives an org or a repository.
  const key = entity.toLowerCase();
  if (failure === undefined) store.forgeFailures.delete(key);
  else if (FORGE_FAILURES.includes(failure)) store.forgeFailures.set(key, failure);
  else throw new GarmFakeStateError(`unknown forge failure ${JSON.stringify(failure)}`);
}

/** What tests do to the fake's state directly, bypassing the API. */
function stateControls(
  parts: FakeParts,
): Pick<
  GarmFake,
  "adminToken" | "addRunner" | "removeRunners" | "loseGithubScaleSet" | "setForgeFailure" | "setAssignedJobs"
> {
  const { store } = parts;
  const scaleSet = (id: number) => {
    const set = store.scaleSets.get(id);
    if (!set) throw new GarmFakeStateError(`the fake has no scale set with id ${id}`);
    return set;
  };
  return {
    adminToken: () => {
      if (!store.user) throw new GarmFakeStateError("the fake has no admin user yet: run first-run first");
      return issueLoginToken(store, parts.authOptions, store.user);
    },
    addRunner: (id) => {
      const set = scaleSet(id);
      const name = `${set.runnerPrefix}-${Math.random().toString(36).slice(2, 14)}`;
      set.instances.push({ name, agentId: store.allocateAgentId(), createdAt: new Date().toISOString() });
      return name;
    },
    removeRunners: (id) => {
      scaleSet(id).instances = [];
    },
    loseGithubScaleSet: (id) => {
      scaleSet(id).lostOnGithubAt = Date.now();
    },
    setForgeFailure: (entity, failure) => setForgeFailure(store, entity, failure),
    setAssignedJobs: (id, count) => {
      if (!setAssignedJobs(store, id, count))
        throw new GarmFakeStateError(`the fake has no scale set with id ${id}`);
    },
  };
}

/** Starts a GARM fake on 127.0.0.1 with an OS-assigned port. */
export async function startGarmFake(options: GarmFakeOptions = {}): Promise<GarmFake> {
  const store = new Store(
    options.jwtSecret === undefined ? undefined : Buffer.from(options.jwtSecret, "utf8"),
  );
  const authOptions = { jwtTtlSeconds: options.jwtTtlSeconds ?? 86_400 };
  const recreateMs = options.recreateLostScaleSetMs ?? DEFAULT_RECREATE_LOST_SCALE_SET_MS;
  if (!(recreateMs >= 0)) throw new RangeError(`recreateLostScaleSetMs must be >= 0, got ${recreateMs}`);
  const stateFile = options.stateFile;
  if (stateFile === undefined || !loadStore(store, stateFile)) seedStore(store, options);
  const persist = (): void => {
    if (stateFile !== undefined) saveStore(store, stateFile);
  };
  persist();
  const parts: FakeParts = {
    store,
    router: buildRouter(store, options, authOptions),
    recorder: new RequestRecorder(options.onRequest),
    faults: new FaultInjector(),
    authOptions,
    runGithubWorker: () => recreateLostScaleSets(store, Date.now(), recreateMs),
    persist,
  };
  const server = createServer((req, res) => {
    handleRequest(parts, req, res).catch(() => {
      if (!res.headersSent) send(res, { kind: "error", error: new ApiError(500, "Server error", "") });
      else res.destroy();
    });
  });
  const at = options.listen ?? { host: "127.0.0.1", port: 0 };
  const port = await listen(server, at);
  const host = at.host === "0.0.0.0" || at.host === "" ? "127.0.0.1" : at.host;
  return {
    url: `http://${host}:${port}`,
    get requests() {
      return parts.recorder.requests;
    },
    clearRequests: () => parts.recorder.clear(),
    injectFault: (spec) => parts.faults.inject(spec),
    snapshot: () => {
      parts.runGithubWorker();
      return snapshotOf(store);
    },
    ...stateControls(parts),
    close: () => closeServer(server, parts.faults),
  };
}

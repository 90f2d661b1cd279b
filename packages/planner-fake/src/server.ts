import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveApi } from "./api-routes.js";
import { CONTROL_PREFIX, serveControl } from "./control-routes.js";
import { PlannerFakeCore } from "./core.js";
import type { PlannerFakeControls } from "./core.js";
import { PlannerFakeError } from "./errors.js";
import type { PlannerFakeFlavor } from "./flavors.js";

export interface PlannerFakeOptions {
  /** The general (relation) token every API route accepts. */
  readonly token: string;
  /** The admin token; also accepted everywhere, and the only one `GET /api/v1/flavors` takes. */
  readonly adminToken?: string;
  /** Flavors to start with: names (defaults for everything else) or full descriptions. */
  readonly flavors?: readonly (string | PlannerFakeFlavor)[];
  /** Address to listen on; default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** Port; default 0 (the OS picks one). */
  readonly port?: number;
  /** Serve the API under this path (`/planner`), as behind an ingress; default none. */
  readonly prefix?: string;
  /** Heartbeat interval (the planner's is 30 s); default 30000. */
  readonly heartbeatMs?: number;
}

export interface PlannerFake extends PlannerFakeControls {
  /** The endpoint a client is given: origin plus prefix, no trailing slash (`http://127.0.0.1:1234/planner`). */
  readonly url: string;
  /** Where the control endpoint lives (`http://127.0.0.1:1234`); `/_control/...` below it. */
  readonly controlUrl: string;
  close(): Promise<void>;
}

/** `/planner/` and `planner` both become `/planner`; empty stays empty. */
function normalisePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "" : `/${trimmed}`;
}

/** The path below the prefix, or undefined when the request is outside it (an ingress 404). */
function pathBelow(prefix: string, path: string): string | undefined {
  if (prefix === "") return path;
  if (path === prefix) return "/";
  return path.startsWith(prefix + "/") ? path.slice(prefix.length) : undefined;
}

function route(
  core: PlannerFakeCore,
  prefix: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = req.url ?? "/";
  const mark = raw.indexOf("?");
  const path = mark === -1 ? raw : raw.slice(0, mark);
  if (path.startsWith(CONTROL_PREFIX)) return serveControl(core, req, res, path);
  const below = pathBelow(prefix, path);
  if (below === undefined) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404 page not found\n");
  } else {
    serveApi(core, req, res, below);
  }
  return Promise.resolve();
}

/** Starts the planner fake. */
export async function startPlannerFake(options: PlannerFakeOptions): Promise<PlannerFake> {
  const core = new PlannerFakeCore({
    token: options.token,
    adminToken: options.adminToken,
    flavors: options.flavors ?? [],
    heartbeatMs: options.heartbeatMs ?? 30_000,
  });
  const prefix = normalisePrefix(options.prefix);
  const server = createServer((req, res) => {
    route(core, prefix, req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("internal server error\n");
    });
  });
  await listen(server, options.host ?? "127.0.0.1", options.port ?? 0).catch((error: unknown) => {
    core.close();
    throw error;
  });
  const { address, port, family } = server.address() as AddressInfo;
  const host = family === "IPv6" ? `[${address}]` : address;
  const origin = `http://${host}:${port}`;
  return bindControls(core, {
    url: origin + prefix,
    controlUrl: origin,
    close: async () => {
      core.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new PlannerFakeError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    server.listen(port, host, () => resolve());
  });
}

function bindControls(
  core: PlannerFakeCore,
  base: Pick<PlannerFake, "url" | "controlUrl" | "close">,
): PlannerFake {
  return {
    ...base,
    setPressure: (flavor, pressure) => core.setPressure(flavor, pressure),
    addFlavor: (flavor) => core.addFlavor(flavor),
    removeFlavor: (name) => core.removeFlavor(name),
    dropStreams: (mode) => core.dropStreams(mode),
    stallStreams: () => core.stallStreams(),
    sendEmpty: () => core.sendEmpty(),
    refuseAuth: (on) => core.refuseAuth(on),
    heartbeat: () => core.heartbeat(),
    state: () => core.state(),
  };
}

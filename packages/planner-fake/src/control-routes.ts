/**
 * The control endpoint (`/_control/...`, at the server root whatever the API prefix): the same
 * operations as the programmatic API, for a separate process (a stand-in charm, the demo).
 * Guarded by the fake's token (or admin token), and not affected by `refuseAuth`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import { checkBearer } from "./auth.js";
import type { PlannerFakeCore } from "./core.js";
import { PlannerFakeError } from "./errors.js";

export const CONTROL_PREFIX = "/_control/";
const MAX_BODY_BYTES = 64 * 1024;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const flavorName = z.string().min(1);

const schemas = {
  pressure: z.object({ flavor: flavorName, pressure: count }).strict(),
  flavor: z
    .object({
      name: flavorName,
      platform: z.string().optional(),
      labels: z.array(z.string()).optional(),
      priority: z.number().int().optional(),
      isDisabled: z.boolean().optional(),
      minimumPressure: count.optional(),
      pressure: count.optional(),
    })
    .strict(),
  drop: z.object({ mode: z.enum(["eof", "reset"]).optional() }).strict(),
  refuse: z.object({ on: z.boolean() }).strict(),
  none: z.object({}).strict(),
};

type Operation = (core: PlannerFakeCore, body: unknown, arg: string) => void;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  "GET state": () => undefined,
  "POST pressure": (core, body) => {
    const { flavor, pressure } = schemas.pressure.parse(body);
    core.setPressure(flavor, pressure);
  },
  "POST flavors": (core, body) => core.addFlavor(schemas.flavor.parse(body)),
  "DELETE flavors": (core, _body, name) => core.removeFlavor(name),
  "POST drop-streams": (core, body) => core.dropStreams(schemas.drop.parse(body).mode),
  "POST stall-streams": (core, body) => (schemas.none.parse(body), core.stallStreams()),
  "POST send-empty": (core, body) => (schemas.none.parse(body), core.sendEmpty()),
  "POST refuse-auth": (core, body) => core.refuseAuth(schemas.refuse.parse(body).on),
  "POST heartbeat": (core, body) => (schemas.none.parse(body), core.heartbeat()),
};

function reply(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PlannerFakeError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new PlannerFakeError("the body is not JSON");
  }
}

function describeFailure(error: unknown): string | undefined {
  if (error instanceof PlannerFakeError) return error.message;
  if (error instanceof z.ZodError) return z.prettifyError(error).replace(/\n/g, "; ");
  if (error instanceof URIError) return "the path has a malformed %-escape";
  return undefined;
}

/** Serves `/_control/<operation>[/<arg>]`; answers the fake's state as JSON after the operation. */
export async function serveControl(
  core: PlannerFakeCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const outcome = checkBearer(req.headers.authorization, { ...core.auth, refusing: false });
  if (outcome !== "admin" && outcome !== "general") return reply(res, 401, { error: "unauthorized" });
  const [operation = "", ...rest] = path.slice(CONTROL_PREFIX.length).split("/");
  const run = OPERATIONS[`${req.method ?? ""} ${operation}`];
  if (run === undefined) return reply(res, 404, { error: `no control operation ${req.method} ${operation}` });
  try {
    run(core, await readJson(req), decodeURIComponent(rest.join("/")));
  } catch (error) {
    const message = describeFailure(error);
    if (message === undefined) throw error;
    return reply(res, 400, { error: message });
  }
  reply(res, 200, core.state());
}

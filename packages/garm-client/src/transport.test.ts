import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "@garm-charms/undici-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GarmApiError, GarmUnavailableError } from "./errors.js";
import { GarmTransport } from "./transport.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A bare HTTP server whose next answers the test scripts; records what arrived. */
class ScriptedServer {
  readonly seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];
  handlers: Handler[] = [];
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        this.seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          authorization: req.headers.authorization,
          body,
        });
        const handler = this.handlers.shift();
        if (handler === undefined) {
          res.writeHead(200, { "content-type": "application/json" }).end("[]");
          return;
        }
        handler(req, res, body);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

const json =
  (status: number, body: unknown): Handler =>
  (_req, res) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

describe("GarmTransport", () => {
  const server = new ScriptedServer();
  const agent = new Agent();
  let transport: GarmTransport;
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await server.listen();
    transport = new GarmTransport({
      baseUrl: `${baseUrl}/api/v1/`,
      timeoutMs: 1_000,
      readRetries: 2,
      retryDelayMs: 10,
      dispatcher: agent,
    });
  });
  afterAll(async () => {
    await agent.close();
    await server.close();
  });

  it("sends JSON with the bearer token under /api/v1 and the query without undefined values", async () => {
    server.handlers = [json(200, { ok: true })];
    const res = await transport.send({
      method: "POST",
      path: "/templates",
      query: { osType: "linux", partialName: undefined },
      body: { name: "t" },
      token: "tok",
    });
    expect(res).toEqual({ status: 200, text: '{"ok":true}' });
    expect(server.seen.at(-1)).toEqual({
      method: "POST",
      url: "/api/v1/templates?osType=linux",
      authorization: "Bearer tok",
      body: '{"name":"t"}',
    });
  });

  it("turns GARM's error body into a GarmApiError without quoting the request body", async () => {
    server.handlers = [json(401, { error: "Not Authorized", details: "" })];
    const error = await transport
      .send({ method: "POST", path: "/auth/login", body: { password: "hunter2-secret" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarmApiError);
    expect((error as GarmApiError).isUnauthorised).toBe(true);
    expect((error as GarmApiError).message).not.toContain("hunter2-secret");
  });

  it("reads a text/plain error body as the code", async () => {
    server.handlers = [
      (_req, res) => res.writeHead(401, { "content-type": "text/plain" }).end("Unauthorized\n"),
    ];
    const error = await transport
      .send({ method: "GET", path: "/templates", retry: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "Unauthorized", details: "" });
  });

  it("retries a GET after a 5xx and succeeds", async () => {
    server.handlers = [json(503, { error: "Server error", details: "" }), json(200, [])];
    const before = server.seen.length;
    await expect(transport.send({ method: "GET", path: "/scalesets" })).resolves.toEqual({
      status: 200,
      text: "[]",
    });
    expect(server.seen.length - before).toBe(2);
  });

  it("does not retry writes: a 5xx on POST surfaces at once as server-error", async () => {
    server.handlers = [json(500, { error: "Server error", details: "" }), json(200, {})];
    const before = server.seen.length;
    const error = await transport
      .send({ method: "POST", path: "/templates", body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarmUnavailableError);
    expect(error).toMatchObject({ reason: "server-error", status: 500, code: "Server error" });
    expect(server.seen.length - before).toBe(1);
    server.handlers = [];
  });

  it("gives up on a hanging server within the timeout and does not retry it", async () => {
    server.handlers = [() => undefined];
    const before = server.seen.length;
    const started = performance.now();
    const error = await transport.send({ method: "GET", path: "/providers" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GarmUnavailableError", reason: "timeout" });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.seen.length - before).toBe(1);
  });

  it("reports a connection closed mid-request as reset", async () => {
    server.handlers = [(req) => req.socket.destroy()];
    const error = await transport
      .send({ method: "PUT", path: "/controller", body: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GarmUnavailableError", reason: "reset" });
  });

  it("reports a closed port as refused, after the read retries", async () => {
    const closed = new ScriptedServer();
    const url = await closed.listen();
    await closed.close();
    const refused = new GarmTransport({
      baseUrl: url,
      timeoutMs: 1_000,
      readRetries: 1,
      retryDelayMs: 5,
      dispatcher: agent,
    });
    const error = await refused.send({ method: "GET", path: "/providers" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GarmUnavailableError", reason: "refused" });
  });
});

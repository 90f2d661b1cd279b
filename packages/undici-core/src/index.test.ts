import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

import * as undici from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Agent, request } from "./index.js";

/** Echoes method, path and body back as JSON. */
function echoServer(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString() }));
    });
  });
}

function listen(server: Server, where: number | string): Promise<void> {
  return new Promise((resolve) => {
    if (typeof where === "string") server.listen(where, resolve);
    else server.listen(where, "127.0.0.1", resolve);
  });
}

describe("undici-core", () => {
  const tcp = echoServer();
  const unix = echoServer();
  const dir = mkdtempSync(join(tmpdir(), "undici-core-"));
  const socketPath = join(dir, "echo.socket");
  let port = 0;

  beforeAll(async () => {
    await listen(tcp, 0);
    await listen(unix, socketPath);
    const address = tcp.address();
    port = typeof address === "object" && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => tcp.close(resolve));
    await new Promise((resolve) => unix.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("is undici's own Agent class, not a copy", () => {
    expect(Agent).toBe(undici.Agent);
  });

  it("sends a request with its query and body over TCP", async () => {
    const agent = new Agent();
    try {
      const response = await request(agent, `http://127.0.0.1:${String(port)}/v1/things?name=a%20b`, {
        method: "POST",
        body: "payload",
      });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toEqual({
        method: "POST",
        url: "/v1/things?name=a%20b",
        body: "payload",
      });
    } finally {
      await agent.close();
    }
  });

  it("sends a request over a unix socket", async () => {
    const agent = new Agent({ connect: { socketPath } });
    try {
      const response = await request(agent, "http://localhost/v1/system-info", { method: "GET" });
      expect(await response.body.json()).toEqual({ method: "GET", url: "/v1/system-info", body: "" });
    } finally {
      await agent.close();
    }
  });

  it("rejects with undici's connection error when nothing listens", async () => {
    const agent = new Agent({ connect: { socketPath: join(dir, "absent.socket") } });
    try {
      await expect(request(agent, "http://localhost/", { method: "GET" })).rejects.toMatchObject({
        code: "ENOENT",
      });
    } finally {
      await agent.close();
    }
  });
});

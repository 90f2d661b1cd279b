import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { PebbleClient } from "./client.js";
import { readingAhead, startPebbleReads } from "./read-ahead.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sync = (result: unknown) => JSON.stringify({ type: "sync", "status-code": 200, status: "OK", result });

/** A Pebble answering the reads of a reconcile; returns its socket and the requests it saw. */
async function pebble(): Promise<{ socketPath: string; seen: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "pebble-ahead-"));
  const socketPath = join(dir, "pebble.socket");
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(`http://localhost${req.url ?? ""}`);
    seen.push(`${req.method ?? ""} ${url.pathname}${url.search}`);
    res.writeHead(200, { "Content-Type": "application/json" });
    if (url.pathname === "/v1/system-info") res.end(sync({ version: "v1.19.0", "boot-id": "b" }));
    else if (url.pathname === "/v1/plan") res.end(sync("services: {}\n"));
    else if (url.pathname === "/v1/services")
      res.end(sync([{ name: "garm", startup: "enabled", current: "active" }]));
    else res.end(sync([]));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  return { socketPath, seen };
}

function client(socketPath: string): PebbleClient {
  const made = new PebbleClient({ socketPath, timeoutMs: 2_000 });
  cleanups.push(() => made.close());
  return made;
}

const PLAN = {
  workload: { plan: true, services: ["garm"], files: ["/etc/garm"] },
  sidecar: { plan: true },
};

describe("reading Pebble ahead", () => {
  it("reads every container's system info and what the plan names, once: the client keeps the answers", async () => {
    const workload = await pebble();
    const clients = {
      workload: client(workload.socketPath),
      sidecar: client(join(tmpdir(), "no-pebble-here.socket")),
    };
    await startPebbleReads((name) => clients[name as keyof typeof clients], PLAN);
    expect(workload.seen.sort()).toEqual([
      "GET /v1/files?action=list&path=%2Fetc%2Fgarm",
      "GET /v1/plan?format=yaml",
      "GET /v1/services?names=garm",
      "GET /v1/system-info",
    ]);
    // The charm's own reads of the same things are answered from the client.
    expect(await clients.workload.canConnect()).toBe(true);
    await clients.workload.getPlan();
    await clients.workload.getServices(["garm"]);
    await clients.workload.listFiles("/etc/garm");
    expect(workload.seen).toHaveLength(4);
    // A Pebble that does not answer is asked again by the charm's read (nothing failed is kept).
    expect(await clients.sidecar.canConnect()).toBe(false);
  });

  it("skips a container it has no client for, and never rejects", async () => {
    const workload = await pebble();
    const clientOf = (name: string): PebbleClient => {
      if (name === "sidecar") throw new Error("no such container");
      return client(workload.socketPath);
    };
    await expect(startPebbleReads(clientOf, PLAN)).resolves.toBeUndefined();
    expect(workload.seen).toHaveLength(4);
  });

  it("hands the runtime the clients whose reads it started, once each, and connects afresh otherwise", async () => {
    const workload = await pebble();
    const made: PebbleClient[] = [];
    const connect = (socketPath: string): PebbleClient => {
      const fresh = client(socketPath);
      made.push(fresh);
      return fresh;
    };
    const paths: Record<string, string> = {
      workload: workload.socketPath,
      sidecar: "/nowhere/pebble.socket",
    };
    const connector = readingAhead(connect, PLAN, (name) => paths[name] ?? "");
    expect(made).toHaveLength(2);
    const first = connector(workload.socketPath);
    expect(first).toBe(made[0]);
    await first.getPlan();
    expect(workload.seen.filter((request) => request.startsWith("GET /v1/plan"))).toHaveLength(1);
    expect(connector(workload.socketPath)).not.toBe(first);
    expect(connector("/other/pebble.socket")).toBe(made.at(-1));
  });
});

/**
 * The client against a tiny hand-written server that answers envelopes copied from Pebble's
 * documented wire format, so the client is not only tested against our own fake.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PebbleClient } from "./client.js";
import {
  PebbleApiError,
  PebbleChangeError,
  PebbleChangeNotFoundError,
  PebbleConnectionError,
  PebbleEncodingError,
  PebblePathError,
  PebbleProtocolError,
  PebbleRequestError,
  PebbleTimeoutError,
} from "./errors.js";
import { boundaryOf, parseMultipart } from "./multipart.js";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

type Handler = (req: Seen, res: ServerResponse) => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: Handler): Promise<{ client: PebbleClient; seen: Seen[]; socketPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), "pebble-raw-"));
  const socketPath = join(dir, "pebble.socket");
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const client = new PebbleClient({ socketPath, timeoutMs: 1_000, changeTimeoutMs: 3_000 });
  cleanups.push(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  return { client, seen, socketPath };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

const sync = (result: unknown) => ({ type: "sync", "status-code": 200, status: "OK", result });
const error = (status: number, statusText: string, message: string, kind?: string) => ({
  type: "error",
  "status-code": status,
  status: statusText,
  result: kind === undefined ? { message } : { message, kind },
});
const change = (id: string, ready: boolean, err?: string) => ({
  id,
  kind: "start",
  summary: 'Start service "web"',
  status: ready ? (err ? "Error" : "Done") : "Doing",
  ready,
  ...(err ? { err } : {}),
  "spawn-time": "2026-01-01T00:00:00Z",
  ...(ready ? { "ready-time": "2026-01-01T00:00:01Z" } : {}),
  tasks: [
    {
      id: "1",
      kind: "start",
      summary: 'Start service "web"',
      status: ready ? "Done" : "Doing",
      progress: { label: "", done: 1, total: 1 },
      "spawn-time": "2026-01-01T00:00:00Z",
    },
  ],
});

describe("PebbleClient against hand-written envelopes", () => {
  it("parses a sync answer and sends Accept: application/json", async () => {
    const { client, seen } = await serve((_req, res) => {
      json(res, 200, sync({ version: "v1.19.0", "boot-id": "b-1" }));
    });
    expect(await client.systemInfo()).toEqual({
      version: "v1.19.0",
      bootId: "b-1",
      httpAddress: undefined,
      httpsAddress: undefined,
    });
    expect(seen[0]?.url).toBe("/v1/system-info");
    expect(seen[0]?.headers.accept).toBe("application/json");
    expect(await client.canConnect()).toBe(true);
  });

  it("turns an error envelope into PebbleApiError with status code and kind", async () => {
    const { client } = await serve((_req, res) => {
      json(res, 400, error(400, "Bad Request", "no default services", "no-default-services"));
    });
    const failure = await client.autostart().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleApiError);
    expect(failure).toMatchObject({
      statusCode: 400,
      kind: "no-default-services",
      apiMessage: "no default services",
    });
  });

  it("waits for an async change, retrying after a 504 wait timeout", async () => {
    let waits = 0;
    const { client, seen } = await serve((req, res) => {
      if (req.method === "POST" && req.url === "/v1/services") {
        json(res, 202, { type: "async", "status-code": 202, status: "Accepted", change: "42" });
      } else if (req.url.startsWith("/v1/changes/42/wait")) {
        waits++;
        if (waits === 1) json(res, 504, error(504, "Gateway Timeout", "timed out waiting for change"));
        else json(res, 200, sync(change("42", true)));
      } else {
        json(res, 404, error(404, "Not Found", "not found"));
      }
    });
    const done = await client.startServices(["web"]);
    expect(done).toMatchObject({ id: "42", ready: true, status: "Done" });
    expect(JSON.parse(seen[0]!.body.toString())).toEqual({ action: "start", services: ["web"] });
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(waits).toBe(2);
    // Each wait is bounded below the 1 s request timeout, as a Go duration.
    expect(seen[1]?.url).toBe("/v1/changes/42/wait?timeout=0.500s");
  });

  it("throws PebbleChangeError carrying the change's err", async () => {
    const { client } = await serve((req, res) => {
      if (req.method === "POST")
        json(res, 202, { type: "async", "status-code": 202, status: "Accepted", change: "7" });
      else json(res, 200, sync({ ...change("7", true, "cannot start service: exited quickly with code 1") }));
    });
    const failure = await client.replan().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleChangeError);
    expect(failure).toMatchObject({ changeId: "7", err: "cannot start service: exited quickly with code 1" });
  });

  it("reports an unknown change id clearly when wait and get both answer 404", async () => {
    const { client, seen } = await serve((_req, res) => {
      json(res, 404, error(404, "Not Found", 'cannot find change with id "99"'));
    });
    const failure = await client.waitChange("99").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleChangeNotFoundError);
    expect((failure as Error).message).toContain("no change with id 99");
    expect(seen.map((s) => s.url)).toEqual(["/v1/changes/99/wait?timeout=0.500s", "/v1/changes/99"]);
  });

  it("polls GET /v1/changes/{id} on a Pebble without /wait", async () => {
    let gets = 0;
    const { client } = await serve((req, res) => {
      if (req.url.includes("/wait")) {
        json(res, 404, error(404, "Not Found", "not found"));
        return;
      }
      gets++;
      json(res, 200, sync(change("5", gets >= 2)));
    });
    expect(await client.waitChange("5")).toMatchObject({ id: "5", ready: true });
    expect(gets).toBe(2);
  });

  it("gives up waiting after the overall change timeout", async () => {
    const { client } = await serve((_req, res) => {
      json(res, 504, error(504, "Gateway Timeout", "timed out"));
    });
    await expect(client.waitChange("3", 300)).rejects.toBeInstanceOf(PebbleTimeoutError);
  });

  it("times out a request that never gets an answer", async () => {
    const { client } = await serve(() => {
      // Never answer.
    });
    const failure = await client.getServices().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleTimeoutError);
    expect(failure).toMatchObject({ timeoutMs: 1_000 });
  });

  it("rejects an answer that is not a Pebble envelope", async () => {
    const { client } = await serve((_req, res) => json(res, 200, { hello: "world" }));
    await expect(client.getServices()).rejects.toBeInstanceOf(PebbleProtocolError);
  });

  it("rejects a sync result of the wrong shape", async () => {
    const { client } = await serve((_req, res) => json(res, 200, sync([{ name: "web" }])));
    await expect(client.getServices()).rejects.toBeInstanceOf(PebbleProtocolError);
  });

  it("reports connection errors, and canConnect is false, when no socket exists", async () => {
    const client = new PebbleClient({ socketPath: join(tmpdir(), "no-such-dir-pebble", "pebble.socket") });
    cleanups.push(() => client.close());
    expect(await client.canConnect()).toBe(false);
    const failure = await client.getPlan().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleConnectionError);
    expect(failure).toMatchObject({ code: "ENOENT" });
  });

  it("reports connection refused, and canConnect is false, on a socket nobody listens on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pebble-stale-"));
    const socketPath = join(dir, "pebble.socket");
    // A killed process leaves its socket file behind: connecting to it is refused.
    const child = spawn(process.execPath, [
      "-e",
      `require("net").createServer().listen(${JSON.stringify(socketPath)})`,
    ]);
    while (!existsSync(socketPath)) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const client = new PebbleClient({ socketPath });
    cleanups.push(async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expect(await client.canConnect()).toBe(false);
    await expect(client.getServices()).rejects.toMatchObject({
      name: "PebbleConnectionError",
      code: "ECONNREFUSED",
    });
  });

  it("pulls binary content from a multipart answer with an escaped filename", async () => {
    const path = '/etc/we"ird\\name';
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const boundary = "0123456789abcdef0123456789abcdef";
    const { client, seen } = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": `multipart/form-data; boundary=${boundary}` });
      res.end(
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="/etc/we\\"ird\\\\name"\r\n` +
              `Content-Type: application/octet-stream\r\n\r\n`,
          ),
          bytes,
          Buffer.from(
            `\r\n--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n` +
              JSON.stringify(sync([{ path }])) +
              `\r\n--${boundary}--\r\n`,
          ),
        ]),
      );
    });
    const pulled = await client.pull(path, { encoding: null });
    expect(Buffer.from(pulled).equals(bytes)).toBe(true);
    expect(seen[0]?.headers.accept).toBe("multipart/form-data");
    expect(new URL(`http://x${seen[0]!.url}`).searchParams.get("path")).toBe(path);
    // Bytes 0x80.. are not UTF-8: a string pull refuses instead of mangling them.
    await expect(client.pull(path)).rejects.toBeInstanceOf(PebbleEncodingError);
  });

  it("trusts the response part's per-path error over partial content", async () => {
    const boundary = "abcdefabcdefabcdefabcdefabcdefabcdef";
    const { client } = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": `multipart/form-data; boundary=${boundary}` });
      res.end(
        `--${boundary}\r\nContent-Disposition: form-data; name="response"\r\n\r\n` +
          JSON.stringify(
            sync([{ path: "/x", error: { kind: "not-found", message: "stat /x: no such file" } }]),
          ) +
          `\r\n--${boundary}--\r\n`,
      );
    });
    const failure = await client.pull("/x").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebblePathError);
    expect(failure).toMatchObject({ path: "/x", kind: "not-found" });
  });

  it("reports a JSON error answer to a pull as PebbleApiError", async () => {
    const { client } = await serve((_req, res) => {
      json(res, 400, error(400, "Bad Request", 'must specify "path"'));
    });
    await expect(client.pull("/x")).rejects.toMatchObject({
      statusCode: 400,
      apiMessage: 'must specify "path"',
    });
  });

  it("pushes a request part then a files part, with a long boundary and escaped filename", async () => {
    const path = '/srv/a"b\\c';
    const { client, seen } = await serve((_req, res) => json(res, 200, sync([{ path }])));
    await client.push(path, new Uint8Array([0, 255, 13, 10]), {
      permissions: 0o600,
      user: "garm",
      group: "garm",
    });
    const req = seen[0]!;
    const boundary = boundaryOf(req.headers["content-type"]);
    expect(boundary?.length).toBeGreaterThanOrEqual(32);
    expect(req.body.toString("latin1")).toContain('filename="/srv/a\\"b\\\\c"');
    const parts = parseMultipart(req.body, boundary!);
    expect(parts.map((p) => p.name)).toEqual(["request", "files"]);
    expect(JSON.parse(parts[0]!.body.toString())).toEqual({
      action: "write",
      files: [{ path, permissions: "600", user: "garm", group: "garm" }],
    });
    expect(parts[1]?.filename).toBe(path);
    expect([...parts[1]!.body]).toEqual([0, 255, 13, 10]);
  });

  it("turns a per-item push error into PebblePathError without the file content", async () => {
    const { client } = await serve((_req, res) =>
      json(
        res,
        200,
        sync([
          { path: "/a/b", error: { kind: "not-found", message: "open /a/b: no such file or directory" } },
        ]),
      ),
    );
    const failure = await client.push("/a/b", "s3cret-content").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebblePathError);
    expect((failure as Error).message).not.toContain("s3cret-content");
  });

  it("validates layers before sending anything", async () => {
    const { client, seen } = await serve((_req, res) => json(res, 200, sync(true)));
    await expect(client.addLayer("pebble-x", { services: {} })).rejects.toBeInstanceOf(PebbleRequestError);
    await expect(client.addLayer("garm", { services: { garm: { command: "garm" } } })).rejects.toThrow(
      /override/,
    );
    await expect(client.push("/a", "x", { permissions: 0o1777 })).rejects.toBeInstanceOf(PebbleRequestError);
    expect(seen).toHaveLength(0);
  });
});

describe("PebbleClient requests and answers for every endpoint it uses", () => {
  const stopped = { type: "async", "status-code": 202, status: "Accepted", change: "9" };

  function route(req: Seen, res: ServerResponse): void {
    const url = new URL(`http://localhost${req.url}`);
    const key = `${req.method} ${url.pathname}`;
    switch (key) {
      case "GET /v1/system-info":
        json(res, 200, sync({ version: "v1.19.0", "boot-id": "b-1" }));
        return;
      case "GET /v1/plan":
        json(
          res,
          200,
          sync(
            "services:\n  garm:\n    override: replace\n    command: /bin/garm -config /etc/garm/config.toml\n" +
              "    startup: enabled\nchecks:\n  up:\n    override: replace\n    level: ready\n" +
              "    http:\n      url: http://localhost:9997/api/v1/health\n",
          ),
        );
        return;
      case "POST /v1/layers":
        json(res, 200, sync(true));
        return;
      case "GET /v1/services":
        json(
          res,
          200,
          sync([
            {
              name: "garm",
              startup: "enabled",
              current: "active",
              "current-since": "2026-01-01T00:00:00Z",
            },
          ]),
        );
        return;
      case "POST /v1/services":
        json(res, 202, stopped);
        return;
      case "GET /v1/changes/9/wait":
        json(res, 200, sync(change("9", true)));
        return;
      case "GET /v1/files":
        json(
          res,
          200,
          sync([
            {
              path: "/etc/garm/config.toml",
              name: "config.toml",
              type: "file",
              size: 120,
              permissions: "600",
              "last-modified": "2026-01-01T00:00:00Z",
              "user-id": 0,
              user: "root",
              "group-id": 0,
              group: "root",
            },
          ]),
        );
        return;
      case "POST /v1/files":
        json(res, 200, sync([{ path: "/var/lib/garm" }]));
        return;
      case "GET /v1/checks":
        json(
          res,
          200,
          sync([
            {
              name: "up",
              level: "ready",
              startup: "enabled",
              status: "down",
              successes: 0,
              failures: 3,
              threshold: 3,
              "change-id": "12",
            },
          ]),
        );
        return;
      case "GET /v1/notices":
        json(
          res,
          200,
          sync([
            {
              id: "4",
              "user-id": 0,
              type: "custom",
              key: "canonical.com/garm/reload",
              "first-occurred": "2026-01-01T00:00:00Z",
              "last-occurred": "2026-01-01T00:05:00Z",
              "last-repeated": "2026-01-01T00:05:00Z",
              occurrences: 2,
              "last-data": { reason: "config" },
              "repeat-after": "1h0m0s",
            },
          ]),
        );
        return;
      default:
        json(res, 404, error(404, "Not Found", `no route for ${key}`, "not-found"));
    }
  }

  function lastBody(seen: readonly Seen[]): unknown {
    return JSON.parse(seen.at(-1)!.body.toString());
  }

  function lastQuery(seen: readonly Seen[]): URLSearchParams {
    return new URL(`http://localhost${seen.at(-1)!.url}`).searchParams;
  }

  it("reads the plan as YAML with format=yaml", async () => {
    const { client, seen } = await serve(route);
    const plan = await client.getPlan();
    expect(seen[0]?.url).toBe("/v1/plan?format=yaml");
    expect(plan.services["garm"]).toEqual({
      override: "replace",
      command: "/bin/garm -config /etc/garm/config.toml",
      startup: "enabled",
    });
    expect(plan.checks["up"]).toMatchObject({ level: "ready" });
    expect(plan.logTargets).toEqual({});
  });

  it("asks the reads a hook repeats once until it changes something: system info, services, files", async () => {
    const { client, seen } = await serve(route);
    expect(await client.canConnect()).toBe(true);
    expect(await client.canConnect()).toBe(true);
    const services = await client.getServices(["garm"]);
    (services as { current: string }[])[0]!.current = "changed by a caller";
    expect((await client.getServices(["garm"]))[0]?.current).toBe("active");
    await client.getServices();
    await client.listFiles("/etc/garm");
    await client.listFiles("/etc/garm");
    const count = (prefix: string) =>
      seen.filter((s) => s.method === "GET" && s.url.startsWith(prefix)).length;
    expect(count("/v1/system-info")).toBe(1);
    // Other arguments are another read.
    expect(count("/v1/services")).toBe(2);
    expect(count("/v1/files")).toBe(1);
    await client.replan();
    await client.canConnect();
    await client.getServices(["garm"]);
    await client.listFiles("/etc/garm");
    expect([count("/v1/system-info"), count("/v1/services"), count("/v1/files")]).toEqual([2, 3, 2]);
  });

  it("forgets what it read when a request cannot reach Pebble", async () => {
    const { client, seen, socketPath } = await serve(route);
    expect(await client.canConnect()).toBe(true);
    // Pebble goes away in the middle of a hook: its socket is gone.
    rmSync(socketPath);
    await expect(client.getServices(["garm"])).rejects.toMatchObject({ name: "PebbleConnectionError" });
    expect(await client.canConnect()).toBe(false);
    expect(seen.filter((s) => s.url.startsWith("/v1/system-info"))).toHaveLength(1);
  });

  it("reads the plan once until it changes something: a layer added, a replan", async () => {
    const { client, seen } = await serve(route);
    const first = await client.getPlan();
    (first.services as Record<string, unknown>)["garm"] = { command: "changed by a caller" };
    const second = await client.getPlan();
    expect(second.services["garm"]).toMatchObject({ command: "/bin/garm -config /etc/garm/config.toml" });
    expect(seen.filter((s) => s.url.startsWith("/v1/plan"))).toHaveLength(1);
    await client.addLayer("garm", { services: {} }, { combine: true });
    await client.getPlan();
    expect(seen.filter((s) => s.url.startsWith("/v1/plan"))).toHaveLength(2);
  });

  it("adds a layer as YAML text with combine", async () => {
    const { client, seen } = await serve(route);
    await client.addLayer(
      "garm",
      { services: { garm: { override: "replace", command: "/bin/garm", startup: "enabled" } } },
      { combine: true },
    );
    const body = lastBody(seen) as Record<string, unknown>;
    expect(body).toMatchObject({ action: "add", combine: true, label: "garm", format: "yaml" });
    expect(body["layer"]).toContain("override: replace");
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
  });

  it("lists services, filtered by name", async () => {
    const { client, seen } = await serve(route);
    expect(await client.getServices(["garm", "proxy"])).toEqual([
      { name: "garm", startup: "enabled", current: "active", currentSince: "2026-01-01T00:00:00Z" },
    ]);
    expect(lastQuery(seen).get("names")).toBe("garm,proxy");
  });

  it.each([
    ["stop", (c: PebbleClient) => c.stopServices(["garm"]), ["garm"]],
    ["restart", (c: PebbleClient) => c.restartServices(["garm"]), ["garm"]],
    ["replan", (c: PebbleClient) => c.replan(), []],
    ["autostart", (c: PebbleClient) => c.autostart(), []],
  ] as const)("%s posts the service action and waits for its change", async (action, call, services) => {
    const { client, seen } = await serve(route);
    expect(await call(client)).toMatchObject({ id: "9", ready: true });
    expect(JSON.parse(seen[0]!.body.toString())).toEqual({ action, services });
    expect(seen[1]?.url).toMatch(/^\/v1\/changes\/9\/wait\?timeout=/);
  });

  it("lists files with pattern and itself, with numeric permissions", async () => {
    const { client, seen } = await serve(route);
    const [info] = await client.listFiles("/etc/garm", { pattern: "*.toml" });
    expect(info).toEqual({
      path: "/etc/garm/config.toml",
      name: "config.toml",
      type: "file",
      size: 120,
      permissions: 0o600,
      lastModified: "2026-01-01T00:00:00Z",
      userId: 0,
      user: "root",
      groupId: 0,
      group: "root",
    });
    expect(Object.fromEntries(lastQuery(seen))).toEqual({
      action: "list",
      path: "/etc/garm",
      pattern: "*.toml",
    });
    expect(await client.exists("/etc/garm/config.toml")).toBe(true);
    expect(lastQuery(seen).get("itself")).toBe("true");
  });

  it("answers exists() with false on a not-found error", async () => {
    const { client } = await serve((_req, res) =>
      json(res, 404, error(404, "Not Found", "stat /nope: no such file or directory", "not-found")),
    );
    expect(await client.exists("/nope")).toBe(false);
  });

  it("makes directories with parents, permissions and owner", async () => {
    const { client, seen } = await serve(route);
    await client.makeDir("/var/lib/garm", {
      makeParents: true,
      permissions: 0o750,
      userId: 1000,
      group: "garm",
    });
    expect(lastBody(seen)).toEqual({
      action: "make-dirs",
      dirs: [
        { path: "/var/lib/garm", "make-parents": true, permissions: "750", "user-id": 1000, group: "garm" },
      ],
    });
  });

  it("removes a path recursively", async () => {
    const { client, seen } = await serve((_req, res) => json(res, 200, sync([{ path: "/var/lib/garm" }])));
    await client.removePath("/var/lib/garm", { recursive: true });
    expect(lastBody(seen)).toEqual({ action: "remove", paths: [{ path: "/var/lib/garm", recursive: true }] });
  });

  it("pushes with make-dirs, numeric ids and the default permissions left to Pebble", async () => {
    const { client, seen } = await serve((_req, res) => json(res, 200, sync([{ path: "/etc/garm/a" }])));
    await client.push("/etc/garm/a", "x", { makeDirs: true, userId: 1000, groupId: 1000 });
    const req = seen[0]!;
    const parts = parseMultipart(req.body, boundaryOf(req.headers["content-type"])!);
    expect(JSON.parse(parts[0]!.body.toString())).toEqual({
      action: "write",
      files: [{ path: "/etc/garm/a", "make-dirs": true, "user-id": 1000, "group-id": 1000 }],
    });
  });

  it("lists checks by level and repeated names", async () => {
    const { client, seen } = await serve(route);
    expect(await client.getChecks({ level: "ready", names: ["up", "db"] })).toEqual([
      {
        name: "up",
        level: "ready",
        startup: "enabled",
        status: "down",
        successes: 0,
        failures: 3,
        threshold: 3,
        changeId: "12",
        prevChangeId: undefined,
      },
    ]);
    expect(lastQuery(seen).get("level")).toBe("ready");
    expect(lastQuery(seen).getAll("names")).toEqual(["up", "db"]);
  });

  it("lists notices by type, key and time", async () => {
    const { client, seen } = await serve(route);
    const [notice] = await client.getNotices({
      types: ["custom"],
      keys: ["canonical.com/garm/reload"],
      after: new Date("2026-01-01T00:00:00Z"),
    });
    expect(notice).toEqual({
      id: "4",
      userId: 0,
      type: "custom",
      key: "canonical.com/garm/reload",
      firstOccurred: "2026-01-01T00:00:00Z",
      lastOccurred: "2026-01-01T00:05:00Z",
      lastRepeated: "2026-01-01T00:05:00Z",
      occurrences: 2,
      lastData: { reason: "config" },
      repeatAfter: "1h0m0s",
      expireAfter: undefined,
    });
    expect(Object.fromEntries(lastQuery(seen))).toEqual({
      types: "custom",
      keys: "canonical.com/garm/reload",
      after: "2026-01-01T00:00:00.000Z",
    });
  });
});

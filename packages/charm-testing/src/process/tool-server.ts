/**
 * The test process's side of the hook-tool executables (hook-tool-client.c): a unix-socket server
 * that answers each call with the HookToolRunner registered for the call's JUJU_CONTEXT_ID (a
 * FakeHookTools over the run's FakeModel), so processes and in-process runs share one model.
 * A call for an unknown context fails as Juju's would, with exit 1.
 */
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { HookToolResult, HookToolRunner } from "@garm-charms/charm-runtime/internal";

export interface ToolServer {
  /** The value of JUJU_AGENT_SOCKET_ADDRESS for the hook. */
  readonly address: string;
  /** Answers calls that carry `contextId` with `runner` until the returned function is called. */
  register(contextId: string, runner: HookToolRunner): () => void;
  close(): Promise<void>;
}

interface ToolRequest {
  readonly contextId: string;
  readonly tool: string;
  readonly stdin: string | undefined;
  readonly args: readonly string[];
}

/** Parses a complete request, or returns undefined while bytes are still missing. */
export function parseRequest(buffer: Buffer): ToolRequest | undefined {
  if (buffer.length < 4) return undefined;
  const count = buffer.readUInt32LE(0);
  const fields: string[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (buffer.length < at + 4) return undefined;
    const length = buffer.readUInt32LE(at);
    if (buffer.length < at + 4 + length) return undefined;
    fields.push(buffer.toString("utf8", at + 4, at + 4 + length));
    at += 4 + length;
  }
  const [contextId = "", tool = "", given = "0", stdin = "", ...args] = fields;
  return { contextId, tool, stdin: given === "1" ? stdin : undefined, args };
}

export function encodeResult(result: HookToolResult): Buffer {
  const out = Buffer.from(result.stdout, "utf8");
  const err = Buffer.from(result.stderr, "utf8");
  const header = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b;
  };
  return Buffer.concat([header(result.exitCode), header(out.length), out, header(err.length), err]);
}

async function answer(request: ToolRequest, runner: HookToolRunner | undefined): Promise<HookToolResult> {
  if (runner === undefined) {
    return { exitCode: 1, stdout: "", stderr: `ERROR bad request: unknown context "${request.contextId}"\n` };
  }
  try {
    return await runner.run(
      request.stdin === undefined
        ? { tool: request.tool, args: request.args }
        : { tool: request.tool, args: request.args, stdin: request.stdin },
    );
  } catch (error) {
    // A fake's own bug (or a refusal such as an over-long argument): the tool fails, loudly.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { exitCode: 1, stdout: "", stderr: `ERROR ${message}\n` };
  }
}

function serve(socket: Socket, runners: ReadonlyMap<string, HookToolRunner>): void {
  let buffer = Buffer.alloc(0);
  let handled = false;
  socket.on("error", () => undefined); // a client killed mid-call is not the server's failure
  socket.on("data", (chunk: Buffer) => {
    if (handled) return;
    buffer = Buffer.concat([buffer, chunk]);
    const request = parseRequest(buffer);
    if (request === undefined) return;
    handled = true;
    void answer(request, runners.get(request.contextId)).then((result) => socket.end(encodeResult(result)));
  });
}

export interface ToolServerOptions {
  /** Do not keep the process alive for the server; its socket dir is removed when the process exits. */
  readonly unref?: boolean;
}

export async function startToolServer(options: ToolServerOptions = {}): Promise<ToolServer> {
  const dir = await mkdtemp(join(tmpdir(), "charm-testing-agent-"));
  const address = join(dir, "agent.socket");
  const runners = new Map<string, HookToolRunner>();
  const server: Server = createServer((socket) => serve(socket, runners));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address, resolve);
  });
  if (options.unref === true) {
    server.unref();
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return {
    address,
    register(contextId, runner) {
      runners.set(contextId, runner);
      return () => runners.delete(contextId);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The agent socket the hook tools talk to (Juju's jujuc server): one JSON line in (context id,
 * tool, argv, stdin), one JSON line out (exit code, stdout, stderr). Requests are answered by the
 * HookToolRunner registered for the context id, so a tool from a finished hook gets an error.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HookToolRunner } from "@garm-charms/charm-runtime/internal";
import { FAKE_HOOK_TOOL_NAMES } from "@garm-charms/charm-testing";
import { z } from "zod";

const requestSchema = z.object({
  context: z.string(),
  tool: z.string(),
  args: z.array(z.string()),
  stdin: z.string().nullable(),
});

const CLIENT = fileURLToPath(new URL("../bin/hook-tool.mjs", import.meta.url));
const NATIVE_CLIENT = fileURLToPath(new URL("../native/hook-tool.c", import.meta.url));

export class AgentSocket {
  private readonly contexts = new Map<string, HookToolRunner>();

  private constructor(
    readonly path: string,
    private readonly server: Server,
  ) {}

  static async start(path: string): Promise<AgentSocket> {
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { force: true });
    const server = createServer({ allowHalfOpen: true });
    const socket = new AgentSocket(path, server);
    server.on("connection", (conn) => {
      let input = "";
      conn.on("data", (chunk: Buffer) => (input += chunk.toString("utf8")));
      conn.on("end", () => {
        void socket.answer(input).then((reply) => conn.end(encodeReply(reply)));
      });
      conn.on("error", () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, resolve);
    });
    return socket;
  }

  register(context: string, runner: HookToolRunner): void {
    this.contexts.set(context, runner);
  }

  unregister(context: string): void {
    this.contexts.delete(context);
  }

  private async answer(input: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const parsed = requestSchema.safeParse(safeJson(input));
    if (!parsed.success) return { code: 2, stdout: "", stderr: "ERROR malformed hook-tool request\n" };
    const runner = this.contexts.get(parsed.data.context);
    if (runner === undefined)
      return { code: 1, stdout: "", stderr: "ERROR no hook is running in this context\n" };
    const { tool, args, stdin } = parsed.data;
    try {
      const result = await runner.run(stdin === null ? { tool, args } : { tool, args, stdin });
      return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    } catch (error) {
      return {
        code: 1,
        stdout: "",
        stderr: `ERROR ${error instanceof Error ? error.message : String(error)}\n`,
      };
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.path, { force: true });
  }
}

/** `<code> <stdout bytes> <stderr bytes>\n<stdout><stderr>`: trivial to read from C and from Node. */
function encodeReply(reply: { code: number; stdout: string; stderr: string }): Buffer {
  const out = Buffer.from(reply.stdout, "utf8");
  const err = Buffer.from(reply.stderr, "utf8");
  return Buffer.concat([
    Buffer.from(`${String(reply.code)} ${String(out.length)} ${String(err.length)}\n`),
    out,
    err,
  ]);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The client every tool runs: native/hook-tool.c compiled with the host's C compiler (about a
 * millisecond per call, like Juju's jujuc), or bin/hook-tool.mjs under Node when there is none.
 */
function clientCommand(dir: string): string {
  const binary = join(dir, ".hook-tool");
  const compiled = spawnSync("cc", ["-O2", "-o", binary, NATIVE_CLIENT], { stdio: "ignore" });
  return compiled.status === 0 ? `'${binary}'` : `'${process.execPath}' '${CLIENT}'`;
}

/** Writes one executable per hook tool into `dir`: a two-line shell script running the client. */
export function writeToolDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const client = clientCommand(dir);
  for (const tool of FAKE_HOOK_TOOL_NAMES) {
    const path = join(dir, tool);
    writeFileSync(path, `#!/bin/sh\nexec ${client} ${tool} "$@"\n`);
    chmodSync(path, 0o755);
  }
}

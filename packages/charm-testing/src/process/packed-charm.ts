/**
 * Process-level runs: a packed charm's `dispatch` executed the way Juju's uniter runs it (cwd =
 * the charm dir, a replaced environment with the JUJU_* variables, PATH with the hook-tool dir
 * first, no arguments), its hook tools answered by the run's FakeHookTools through
 * `startToolServer`, and its Pebble sockets redirected into the run's fake Pebbles through
 * CHARM_TESTING_CONTAINERS_DIR (the one variable the runtime reads that Juju never sets).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";

import { CONTAINERS_DIR_VARIABLE, type HookToolRunner } from "@garm-charms/charm-runtime/internal";

import { toolExecutables, type ToolExecutables } from "./tool-executables.js";
import { startToolServer, type ToolServer } from "./tool-server.js";

/** A charm as Juju unpacks it: `dispatch` at the top of `charmDir`. Pass it to `new Context`. */
export interface PackedCharm {
  readonly kind: "packed-charm";
  readonly charmDir: string;
  /** How long one hook may run before it is killed (default 60 s). */
  readonly timeoutMs: number;
  /** Runs `[...launcher, "./dispatch"]` instead of `./dispatch` (e.g. a measuring wrapper). */
  readonly launcher: readonly string[];
}

export interface PackedCharmOptions {
  readonly timeoutMs?: number;
  readonly launcher?: readonly string[];
}

export function packedCharm(charmDir: string, options: PackedCharmOptions = {}): PackedCharm {
  if (!existsSync(join(charmDir, "dispatch"))) {
    throw new Error(`${charmDir} has no dispatch: pass the directory a .charm was unzipped into`);
  }
  return {
    kind: "packed-charm",
    charmDir,
    timeoutMs: options.timeoutMs ?? 60_000,
    launcher: options.launcher ?? [],
  };
}

export function isPackedCharm(value: unknown): value is PackedCharm {
  return typeof value === "object" && value !== null && "kind" in value && value.kind === "packed-charm";
}

/** `dispatch` exited non-zero (or was killed): Juju puts the unit in error and retries the hook. */
export class DispatchFailedError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderr: string,
  ) {
    const how = signal === null ? `exited ${String(exitCode)}` : `was killed by ${signal}`;
    const last = stderr.trim().split("\n").at(-1) ?? "";
    super(`dispatch ${how}${last === "" ? "" : `: ${last}`}`);
    this.name = "DispatchFailedError";
  }
}

export interface DispatchOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** The agent's PATH after the tool dir, as Juju's uniter gives it on Ubuntu. */
const AGENT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

interface Shared {
  readonly server: ToolServer;
  readonly tools: ToolExecutables;
}

let shared: Promise<Shared> | undefined;

/** One tool server and tool dir per test process, shared by every run. */
function sharedSetup(): Promise<Shared> {
  shared ??= startToolServer({ unref: true }).then((server) => ({ server, tools: toolExecutables() }));
  return shared;
}

export interface DispatchInput {
  readonly charm: PackedCharm;
  /** The hook environment Juju would give (buildHookEnv); the agent-side variables are replaced here. */
  readonly hookEnv: Readonly<Record<string, string>>;
  readonly runner: HookToolRunner;
  /** Container name -> the fake Pebble's socket path, for the containers that can connect. */
  readonly pebbleSockets: ReadonlyMap<string, string>;
  /** A private directory of this run (the redirected containers dir goes inside). */
  readonly workDir: string;
}

export interface PreparedDispatch {
  readonly env: Readonly<Record<string, string>>;
  run(): Promise<DispatchOutput>;
}

/** Builds the process environment, links the Pebble sockets, and returns the run to start. */
export async function prepareDispatch(input: DispatchInput): Promise<PreparedDispatch> {
  const { server, tools } = await sharedSetup();
  const containersDir = join(input.workDir, "containers");
  for (const [name, socketPath] of input.pebbleSockets) {
    await mkdir(join(containersDir, name), { recursive: true });
    await symlink(socketPath, join(containersDir, name, "pebble.socket"));
  }
  const env: Record<string, string> = {
    ...input.hookEnv,
    JUJU_CHARM_DIR: input.charm.charmDir,
    CHARM_DIR: input.charm.charmDir,
    JUJU_AGENT_SOCKET_ADDRESS: server.address,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    PATH: `${tools.dir}:${AGENT_PATH}`,
    [CONTAINERS_DIR_VARIABLE]: containersDir,
  };
  return {
    env,
    async run() {
      const contextId = env["JUJU_CONTEXT_ID"] ?? "";
      const unregister = server.register(contextId, input.runner);
      try {
        return await spawnDispatch(input.charm, env);
      } finally {
        unregister();
      }
    },
  };
}

function spawnDispatch(charm: PackedCharm, env: Record<string, string>): Promise<DispatchOutput> {
  return new Promise((resolve, reject) => {
    const [command = "./dispatch", ...args] = [...charm.launcher, "./dispatch"];
    const child = spawn(command, args, { cwd: charm.charmDir, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), charm.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const output = {
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      if (code === 0) resolve(output);
      else reject(new DispatchFailedError(code, signal, output.stderr));
    });
  });
}

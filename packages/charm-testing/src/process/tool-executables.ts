/**
 * The hook-tool executables of process-level runs: a directory with one entry per tool name
 * (FAKE_HOOK_TOOL_NAMES), all the same small native client (hook-tool-client.c) compiled with the
 * machine's `cc` on first use and cached by the source's hash. A spawn then costs about a
 * millisecond, as Juju's own jujuc does. Without `cc` the directory holds Node scripts instead (the
 * same protocol, about 20 ms more per call); `kind` says which, and a warning says so once.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

import { FAKE_HOOK_TOOL_NAMES } from "../fake-hook-tools/index.js";

export type ToolExecutableKind = "native" | "node";

export interface ToolExecutables {
  /** Put first on the hook's PATH. */
  readonly dir: string;
  readonly kind: ToolExecutableKind;
}

const CLIENT_SOURCE = fileURLToPath(new URL("./hook-tool-client.c", import.meta.url));
const NODE_CLIENT_SOURCE = fileURLToPath(new URL("./hook-tool-client.mjs", import.meta.url));

/** Where compiled clients are cached: `CHARM_TESTING_CACHE_DIR`, else the system temp dir. */
function cacheRoot(): string {
  return process.env["CHARM_TESTING_CACHE_DIR"] ?? join(tmpdir(), "charm-testing-cache");
}

function hasCompiler(): boolean {
  return spawnSync("cc", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Compiles into a temp name, then renames: concurrent test workers never see a half-written binary. */
function compileTo(source: string, dest: string): void {
  const partial = `${dest}.${String(process.pid)}.tmp`;
  const result = spawnSync("cc", ["-O2", "-o", partial, source], { encoding: "utf8" });
  if (result.status !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`cc could not compile ${source}: ${result.stderr.trim()}`);
  }
  renameSync(partial, dest);
}

/**
 * `source` (one C file) compiled with the machine's `cc` into the cache, once per content; undefined
 * when there is no `cc`.
 */
export function compileCached(source: string): string | undefined {
  if (!hasCompiler()) return undefined;
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const hash = createHash("sha256").update(readFileSync(source)).digest("hex").slice(0, 16);
  const dest = join(root, `${basename(source, ".c")}-${hash}`);
  if (!existsSync(dest)) compileTo(source, dest);
  return dest;
}

/** Links every tool name to `client` in `dir` (created once, atomically, like the client). */
function linkTools(dir: string, client: string): void {
  if (existsSync(dir)) return;
  const partial = `${dir}.${String(process.pid)}.tmp`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const name of FAKE_HOOK_TOOL_NAMES) symlinkSync(client, join(partial, name));
  try {
    renameSync(partial, dir);
  } catch {
    // Another worker got there first; its directory is identical.
    rmSync(partial, { recursive: true, force: true });
  }
}

let warned = false;

function nodeClient(root: string): string {
  if (!warned) {
    warned = true;
    process.stderr.write(
      "charm-testing: no `cc` on this machine; process-level hook tools are Node scripts (about 20 ms per call instead of 1)\n",
    );
  }
  const script = join(root, `node-client-${String(process.pid)}.mjs`);
  writeFileSync(script, `#!${process.execPath}\n${readFileSync(NODE_CLIENT_SOURCE, "utf8")}`);
  chmodSync(script, 0o755);
  return script;
}

/** The tool directory for this machine (native when `cc` exists), built once and reused. */
export function toolExecutables(): ToolExecutables {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const client = compileCached(CLIENT_SOURCE);
  const names = createHash("sha256").update(FAKE_HOOK_TOOL_NAMES.join("\n")).digest("hex").slice(0, 8);
  if (client === undefined) {
    const dir = join(root, `tools-node-${names}-${String(process.pid)}`);
    linkTools(dir, nodeClient(root));
    return { dir, kind: "node" };
  }
  const dir = join(root, `tools-${basename(client)}-${names}`);
  linkTools(dir, client);
  return { dir, kind: "native" };
}

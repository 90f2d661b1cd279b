/**
 * The controller, as a library each CLI call uses: find the model directory, take its lock, load
 * the state, apply the operation, run every hook that is due (one at a time, as one uniter per
 * unit would, round robin across units), save, release. There is no daemon: a hook runs only
 * while some command runs (see the README, "Design").
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { CharmMeta } from "@garm-charms/charm-testing";
import { startToolServer, toolExecutables } from "@garm-charms/charm-testing";
import { loadCharmDirMeta } from "./charm-store.js";
import { DebugLog } from "./debug-log.js";
import { JujuLocalError } from "./errors.js";
import { processAlive } from "./process.js";
import { runHook } from "./hook-runner.js";
import { ensurePods, removeGonePods } from "./pod/pods.js";
import type { ModelState } from "./model.js";
import { emptyModel, modelStateSchema, now } from "./model.js";
import { dueUpdateStatus, hookDone, hookStarting, nextHook } from "./scheduler.js";

export function jujuHome(env: NodeJS.ProcessEnv = process.env): string {
  return env["JUJU_LOCAL_HOME"] ?? join(homedir(), ".local", "share", "juju-local");
}

export interface ModelHandle {
  readonly dir: string;
  readonly name: string;
  state: ModelState;
  readonly log: DebugLog;
}

function currentModelName(home: string): string {
  const file = join(home, "current-model");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "local";
}

export function modelDir(home: string, name?: string): string {
  return join(home, "models", name ?? currentModelName(home));
}

/** Adds a model and, unless told not to (`add-model --no-switch`), makes it the current one. */
export function createModel(home: string, name: string, options: { switchTo?: boolean } = {}): string {
  const dir = modelDir(home, name);
  if (existsSync(join(dir, "model.json"))) throw new JujuLocalError(`model "${name}" already exists`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.json"), JSON.stringify(emptyModel(name, randomUUID()), null, 1));
  if (options.switchTo !== false) writeFileSync(join(home, "current-model"), `${name}\n`);
  return dir;
}

function acquireLock(dir: string): () => void {
  const lock = join(dir, "lock");
  for (let attempt = 0; ; attempt += 1) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      const holder = Number(existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : "0");
      if (holder > 0 && !processAlive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (attempt > 6000) throw new JujuLocalError(`model is locked by process ${String(holder)}`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function load(dir: string): ModelState {
  const file = join(dir, "model.json");
  const parsed = modelStateSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new JujuLocalError(`${file} is not a valid local model state: ${parsed.error.message}`);
  return parsed.data;
}

export function save(handle: ModelHandle): void {
  const file = join(handle.dir, "model.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(handle.state, null, 1));
  renameSync(`${file}.tmp`, file);
}

/** Runs `operation` on the model under its lock, then settles it (runs every due hook). */
export async function withModel<T>(
  home: string,
  name: string | undefined,
  operation: (handle: ModelHandle) => T | Promise<T>,
  options: { settle?: boolean } = {},
): Promise<T> {
  const dir = modelDir(home, name);
  if (!existsSync(join(dir, "model.json"))) {
    if (name !== undefined) throw new JujuLocalError(`model "${name}" not found`);
    createModel(home, "local");
  }
  const release = acquireLock(dir);
  try {
    const handle: ModelHandle = {
      dir,
      name: name ?? currentModelName(home),
      state: load(dir),
      log: new DebugLog(join(dir, "debug.log")),
    };
    const result = await operation(handle);
    save(handle);
    if (options.settle !== false) await settle(handle);
    return result;
  } finally {
    release();
  }
}

const MAX_HOOKS_PER_SETTLE = 2000;

/** Runs due hooks until none is left (or a hook loop is cut short), saving after each. */
export async function settle(handle: ModelHandle): Promise<void> {
  dueUpdateStatus(handle.state, new Date());
  const metas = new Map<string, CharmMeta>();
  const meta = (app: string): CharmMeta => {
    const dir = handle.state.applications[app]?.charmDir ?? "";
    const cached = metas.get(dir) ?? loadCharmDirMeta(dir);
    metas.set(dir, cached);
    return cached;
  };
  // charm-testing's process-level hook tools: one native client linked under every tool name,
  // answering over a unix socket from the FakeHookTools registered for the hook's context id.
  // Workloads first: a unit's containers are up before its hooks run, as in a Kubernetes pod.
  await ensurePods(handle.state, handle.dir, meta);
  const server = await startToolServer();
  const ctx = {
    model: handle.state,
    modelDir: handle.dir,
    server,
    toolDir: toolExecutables().dir,
    log: handle.log,
    meta,
    timeoutMs: 300_000,
  };
  try {
    let last: string | undefined;
    for (let count = 0; count < MAX_HOOKS_PER_SETTLE; count += 1) {
      const next = nextHook(handle.state, last);
      if (next === undefined) break;
      last = next.unit.name;
      hookStarting(handle.state, next.unit, next.hook);
      const outcome = await runHook(ctx, next.unit, next.hook);
      next.unit.queue.shift();
      if (outcome.ok || next.hook.kind === "action") {
        hookDone(handle.state, next.unit, next.hook);
        next.unit.agent = { current: "idle", message: "", since: now() };
      } else {
        failUnit(handle, next.unit, next.hook);
      }
      save(handle);
    }
  } finally {
    await server.close();
    removeGonePods(handle.state, handle.dir);
  }
}

function failUnit(
  handle: ModelHandle,
  unit: ModelHandle["state"]["applications"][string]["units"][string],
  hook: ModelHandle["state"]["applications"][string]["units"][string]["queue"][number],
): void {
  unit.failedHook = hook;
  const name = hook.kind.startsWith("relation-")
    ? `${hook.endpoint ?? ""}-${hook.kind}`
    : hook.kind === "pebble-ready"
      ? `${hook.container ?? ""}-pebble-ready`
      : hook.kind;
  unit.agent = { current: "error", message: `hook failed: "${name}"`, since: now() };
  handle.log.agent(
    unit.name,
    "ERROR",
    `hook "${name}" (via hook dispatching script: dispatch) failed: exit status 1`,
  );
}

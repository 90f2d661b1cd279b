/**
 * The CLI's side of the workloads: every alive unit of a charm with containers has a running pod
 * (`pod-process.ts`). Before hooks run, a missing pod is started (its images installed the first
 * time) and a dead one is reaped and restarted, which queues `<container>-pebble-ready` as a pod
 * restart does in Juju; after hooks run, the pods of units that are gone are stopped and removed.
 */
import { spawn } from "node:child_process";
import {
  existsSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { join } from "node:path";
import type { CharmMeta } from "@garm-charms/charm-testing";
import * as z from "zod";
import { JujuLocalError } from "../errors.js";
import { processAlive } from "../process.js";
import type { ModelState, Unit } from "../model.js";
import { appOfUnit } from "../model.js";
import { enqueue } from "../scheduler.js";
import { installImage } from "./images.js";
import type { PodSpec } from "./layout.js";
import { containerLayout, podDir, podFiles, podsDir } from "./layout.js";

const envSchema = z.record(z.string(), z.string());

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function podRunning(pod: string): boolean {
  const files = podFiles(pod);
  const pid = readPid(files.pid);
  return pid !== undefined && processAlive(pid) && existsSync(files.ready);
}

/** Kills what a dead (or stopping) pod left behind: every recorded service's process group. */
function reapServices(pod: string): void {
  if (!existsSync(pod)) return;
  for (const container of readdirSync(pod, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const pids = join(pod, container.name, "pids");
    if (!existsSync(pids)) continue;
    for (const file of readdirSync(pids)) {
      const pid = readPid(join(pids, file));
      if (pid !== undefined) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // Gone already.
        }
      }
      rmSync(join(pids, file), { force: true });
    }
  }
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Stops a unit's pod: SIGTERM (the pod stops its services), then SIGKILL and a reap. */
export function stopPod(pod: string): void {
  const files = podFiles(pod);
  const pid = readPid(files.pid);
  if (pid !== undefined && processAlive(pid)) {
    process.kill(pid, "SIGTERM");
    for (let waited = 0; waited < 5000 && processAlive(pid); waited += 20) sleep(20);
    if (processAlive(pid)) process.kill(pid, "SIGKILL");
  }
  reapServices(pod);
  rmSync(files.pid, { force: true });
  rmSync(files.ready, { force: true });
}

/** Stops every pod of the model (`juju-local stop`, destroy-model). */
export function stopAllPods(modelDir: string): void {
  const dir = podsDir(modelDir);
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) stopPod(join(dir, entry));
}

/** How the CLI re-invokes itself (plain Node on a bundle, or bin/juju.mjs under tsx). */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1] ?? ""];
}

async function containerEnv(
  model: ModelState,
  modelDir: string,
  unit: Unit,
  meta: CharmMeta,
  pod: string,
): Promise<PodSpec["containers"]> {
  const app = model.applications[appOfUnit(unit.name)];
  const containers: PodSpec["containers"] = [];
  for (const [name, container] of Object.entries(meta.containers)) {
    const layout = containerLayout(pod, name);
    const envFile = join(layout.dir, "image-env.json");
    if (!existsSync(envFile)) {
      const resource = container.resource;
      const value = resource === undefined ? undefined : app?.resources[resource];
      if (resource === undefined || value === undefined)
        throw new JujuLocalError(
          `container "${name}" of ${unit.name} has no image: deploy with --resource ${resource ?? "<image resource>"}=<dir|local:garm|local:node>`,
        );
      const env = await installImage(value, layout.root, modelDir);
      writeFileSync(envFile, JSON.stringify(env));
    }
    containers.push({ name, env: envSchema.parse(JSON.parse(readFileSync(envFile, "utf8"))) });
  }
  return containers;
}

async function startPod(modelDir: string, pod: string, spec: PodSpec): Promise<void> {
  const files = podFiles(pod);
  writeFileSync(files.spec, JSON.stringify(spec));
  const [node, ...args] = selfCommand();
  const log = openSync(files.log, "a");
  try {
    const child = spawn(node ?? process.execPath, [...args, "__pod", pod], {
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, JUJU_LOCAL_POD: spec.unit },
    });
    child.unref();
  } finally {
    closeSync(log);
  }
  for (let waited = 0; waited < 20_000; waited += 25) {
    if (podRunning(pod)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new JujuLocalError(`the pod of ${spec.unit} did not start: see ${files.log}`);
}

/**
 * Starts the pod of every alive unit that should have one. A pod that ran before and died is
 * reaped and restarted, and its units get `<container>-pebble-ready` (queued first, as Juju runs
 * it when the new pod's Pebble comes up).
 */
export async function ensurePods(
  model: ModelState,
  modelDir: string,
  meta: (app: string) => CharmMeta,
): Promise<void> {
  for (const app of Object.values(model.applications)) {
    const charm = meta(app.name);
    if (Object.keys(charm.containers).length === 0) continue;
    for (const unit of Object.values(app.units)) {
      if (unit.life !== "alive") continue;
      const pod = podDir(modelDir, unit.name);
      if (podRunning(pod)) continue;
      const restarted = existsSync(podFiles(pod).spec);
      reapServices(pod);
      mkdirSync(pod, { recursive: true });
      const containers = await containerEnv(model, modelDir, unit, charm, pod);
      await startPod(modelDir, pod, { unit: unit.name, modelFile: join(modelDir, "model.json"), containers });
      if (restarted) for (const c of containers) enqueue(unit, { kind: "pebble-ready", container: c.name });
    }
  }
}

/** Stops and removes the pods of units that no longer exist. */
export function removeGonePods(model: ModelState, modelDir: string): void {
  const dir = podsDir(modelDir);
  if (!existsSync(dir)) return;
  const wanted = new Set(
    Object.values(model.applications).flatMap((a) => Object.keys(a.units).map((u) => u.replace("/", "-"))),
  );
  for (const entry of readdirSync(dir)) {
    if (wanted.has(entry)) continue;
    stopPod(join(dir, entry));
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

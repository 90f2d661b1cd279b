/**
 * The spawner a packed charm's dispatch starts before Node: `bin/hook-tool-spawner ./bin/node …`
 * forks the spawner, then runs Node with the spawner's pipes open and their descriptors in
 * CHARM_HOOK_TOOL_SPAWNER (see `spawner/hook-tool-spawner.c`). Node then never forks itself to
 * start one (its first spawn cost a hook 10-15 ms of its main thread, and loading
 * `node:child_process` a few more), and the spawner is ready before Node has loaded anything.
 */
import { Socket } from "node:net";

import type { HookToolRunner } from "./runner.js";
import { lazySpawnerRunner, type SpawnerConnection } from "./spawner-protocol.js";

/** Set by the spawner's launcher for the program it runs: `<spawner pid>:<request fd>:<response fd>`. */
export const LAUNCHED_SPAWNER_VARIABLE = "CHARM_HOOK_TOOL_SPAWNER";

/** The pipes of the spawner the launcher started for this process. */
export interface LaunchedSpawner {
  readonly pid: number;
  readonly requestFd: number;
  readonly responseFd: number;
}

/**
 * The spawner the launcher left for this process, taken from `env` once: the variable is removed,
 * so no tool or later runner sees it. Undefined when there is none or it is not the launcher's.
 */
export function takeLaunchedSpawner(env: NodeJS.ProcessEnv): LaunchedSpawner | undefined {
  const value = env[LAUNCHED_SPAWNER_VARIABLE];
  if (value === undefined) return undefined;
  Reflect.deleteProperty(env, LAUNCHED_SPAWNER_VARIABLE);
  const match = /^(\d+):(\d+):(\d+)$/.exec(value);
  if (match === null) return undefined;
  const [pid, requestFd, responseFd] = match.slice(1).map(Number) as [number, number, number];
  return { pid, requestFd, responseFd };
}

/** The launcher's spawner: already running, its pipes already open in this process. */
export function launchedSpawnerRunner(launched: LaunchedSpawner, fallback: HookToolRunner): HookToolRunner {
  return lazySpawnerRunner(() => launchedConnection(launched), fallback);
}

function launchedConnection(launched: LaunchedSpawner): SpawnerConnection | undefined {
  let requests: Socket;
  let responses: Socket;
  try {
    requests = new Socket({ fd: launched.requestFd, readable: false, writable: true });
    responses = new Socket({ fd: launched.responseFd, readable: true, writable: false });
  } catch {
    return undefined;
  }
  return {
    requests,
    responses,
    kill() {
      try {
        process.kill(launched.pid);
      } catch {
        // Already gone.
      }
      requests.destroy();
      responses.destroy();
    },
    onGone(gone) {
      responses.on("close", gone);
      responses.on("error", gone);
    },
  };
}

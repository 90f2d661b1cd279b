/**
 * The spawner started by Node itself: one fork of this process at the first call. A packed
 * charm's hook does not need it (its dispatch starts the spawner first, see launched-spawner.ts);
 * tests and a charm dir without the launcher do.
 */
import type { ChildProcessByStdio } from "node:child_process";
import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

import type { HookToolRunner } from "./runner.js";
import { lazySpawnerRunner, type SpawnerConnection } from "./spawner-protocol.js";

/** Node starts the spawner: one fork of this process, when the first call is made. */
export function spawnerRunner(
  executable: string,
  env: NodeJS.ProcessEnv,
  fallback: HookToolRunner,
): HookToolRunner {
  return lazySpawnerRunner(() => spawnedConnection(executable, env), fallback);
}

type SpawnerProcess = ChildProcessByStdio<Writable, Readable, null>;

function spawnedConnection(executable: string, env: NodeJS.ProcessEnv): SpawnerConnection | undefined {
  let child: SpawnerProcess;
  try {
    child = spawn(executable, [], { env, stdio: ["pipe", "pipe", "inherit"] });
  } catch {
    return undefined;
  }
  if (child.pid === undefined) {
    // The exec failed; Node reports it as an "error" event.
    child.on("error", () => undefined);
    return undefined;
  }
  // The spawner must not keep the hook alive: its handles count only while calls are in flight.
  child.unref();
  return {
    requests: child.stdin,
    responses: child.stdout,
    kill: () => child.kill(),
    onGone(gone) {
      child.on("close", gone);
      child.on("error", gone);
    },
  };
}

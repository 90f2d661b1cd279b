/**
 * The runner a hook uses under Juju: hook tools through the spawner a packed charm's dispatch
 * started beside Node (launched-spawner.ts); else through the charm's `bin/hook-tool-spawner`,
 * started by Node; else each tool spawned from Node directly. Only the first that applies is
 * loaded: a hook with the launcher's spawner never loads `node:child_process`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

import { launchedSpawnerRunner, takeLaunchedSpawner } from "./launched-spawner.js";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "./runner.js";
import { SPAWNER_PATH } from "./spawner-protocol.js";

export function defaultHookToolRunner(env: NodeJS.ProcessEnv): HookToolRunner {
  const launched = takeLaunchedSpawner(env);
  const direct = deferredRunner(async () => (await import("./spawn-runner.js")).spawnRunner(env));
  if (launched !== undefined) return launchedSpawnerRunner(launched, direct);
  const charmDir = env["JUJU_CHARM_DIR"];
  if (charmDir === undefined || charmDir === "") return direct;
  const spawner = join(charmDir, SPAWNER_PATH);
  if (!existsSync(spawner)) return direct;
  return deferredRunner(async () =>
    (await import("./spawner-runner.js")).spawnerRunner(spawner, env, direct),
  );
}

/** A runner made at its first call, so that its module loads only if it is used. */
function deferredRunner(make: () => Promise<HookToolRunner>): HookToolRunner {
  let made: Promise<HookToolRunner> | undefined;
  return {
    run(invocation: HookToolInvocation): Promise<HookToolResult> {
      made ??= make();
      return made.then((runner) => runner.run(invocation));
    },
  };
}

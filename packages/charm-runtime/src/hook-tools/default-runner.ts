/**
 * The runner a hook uses under Juju: hook tools through the charm's `bin/hook-tool-spawner` when
 * it ships one (a packed charm does, when a C compiler was there to build it); else each tool is
 * spawned from Node directly.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

import type { HookToolRunner } from "./runner.js";
import { spawnRunner } from "./spawn-runner.js";
import { SPAWNER_PATH, spawnerRunner } from "./spawner-runner.js";

export function defaultHookToolRunner(env: NodeJS.ProcessEnv): HookToolRunner {
  const direct = spawnRunner(env);
  const charmDir = env["JUJU_CHARM_DIR"];
  if (charmDir === undefined || charmDir === "") return direct;
  const spawner = join(charmDir, SPAWNER_PATH);
  return existsSync(spawner) ? spawnerRunner(spawner, env, direct) : direct;
}

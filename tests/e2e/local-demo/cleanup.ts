/** The end of the demo: destroy the model and check nothing it started is still running. */
import { rmSync } from "node:fs";
import { processAlive, type LocalJuju } from "@garm-charms/juju-local/test-support";

/** `juju destroy-model`, then the pids of the model's pods and services still alive (none, normally). */
export async function destroyModel(juju: LocalJuju): Promise<number[]> {
  const pids = juju.recordedPids();
  juju.ok("destroy-model", "local", "--no-prompt");
  for (let waited = 0; waited < 5_000 && pids.some(processAlive); waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  rmSync(juju.home, { recursive: true, force: true });
  return pids.filter(processAlive);
}

/** How to poke at a kept model with the command line. */
export function keptModelHelp(home: string): string[] {
  const j = "node packages/juju-local/bin/juju.mjs";
  return [
    "The model is kept. To poke at it (from the repository root):",
    `  export JUJU_LOCAL_HOME=${home}`,
    `  ${j} status`,
    `  ${j} debug-log --replay --no-tail`,
    `  ${j} exec --unit garm/0 -- PEBBLE_SOCKET=/charm/containers/garm/pebble.socket pebble logs garm`,
    `  ${j} run garm/0 plan`,
    `  ${j} destroy-model local --no-prompt    # stops every process of the model`,
  ];
}

import type { HookToolRunner } from "./hook-tools/runner.js";

/**
 * Everything the runtime takes from its surroundings. `runCharm` fills unset fields from the
 * real process (environment, spawned hook tools, Pebble sockets under /charm/containers); the
 * test harness passes its own.
 */
export interface RuntimeOptions {
  /** The hook environment (`JUJU_DISPATCH_PATH`, `JUJU_UNIT_NAME`, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs hook tools; the only way the runtime talks to the Juju agent. */
  readonly hookTools: HookToolRunner;
  /** Where a container's Pebble listens: `/charm/containers/<name>/pebble.socket` under Juju. */
  readonly pebbleSocketPath: (container: string) => string;
  /** Directory for short-lived files that carry secret values to hook tools (never argv). */
  readonly tmpDir: string;
}

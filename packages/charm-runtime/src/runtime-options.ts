import type { HookToolRunner } from "./hook-tools/runner.js";
import type { PebbleConnector } from "./model/container.js";

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
  /**
   * Makes a container's Pebble client: `connectPebble` from `@garm-charms/charm-runtime/pebble`.
   * No default, so a charm without containers never loads the HTTP client.
   */
  readonly pebble: PebbleConnector;
  /** Directory for short-lived files that carry secret values to hook tools (never argv). */
  readonly tmpDir: string;
}

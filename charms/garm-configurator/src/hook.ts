/**
 * The packed charm's hook bundle (`dist/hook-<hash>.cjs`), which the entry (`dispatch.ts`) runs
 * for an observed hook. The runtime and the charm are initialised only when needed; for the events
 * the charm reconciles on, the reads every reconcile makes start first, before those are
 * initialised, so the hook tools run meanwhile.
 */
import { dispatchLazily, yieldToIo } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS, RECONCILED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

dispatchLazily(
  OBSERVED_EVENTS,
  async (start) => {
    const { main, readAhead } = await import("@garm-charms/charm-runtime");
    const started = readAhead(start);
    await yieldToIo();
    const { garmConfiguratorCharm } = await import("./charm.js");
    await main(garmConfiguratorCharm, { started });
  },
  { readAhead: { plan: READ_AHEAD, on: RECONCILED_EVENTS } },
).then(exitHook, failHook);

// The hook is over (every call answered, logs flushed, the exit code set): exit now rather than
// tear Node down, which costs a slow machine 10-20 ms of every hook.
function exitHook(): never {
  process.exit();
}

/** Loading the charm failed (main reports everything after that). */
function failHook(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

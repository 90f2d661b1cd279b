/**
 * Entry file of the packed charm: `dispatch` runs the bundle built from this module. The charm, the
 * runtime and the Pebble client load only for an event the charm observes (separate chunks). For
 * the events it reconciles on, the reads every reconcile makes start first, before the runtime and the charm's code load, so the
 * hook tools run while Node compiles them.
 */
import { dispatchLazily } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS, RECONCILED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

await dispatchLazily(
  OBSERVED_EVENTS,
  async (start) => {
    const { main, readAhead } = await import("@garm-charms/charm-runtime");
    const started = readAhead(start);
    const [{ connectPebble }, { garmCharm }] = await Promise.all([
      import("@garm-charms/charm-runtime/pebble"),
      import("./charm.js"),
    ]);
    await main(garmCharm, { pebble: connectPebble, started });
  },
  { readAhead: { plan: READ_AHEAD, on: RECONCILED_EVENTS } },
);
// The hook is over (every call answered, logs flushed, the exit code set): exit now rather than
// tear Node down, which costs a slow machine 10-20 ms of every hook.
process.exit();

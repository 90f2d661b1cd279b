/**
 * Entry file of the packed charm: `dispatch` runs the bundle built from this module. The charm and
 * the runtime load only for an event the charm observes (a separate chunk of the bundle). For the
 * events it reconciles on, the reads every reconcile makes start first, before the runtime and the charm's code load, so the
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
    const { garmConfiguratorCharm } = await import("./charm.js");
    await main(garmConfiguratorCharm, { started });
  },
  { readAhead: { plan: READ_AHEAD, on: RECONCILED_EVENTS } },
);
// The hook is over (every call answered, logs flushed, the exit code set): exit now rather than
// tear Node down, which costs a slow machine 10-20 ms of every hook.
process.exit();

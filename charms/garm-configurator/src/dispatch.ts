/**
 * Entry file of the packed charm: `dispatch` runs the bundle built from this module. The charm and
 * the runtime load only for an event the charm observes (a separate chunk of the bundle), and the
 * reads every reconcile makes start before the charm's code loads, so the hook tools run while
 * Node compiles it.
 */
import { dispatchLazily } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

await dispatchLazily(OBSERVED_EVENTS, async () => {
  const { main, readAhead } = await import("@garm-charms/charm-runtime");
  const started = readAhead(READ_AHEAD);
  const { garmConfiguratorCharm } = await import("./charm.js");
  await main(garmConfiguratorCharm, { started });
});

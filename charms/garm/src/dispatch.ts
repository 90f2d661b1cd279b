/**
 * Entry file of the packed charm: `dispatch` runs the bundle built from this module. The charm, the
 * runtime and the Pebble client load only for an event the charm observes (separate chunks), and
 * the reads every reconcile makes start before the charm's code loads, so the hook tools run while
 * Node compiles it.
 */
import { dispatchLazily } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

await dispatchLazily(OBSERVED_EVENTS, async () => {
  const { main, readAhead } = await import("@garm-charms/charm-runtime");
  const started = readAhead(READ_AHEAD);
  const [{ connectPebble }, { garmCharm }] = await Promise.all([
    import("@garm-charms/charm-runtime/pebble"),
    import("./charm.js"),
  ]);
  await main(garmCharm, { pebble: connectPebble, started });
});

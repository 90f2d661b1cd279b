/**
 * Entry file of the packed charm: `dispatch` runs the bundle built from this module. The charm, the
 * runtime and the Pebble client load only for an event the charm observes (separate chunks).
 */
import { dispatchLazily } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";

await dispatchLazily(OBSERVED_EVENTS, async () => {
  const [{ main }, { connectPebble }, { garmCharm }] = await Promise.all([
    import("@garm-charms/charm-runtime"),
    import("@garm-charms/charm-runtime/pebble"),
    import("./charm.js"),
  ]);
  await main(garmCharm, { pebble: connectPebble });
});

/**
 * Entry file of the packed charm: `dispatch` runs the bundle built from this module. The charm and
 * the runtime load only for an event the charm observes (a separate chunk of the bundle).
 */
import { dispatchLazily } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";

await dispatchLazily(OBSERVED_EVENTS, async () => {
  const [{ main }, { garmConfiguratorCharm }] = await Promise.all([
    import("@garm-charms/charm-runtime"),
    import("./charm.js"),
  ]);
  await main(garmConfiguratorCharm);
});

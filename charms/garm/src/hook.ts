/**
 * The packed charm's hook bundle (`dist/hook-<hash>.cjs`), which the entry (`dispatch.ts`) runs
 * for an observed hook. The runtime, the Pebble client and the charm are initialised only when
 * needed; for the events the charm reconciles on, the reads every reconcile makes start first,
 * before those are initialised, so the hook tools run meanwhile.
 */
import { dispatchCharm, exitWhenDone } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

exitWhenDone(
  dispatchCharm(OBSERVED_EVENTS, READ_AHEAD, async () => {
    const [{ connectPebble }, { garmCharm }] = await Promise.all([
      import("@garm-charms/charm-runtime/pebble"),
      import("./charm.js"),
    ]);
    return { charm: garmCharm, pebble: connectPebble };
  }),
);

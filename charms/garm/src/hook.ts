/**
 * The packed charm's hook bundle (`dist/hook-<hash>.cjs`), which the entry (`dispatch.ts`) runs
 * for an observed hook. The runtime, the Pebble client and the charm are initialised only when
 * needed; for the events the charm reconciles on, the reads every reconcile makes start first,
 * before those are initialised, so the hook tools run meanwhile.
 */
import { dispatchLazily, exitWhenDone, yieldToIo } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS, RECONCILED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

exitWhenDone(
  dispatchLazily(
    OBSERVED_EVENTS,
    async (start) => {
      const { main, readAhead } = await import("@garm-charms/charm-runtime");
      const started = readAhead(start);
      await yieldToIo();
      const [{ connectPebble }, { garmCharm }] = await Promise.all([
        import("@garm-charms/charm-runtime/pebble"),
        import("./charm.js"),
      ]);
      await main(garmCharm, { pebble: connectPebble, started });
    },
    { readAhead: { plan: READ_AHEAD, on: RECONCILED_EVENTS } },
  ),
);

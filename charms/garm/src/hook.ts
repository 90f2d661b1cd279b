/**
 * The packed charm's hook bundle (`dist/hook-<hash>.cjs`), which the entry (`dispatch.ts`) runs
 * for an observed hook. The runtime, the Pebble client and the charm are initialised only when
 * needed; for the events the charm reconciles on, the reads every reconcile makes start first,
 * before those are initialised, so the hook tools run meanwhile, and its Pebble reads start
 * before the charm's own code is initialised, so Pebble answers meanwhile.
 */
import { dispatchCharm, exitWhenDone, yieldToIo } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";
import { PEBBLE_READ_AHEAD, READ_AHEAD } from "./read-ahead.js";

exitWhenDone(
  dispatchCharm(OBSERVED_EVENTS, READ_AHEAD, async (start) => {
    const { connectPebble, pebbleSocketPathFor, readingAhead } =
      await import("@garm-charms/charm-runtime/pebble");
    const pebble =
      start.plan === undefined
        ? connectPebble
        : readingAhead(connectPebble, PEBBLE_READ_AHEAD, pebbleSocketPathFor(process.env));
    // Sends those requests before the charm's modules keep the main thread busy.
    await yieldToIo();
    const { garmCharm } = await import("./charm.js");
    return { charm: garmCharm, pebble };
  }),
);

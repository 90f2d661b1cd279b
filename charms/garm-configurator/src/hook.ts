/**
 * The packed charm's hook bundle (`dist/hook-<hash>.cjs`), which the entry (`dispatch.ts`) runs
 * for an observed hook. The runtime and the charm are initialised only when needed; for the events
 * the charm reconciles on, the reads every reconcile makes start first, before those are
 * initialised, so the hook tools run meanwhile.
 */
import { dispatchCharm, exitWhenDone } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

exitWhenDone(
  dispatchCharm(OBSERVED_EVENTS, READ_AHEAD, async () => ({
    charm: (await import("./charm.js")).garmConfiguratorCharm,
  })),
);

/**
 * The events the configurator acts on: the one declaration both the lazy dispatch entry (which
 * reads it before the charm is loaded, hence no imports but types) and charm.ts's `observes` use.
 * `tests/process/observed-events.test.ts` checks that every other event leaves the charm idle, so
 * skipping it changes nothing.
 */
import type { EventFilterSpec } from "@garm-charms/charm-runtime/dispatch";

/** The events that run the reconcile. */
export const RECONCILED_EVENTS = {
  kinds: ["install", "config-changed", "upgrade-charm", "leader-elected", "secret-changed"],
  relations: {
    endpoints: ["image", "garm-configurator", "planner"],
    kinds: ["relation-joined", "relation-changed", "relation-departed", "relation-broken"],
  },
} as const satisfies EventFilterSpec;

/** Everything the charm must be loaded for: the reconciled events and secret-remove (own handler). */
export const OBSERVED_EVENTS: EventFilterSpec = {
  ...RECONCILED_EVENTS,
  kinds: [...RECONCILED_EVENTS.kinds, "secret-remove"],
};

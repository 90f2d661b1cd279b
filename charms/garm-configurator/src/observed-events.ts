/**
 * The events the configurator acts on, for the lazy dispatch entry (no imports: it is read before
 * the charm is loaded). `tests/process/observed-events.test.ts` checks that every other event
 * leaves the charm idle, so skipping it changes nothing.
 */
import type { EventFilterSpec } from "@garm-charms/charm-runtime/dispatch";

export const OBSERVED_EVENTS: EventFilterSpec = {
  kinds: ["install", "config-changed", "upgrade-charm", "leader-elected", "secret-changed", "secret-remove"],
  relations: {
    endpoints: ["image", "garm-configurator", "planner"],
    kinds: ["relation-joined", "relation-changed", "relation-departed", "relation-broken"],
  },
};

/**
 * The events the garm charm acts on, for the lazy dispatch entry (no imports: it is read before
 * the charm is loaded). `tests/process/observed-events.test.ts` checks that every other event
 * leaves the charm idle, so skipping it changes nothing.
 */
import type { EventFilterSpec } from "@garm-charms/charm-runtime/dispatch";

export const OBSERVED_EVENTS: EventFilterSpec = {
  kinds: [
    "install",
    "leader-elected",
    "config-changed",
    "upgrade-charm",
    "update-status",
    "secret-changed",
    "action",
  ],
  relations: { endpoints: ["postgresql", "garm-configurator", "ingress", "metrics-endpoint", "debug-ssh"] },
  containers: { names: ["garm"], kinds: ["pebble-ready"] },
};

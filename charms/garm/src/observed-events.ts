/**
 * The events the garm charm acts on: the one declaration both the lazy dispatch entry (which reads
 * it before the charm is loaded, hence no imports but types) and charm.ts's `observes` use.
 * `tests/process/observed-events.test.ts` checks that every other event leaves the charm idle, so
 * skipping it changes nothing.
 */
import type { EventFilterSpec } from "@garm-charms/charm-runtime/dispatch";

/** The events that run the reconcile. */
export const RECONCILED_EVENTS = {
  kinds: ["install", "leader-elected", "config-changed", "upgrade-charm", "update-status", "secret-changed"],
  relations: {
    endpoints: [
      "postgresql",
      "garm-configurator",
      "ingress",
      "metrics-endpoint",
      "debug-ssh",
      "logging",
      "grafana-dashboard",
    ],
  },
  containers: { names: ["garm", "pressure-reconciler"], kinds: ["pebble-ready"] },
} as const satisfies EventFilterSpec;

/** Everything the charm must be loaded for: the reconciled events and its actions. */
export const OBSERVED_EVENTS: EventFilterSpec = {
  ...RECONCILED_EVENTS,
  kinds: [...RECONCILED_EVENTS.kinds, "action"],
};

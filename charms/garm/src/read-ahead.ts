/**
 * The reads every reconcile of the garm charm makes that need nothing else. The dispatch entry
 * starts them, for the events the charm reconciles on, before the charm's code is loaded (hence
 * names spelled out and nothing heavy imported; tests/read-ahead.test.ts checks them against the
 * modules that own them), and the reconcile starts them again, which then costs nothing: they
 * are in the hook's read cache.
 */
import type { ReadAhead } from "@garm-charms/charm-runtime/dispatch";
import type { PebbleReadAhead } from "@garm-charms/charm-runtime/pebble";

import { RECONCILED_EVENTS } from "./observed-events.js";

export const READ_AHEAD: ReadAhead = {
  on: RECONCILED_EVENTS,
  plan: {
    isLeader: true,
    secrets: [
      { label: "garm-secrets" },
      { label: "garm-admin-credentials" },
      { label: "garm-webhook-secret" },
    ],
    relations: {
      postgresql: ["local-app", "local-unit", "remote-app"],
      "garm-configurator": ["remote-units"],
      ingress: ["local-app", "local-unit"],
      "metrics-endpoint": ["local-unit", "local-app"],
      logging: ["remote-units"],
      "debug-ssh": ["remote-units"],
    },
    charmState: true,
    openedPorts: true,
  },
};

/**
 * The Pebble reads every reconcile makes: log forwarding looks at each container's plan, the
 * provider retirement lists GARM's config directory, the workload step reads GARM's plan and
 * service. For a reconciling hook the hook bundle starts them before the charm's code loads
 * (hook.ts); the reconcile starts them again, which then costs nothing.
 */
export const PEBBLE_READ_AHEAD: PebbleReadAhead = {
  garm: { plan: true, services: ["garm"], files: ["/etc/garm"] },
  "pressure-reconciler": { plan: true },
};

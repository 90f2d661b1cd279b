/**
 * The reads every reconcile of the garm charm makes that need nothing else. The dispatch entry
 * starts them, for the events the charm reconciles on, before the charm's code is loaded (hence
 * names spelled out and nothing heavy imported; tests/read-ahead.test.ts checks them against the
 * modules that own them), and the reconcile starts them again, which then costs nothing: they
 * are in the hook's read cache.
 */
import type { ReadAhead } from "@garm-charms/charm-runtime/dispatch";

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

/**
 * The reads every reconcile of the garm charm makes that need nothing else. The dispatch entry
 * starts them before the charm's code is loaded (hence names spelled out and only type imports;
 * tests/read-ahead.test.ts checks them against the modules that own them), and the reconcile
 * starts them again, which then costs nothing: they are in the hook's read cache.
 */
import type { PrefetchPlan } from "@garm-charms/charm-runtime";

export const READ_AHEAD: PrefetchPlan = {
  isLeader: true,
  secrets: [{ label: "garm-secrets" }, { label: "garm-admin-credentials" }, { label: "garm-webhook-secret" }],
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
};

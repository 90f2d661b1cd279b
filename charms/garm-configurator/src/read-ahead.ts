/**
 * The reads every reconcile of the configurator makes that need nothing else. The dispatch entry
 * starts them before the charm's code is loaded (hence names spelled out and only type imports;
 * tests/read-ahead.test.ts checks them against the modules that own them), and the reconcile
 * starts them again, which then costs nothing: they are in the hook's read cache.
 */
import type { PrefetchPlan } from "@garm-charms/charm-runtime";

export const READ_AHEAD: PrefetchPlan = {
  config: true,
  isLeader: true,
  relations: {
    image: ["local-unit", "remote-units"],
    planner: ["local-app", "remote-app"],
    "garm-configurator": ["local-unit"],
  },
};

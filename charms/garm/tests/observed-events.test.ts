/**
 * observed-events.ts spells its endpoint and container names out (the dispatch entry must not load
 * the modules that define them): they must be the names the charm's modules use.
 */
import type { JujuEvent } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import { observes } from "../src/charm.js";
import { OBSERVED_EVENTS, RECONCILED_EVENTS } from "../src/observed-events.js";
import { RECONCILER_CONTAINER } from "../src/planner/layout.js";
import { CONFIGURATOR_ENDPOINT } from "../src/relations/configurator.js";
import { DASHBOARD_ENDPOINT } from "../src/relations/dashboard.js";
import { POSTGRESQL_ENDPOINT } from "../src/relations/database.js";
import { DEBUG_SSH_ENDPOINT } from "../src/relations/debug-ssh.js";
import { LOG_FORWARDING_CONTAINERS, LOGGING_ENDPOINT } from "../src/relations/logging.js";
import { INGRESS_ENDPOINT, METRICS_ENDPOINT } from "../src/relations/publications.js";
import { GARM_CONTAINER } from "../src/workload/index.js";

describe("observed events of the garm charm", () => {
  it("name every endpoint and container the charm's modules act on", () => {
    expect([...RECONCILED_EVENTS.relations.endpoints].sort()).toEqual(
      [
        POSTGRESQL_ENDPOINT,
        CONFIGURATOR_ENDPOINT,
        INGRESS_ENDPOINT,
        METRICS_ENDPOINT,
        DEBUG_SSH_ENDPOINT,
        LOGGING_ENDPOINT,
        DASHBOARD_ENDPOINT,
      ].sort(),
    );
    expect(RECONCILED_EVENTS.containers.names).toEqual([GARM_CONTAINER, RECONCILER_CONTAINER]);
    expect(RECONCILED_EVENTS.containers.names).toEqual(LOG_FORWARDING_CONTAINERS);
  });

  it("the charm reconciles on exactly the declared events; the dispatch entry adds actions", () => {
    const logging: JujuEvent = {
      kind: "relation-changed",
      hook: "logging-relation-changed",
      endpoint: LOGGING_ENDPOINT,
      relationId: 1,
      remoteApp: "loki",
      remoteUnit: "loki/0",
      departingUnit: undefined,
    };
    const ready: JujuEvent = {
      kind: "pebble-ready",
      hook: "pressure-reconciler-pebble-ready",
      container: RECONCILER_CONTAINER,
    };
    expect(observes(logging)).toBe(true);
    expect(observes(ready)).toBe(true);
    expect(observes({ kind: "start", hook: "start" })).toBe(false);
    expect(observes({ kind: "action", name: "plan", id: "1" })).toBe(false);
    expect(OBSERVED_EVENTS.kinds).toEqual([...RECONCILED_EVENTS.kinds, "action"]);
  });
});

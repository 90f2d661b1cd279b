/** read-ahead.ts spells its names out (the dispatch entry loads it first): they must be the charm's. */
import { describe, expect, it } from "vitest";

import { RECONCILER_CONTAINER } from "../src/planner/layout.js";
import { PEBBLE_READ_AHEAD, READ_AHEAD } from "../src/read-ahead.js";
import { CONFIGURATOR_ENDPOINT } from "../src/relations/configurator.js";
import { POSTGRESQL_ENDPOINT } from "../src/relations/database.js";
import { DEBUG_SSH_ENDPOINT } from "../src/relations/debug-ssh.js";
import { LOG_FORWARDING_CONTAINERS, LOGGING_ENDPOINT } from "../src/relations/logging.js";
import { INGRESS_ENDPOINT, METRICS_ENDPOINT } from "../src/relations/publications.js";
import { GARM_CONFIG_DIR, GARM_CONTAINER, GARM_SERVICE } from "../src/workload/index.js";
import {
  ADMIN_CREDENTIALS_LABEL,
  GARM_SECRETS_LABEL,
  WEBHOOK_SECRET_LABEL,
} from "../src/workload/secrets.js";

describe("the garm charm's read-ahead plan", () => {
  it("names the endpoints and secret labels the charm's modules use", () => {
    expect(READ_AHEAD.plan.secrets?.map((s) => s.label)).toEqual([
      GARM_SECRETS_LABEL,
      ADMIN_CREDENTIALS_LABEL,
      WEBHOOK_SECRET_LABEL,
    ]);
    expect(Object.keys(READ_AHEAD.plan.relations ?? {}).sort()).toEqual(
      [
        POSTGRESQL_ENDPOINT,
        CONFIGURATOR_ENDPOINT,
        INGRESS_ENDPOINT,
        METRICS_ENDPOINT,
        LOGGING_ENDPOINT,
        DEBUG_SSH_ENDPOINT,
      ].sort(),
    );
  });

  it("reads the Pebble of the containers it forwards logs of, and GARM's service and config dir", () => {
    expect(Object.keys(PEBBLE_READ_AHEAD).sort()).toEqual([...LOG_FORWARDING_CONTAINERS].sort());
    expect(PEBBLE_READ_AHEAD[GARM_CONTAINER]).toEqual({
      plan: true,
      services: [GARM_SERVICE],
      files: [GARM_CONFIG_DIR],
    });
    expect(PEBBLE_READ_AHEAD[RECONCILER_CONTAINER]).toEqual({ plan: true });
  });
});

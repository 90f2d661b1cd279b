/** read-ahead.ts spells its names out (the dispatch entry loads it first): they must be the charm's. */
import { describe, expect, it } from "vitest";

import { READ_AHEAD } from "../src/read-ahead.js";
import { CONFIGURATOR_ENDPOINT } from "../src/relations/configurator.js";
import { POSTGRESQL_ENDPOINT } from "../src/relations/database.js";
import { DEBUG_SSH_ENDPOINT } from "../src/relations/debug-ssh.js";
import { LOGGING_ENDPOINT } from "../src/relations/logging.js";
import { INGRESS_ENDPOINT, METRICS_ENDPOINT } from "../src/relations/publications.js";
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
});

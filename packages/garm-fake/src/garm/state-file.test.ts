/**
 * Where the `garm` executable keeps its database: one state file per database, as a real GARM's
 * data lives in the PostgreSQL database whoever connects to it.
 */
import { describe, expect, it } from "vitest";

import { stateFileFor, type GarmConfig } from "./config.js";

const env = { GARM_FAKE_STATE_DIR: "/state" };

function withDatabase(postgresql: { username: string; password: string; database: string }): GarmConfig {
  return {
    apiserver: { bind: "127.0.0.1", port: 8080, use_tls: false },
    jwt_auth: { secret: "a-jwt-secret-of-at-least-32-characters!" },
    metrics: { enable: true, disable_auth: true },
    database: {
      backend: "postgresql",
      passphrase: "0123456789abcdef0123456789abcdef",
      postgresql: { hostname: "10.0.0.5", port: 5432, ...postgresql },
    },
    provider: [],
  };
}

describe("the garm executable's state file", () => {
  it("a new PostgreSQL user for the same database (a re-created relation) keeps the database", () => {
    const first = withDatabase({ username: "relation_id_3", password: "one", database: "garm" });
    const again = withDatabase({ username: "relation_id_9", password: "two", database: "garm" });
    expect(stateFileFor(again, env)).toBe(stateFileFor(first, env));
  });

  it("another database is another state file", () => {
    const garm = withDatabase({ username: "u", password: "p", database: "garm" });
    const other = withDatabase({ username: "u", password: "p", database: "other" });
    expect(stateFileFor(other, env)).not.toBe(stateFileFor(garm, env));
  });
});

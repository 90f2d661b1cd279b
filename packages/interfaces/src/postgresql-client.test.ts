import { describe, it, expect } from "vitest";
import {
  parsePostgresqlEndpoint,
  postgresqlRequestAppData,
  postgresqlRequestUnitData,
  readPostgresqlConnection,
  type PostgresqlSecretReader,
} from "./postgresql-client.js";

const USER_URI = "secret://7f3c0000-0000-4000-8000-000000000000/d1k2abcdefghijklmnop";
const TLS_URI = "secret:d1k3abcdefghijklmnop";

function secretsFrom(contents: Record<string, Record<string, string>>): PostgresqlSecretReader {
  return (uri) => {
    const content = contents[uri];
    if (content === undefined) return Promise.reject(new Error(`ERROR secret ${uri} not found`));
    return Promise.resolve(content);
  };
}

const noSecrets = secretsFrom({});

describe("postgresqlRequestAppData", () => {
  it("asks for the database and for credentials as secrets in one write", () => {
    const bag = postgresqlRequestAppData("garm");
    expect(bag["database"]).toBe("garm");
    expect(JSON.parse(bag["requested-secrets"]!)).toEqual([
      "username",
      "password",
      "tls",
      "tls-ca",
      "uris",
      "read-only-uris",
      "entity-name",
      "entity-password",
    ]);
    expect(JSON.parse(bag["provided-secrets"]!)).toEqual(["mtls-cert"]);
    expect(Object.keys(bag)).not.toContain("version");
  });

  it("duplicates the secret lists in the unit databag", () => {
    const unit = postgresqlRequestUnitData();
    expect(Object.keys(unit).sort()).toEqual(["provided-secrets", "requested-secrets"]);
  });

  it("refuses a database name PostgreSQL cannot take", () => {
    expect(() => postgresqlRequestAppData("")).toThrow();
    expect(() => postgresqlRequestAppData("a;drop")).toThrow();
  });
});

describe("postgresql_client golden databags (spec 1.1, 1.2)", () => {
  // The Python library writes json.dumps(list): ", " between items.
  const REQUESTED =
    '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]';

  it("writes the spec's requirer app databag byte for byte", () => {
    expect(postgresqlRequestAppData("garm")).toStrictEqual({
      database: "garm",
      "requested-secrets": REQUESTED,
      "provided-secrets": '["mtls-cert"]',
    });
  });

  it("writes the spec's requirer unit databag, without the library's `data` diff snapshot", () => {
    expect(postgresqlRequestUnitData()).toStrictEqual({
      "requested-secrets": REQUESTED,
      "provided-secrets": '["mtls-cert"]',
    });
  });

  it("reads the spec's secret-mode provider databag", async () => {
    const userUri = "secret://7f3c0000-0000-4000-8000-000000000000/d1k2abcdefghijklmnop";
    const tlsUri = "secret://7f3c0000-0000-4000-8000-000000000000/d1k3abcdefghijklmnop";
    const result = await readPostgresqlConnection(
      {
        database: "garm",
        endpoints: "postgresql-k8s-primary.db.svc.cluster.local:5432",
        "read-only-endpoints": "postgresql-k8s-replicas.db.svc.cluster.local:5432",
        version: "16.9",
        "secret-user": userUri,
        "secret-tls": tlsUri,
      },
      secretsFrom({
        [userUri]: {
          username: "relation_id_7",
          password: "pw-7",
          uris: "postgresql://relation_id_7:pw-7@postgresql-k8s-primary.db.svc.cluster.local:5432/garm",
        },
        [tlsUri]: { tls: "True", "tls-ca": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
      }),
    );
    expect(result).toStrictEqual({
      ok: true,
      value: {
        host: "postgresql-k8s-primary.db.svc.cluster.local",
        port: 5432,
        database: "garm",
        username: "relation_id_7",
        password: "pw-7",
        tlsEnabled: true,
        tlsCa: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      },
    });
  });

  it("reads the spec's plain-mode provider databag", async () => {
    const result = await readPostgresqlConnection(
      {
        database: "garm",
        endpoints: "10.1.2.3:5432",
        username: "relation_id_7",
        password: "pw",
        version: "14.11",
      },
      noSecrets,
    );
    expect(result).toStrictEqual({
      ok: true,
      value: {
        host: "10.1.2.3",
        port: 5432,
        database: "garm",
        username: "relation_id_7",
        password: "pw",
        tlsEnabled: undefined,
        tlsCa: undefined,
      },
    });
  });

  it("takes the tls group from plain keys when there is no secret-tls, and `False` as disabled", async () => {
    const result = await readPostgresqlConnection(
      { database: "garm", endpoints: "db:5432", "secret-user": USER_URI, tls: "False" },
      secretsFrom({ [USER_URI]: { username: "u", password: "p" } }),
    );
    expect(result.ok && result.value.tlsEnabled).toBe(false);
  });

  it("does not mix groups: a secret user group wins over plain username/password", async () => {
    const result = await readPostgresqlConnection(
      {
        database: "garm",
        endpoints: "db:5432",
        "secret-user": USER_URI,
        username: "stale-plain",
        password: "stale-plain-pw",
      },
      secretsFrom({ [USER_URI]: { username: "from-secret", password: "secret-pw" } }),
    );
    expect(result.ok && [result.value.username, result.value.password]).toEqual(["from-secret", "secret-pw"]);
  });

  it("ignores the provider's keys garm does not use (uris, status, data, encryption-secret)", async () => {
    const result = await readPostgresqlConnection(
      {
        database: "garm",
        endpoints: "db:5432",
        username: "u",
        password: "p",
        uris: "postgresql://other-user:other@elsewhere:5432/other",
        status: "[]",
        data: '{"database": "garm"}',
        "encryption-secret": "secret:abc",
      },
      noSecrets,
    );
    expect(result.ok && result.value).toMatchObject({ host: "db", username: "u", database: "garm" });
  });
});

describe("parsePostgresqlEndpoint", () => {
  it.each([
    ["10.0.0.5:5432", { host: "10.0.0.5", port: 5432 }],
    ["primary.db.svc.cluster.local:5433,replica:5432", { host: "primary.db.svc.cluster.local", port: 5433 }],
    [" db:5432 ", { host: "db", port: 5432 }],
    ["[fd00::1]:5432", { host: "fd00::1", port: 5432 }],
  ])("takes the first entry of %s", (input, expected) => {
    expect(parsePostgresqlEndpoint(input)).toEqual(expected);
  });

  it.each(["db", ":5432", "db:", "db:0", "db:70000", "db:54x2", "d b:5432", "db:+80"])(
    "rejects %s",
    (input) => {
      expect(parsePostgresqlEndpoint(input)).toBeUndefined();
    },
  );
});

describe("readPostgresqlConnection", () => {
  it("reads credentials from the secret-user secret", async () => {
    const result = await readPostgresqlConnection(
      {
        database: "garm",
        endpoints: "postgresql-k8s-primary.db.svc.cluster.local:5432",
        "read-only-endpoints": "postgresql-k8s-replicas.db.svc.cluster.local:5432",
        version: "16.9",
        "secret-user": USER_URI,
        "secret-tls": TLS_URI,
      },
      secretsFrom({
        [USER_URI]: { username: "relation_id_7", password: "s3cr3t", uris: "postgresql://x" },
        [TLS_URI]: { tls: "True", "tls-ca": "-----BEGIN CERTIFICATE-----" },
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        host: "postgresql-k8s-primary.db.svc.cluster.local",
        port: 5432,
        database: "garm",
        username: "relation_id_7",
        password: "s3cr3t",
        tlsEnabled: true,
        tlsCa: "-----BEGIN CERTIFICATE-----",
      },
    });
  });

  it("reads plain credentials when the provider answered without secrets", async () => {
    const result = await readPostgresqlConnection(
      { database: "garm", endpoints: "10.1.2.3:5432", username: "u", password: "p", version: "14.11" },
      noSecrets,
    );
    expect(result.ok && result.value).toMatchObject({ host: "10.1.2.3", username: "u", password: "p" });
    expect(result.ok && result.value.tlsEnabled).toBeUndefined();
  });

  it("falls back to plain keys per group, only when the secret holds none of the group's fields", async () => {
    const bag = {
      database: "garm",
      endpoints: "db:5432",
      "secret-user": USER_URI,
      username: "plain-user",
      password: "plain-pw",
    };
    const empty = await readPostgresqlConnection(bag, secretsFrom({ [USER_URI]: { other: "x" } }));
    expect(empty.ok && empty.value.username).toBe("plain-user");
    const partial = await readPostgresqlConnection(bag, secretsFrom({ [USER_URI]: { username: "s-user" } }));
    expect(partial).toMatchObject({ ok: false, state: "incomplete" });
  });

  it("waits while nothing has been published", async () => {
    const result = await readPostgresqlConnection({}, noSecrets);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.state).toBe("incomplete");
    expect(result.problems.map((p) => p.key)).toEqual(["endpoints", "database", "secret-user"]);
    expect(result.state === "incomplete" && result.missing).toEqual(["endpoints", "database", "secret-user"]);
  });

  it("waits when the credentials secret is not readable yet, without leaking anything", async () => {
    const result = await readPostgresqlConnection(
      { database: "garm", endpoints: "db:5432", "secret-user": USER_URI },
      noSecrets,
    );
    expect(result).toMatchObject({ ok: false, state: "incomplete", problems: [{ key: "secret-user" }] });
  });

  it("reports malformed data as invalid", async () => {
    const result = await readPostgresqlConnection(
      { database: "garm", endpoints: "no-port-here", "secret-user": "--format=yaml" },
      noSecrets,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.state).toBe("invalid");
    expect(result.problems.map((p) => p.key).sort()).toEqual(["endpoints", "secret-user"]);
  });

  it("never puts the password in a problem message", async () => {
    const result = await readPostgresqlConnection(
      { database: "bad name!", endpoints: "db:5432", username: "u", password: "hunter2-secret" },
      noSecrets,
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain("hunter2-secret");
  });

  it("tolerates unknown provider keys", async () => {
    const result = await readPostgresqlConnection(
      { database: "garm", endpoints: "db:5432", username: "u", password: "p", "encryption-secret": "x" },
      noSecrets,
    );
    expect(result.ok).toBe(true);
  });
});

/**
 * TLS to PostgreSQL through the harness: a database that offers TLS and a CA gets a verifying GARM
 * (the CA in the workload, sslmode verify-ca, the driver pointed at the CA); one that offers none
 * keeps `prefer`; the config is re-rendered and GARM restarted only when this changes.
 */
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import {
  events,
  fileText,
  getContainer,
  relation,
  secret,
  type Context,
  type State,
} from "@garm-charms/charm-testing";
import { parse as parseToml } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  charmOptions,
  garmContext,
  GARM_PROVIDERS,
  oneConfigurator,
  postgresql,
  readyState,
} from "./fixtures.js";

let garm: GarmFake;

beforeAll(async () => {
  garm = await startGarmFake({ providers: GARM_PROVIDERS });
});

afterAll(async () => {
  await garm.close();
});

const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIUTRCQzIfXgXKzpdMhRRHs8bFsnt8wCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSdGVzdC1wb3N0Z3Jlc3FsLWNhMCAXDTI2MTIwNjA5NTgyM1oY
DzIxMjYxMTEyMDk1ODIzWjAdMRswGQYDVQQDDBJ0ZXN0LXBvc3RncmVzcWwtY2Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASuc1CqyP6spy3lwHJkjsM1JadERwyN
Xowr3gs4HEGHsjZerxWTo6LhrMvEyWuhtC03FodxcCBGRufZ6po/sh3Wo1MwUTAd
BgNVHQ4EFgQUJ3+wQBKLT5nLEKscvhbD8jlJYhgwHwYDVR0jBBgwFoAUJ3+wQBKL
T5nLEKscvhbD8jlJYhgwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiEAloE4eyWu9Uy5Pa76X74Kx+eM/oHdthsmG51Jkdf2YgwCIFkhuaCLaT3wn4tW
dAZMQ5rWpi9r83PW39XAnFUPRr4+
-----END CERTIFICATE-----`;
const CA_PATH = "/etc/garm/postgresql-ca.pem";

const tlsSecret = secret({
  id: "secret:cs000000000000dbtls00001",
  content: { tls: "True", "tls-ca": CA_PEM },
});
const postgresqlWithTls = relation({
  ...postgresql,
  remoteAppData: { ...postgresql.remoteAppData, "secret-tls": tlsSecret.id },
});

function withTls(overrides: Partial<State> = {}): State {
  const base = readyState();
  return readyState({
    relations: [postgresqlWithTls, oneConfigurator],
    secrets: [...base.secrets, tlsSecret],
    ...overrides,
  });
}

const context = (): Promise<Context> => garmContext(charmOptions(garm.url));
const replans = (ctx: Context) => (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.action === "replan");
const pushes = (ctx: Context) =>
  (ctx.pebbleRequests["garm"] ?? []).filter((r) => r.path === "/v1/files" && r.method === "POST");

function sslmode(out: State): unknown {
  const file = getContainer(out, "garm")?.files["/etc/garm/config.toml"];
  const config = parseToml(file === undefined ? "" : fileText(file)) as {
    database: { postgresql: { sslmode: string } };
  };
  return config.database.postgresql.sslmode;
}

function garmEnvironment(out: State): Record<string, unknown> {
  const layer = getContainer(out, "garm")?.layers["garm"] as {
    services: { garm: { environment: Record<string, unknown> } };
  };
  return layer.services.garm.environment;
}

describe("TLS to PostgreSQL", () => {
  it("verifies the server with the offered CA: CA file 0600, sslmode verify-ca, PGSSLROOTCERT", async () => {
    const ctx = await context();
    const out = await ctx.run(events.pebbleReady("garm"), withTls());
    const ca = getContainer(out, "garm")?.files[CA_PATH];
    expect(ca === undefined ? undefined : fileText(ca)).toBe(`${CA_PEM}\n`);
    expect(ca?.permissions).toBe("600");
    // GARM runs as root (its service sets no user): the owner Pebble gives a pushed file.
    expect(ca?.user ?? "root").toBe("root");
    expect(sslmode(out)).toBe("verify-ca");
    expect(garmEnvironment(out)["PGSSLROOTCERT"]).toBe(CA_PATH);
    expect(out.unitStatus).toEqual({ name: "active", message: "PostgreSQL TLS verified (verify-ca)" });
  });

  it("keeps prefer, with no CA file and no PGSSLROOTCERT, when the database offers no TLS", async () => {
    const ctx = await context();
    const out = await ctx.run(events.pebbleReady("garm"), readyState());
    expect(sslmode(out)).toBe("prefer");
    expect(getContainer(out, "garm")?.files[CA_PATH]).toBeUndefined();
    expect(garmEnvironment(out)["PGSSLROOTCERT"]).toBeUndefined();
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("says so when TLS is on but no CA came with it, and keeps prefer", async () => {
    const ctx = await context();
    const noCa = secret({ id: tlsSecret.id, content: { tls: "True" } });
    const base = readyState();
    const out = await ctx.run(
      events.pebbleReady("garm"),
      readyState({ relations: [postgresqlWithTls, oneConfigurator], secrets: [...base.secrets, noCa] }),
    );
    expect(sslmode(out)).toBe("prefer");
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "PostgreSQL TLS not verified: no CA offered (prefer)",
    });
  });

  it("blocks on a tls-ca that is not a certificate chain, without quoting it", async () => {
    const ctx = await context();
    const bad = secret({ id: tlsSecret.id, content: { tls: "True", "tls-ca": "garbage" } });
    const base = readyState();
    const out = await ctx.run(
      events.configChanged(),
      readyState({ relations: [postgresqlWithTls, oneConfigurator], secrets: [...base.secrets, bad] }),
    );
    expect(out.unitStatus).toEqual({
      name: "blocked",
      message: "Invalid postgresql relation data: tls-ca is not a PEM certificate chain",
    });
  });

  it("re-renders and restarts GARM only when the TLS mode changes", async () => {
    const ctx = await context();
    const plain = await ctx.run(events.pebbleReady("garm"), readyState());
    expect(replans(ctx)).toHaveLength(1);

    const again = await ctx.run(events.updateStatus(), plain);
    expect(replans(ctx)).toEqual([]);
    expect(pushes(ctx)).toEqual([]);

    const tls = await ctx.run(events.secretChanged(tlsSecret), {
      ...withTls(),
      containers: again.containers,
    });
    expect(sslmode(tls)).toBe("verify-ca");
    expect(replans(ctx)).toHaveLength(1);

    await ctx.run(events.updateStatus(), tls);
    expect(replans(ctx)).toEqual([]);
    expect(pushes(ctx)).toEqual([]);

    const back = await ctx.run(events.relationChanged(postgresql), {
      ...readyState(),
      containers: tls.containers,
    });
    expect(sslmode(back)).toBe("prefer");
    expect(garmEnvironment(back)["PGSSLROOTCERT"]).toBeUndefined();
    expect(replans(ctx)).toHaveLength(1);
  });
});

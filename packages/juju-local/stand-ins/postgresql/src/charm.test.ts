/**
 * The PostgreSQL stand-in, state by state, read back with the garm charm's own requirer code
 * (`@garm-charms/interfaces`): what it writes is what garm reads.
 */
import {
  Context,
  events,
  getRelation,
  getSecret,
  relation,
  state,
  type State,
} from "@garm-charms/charm-testing";
import { postgresqlRequestAppData, readPostgresqlConnection } from "@garm-charms/interfaces";
import { describe, expect, it } from "vitest";

import { postgresqlStandIn, secretLabel } from "./charm.js";

const MODEL = { name: "local", uuid: "0c7d9a51-3b2e-4f1a-8c6d-2e9f4b7a1d30", type: "caas" } as const;
const CA = "-----BEGIN CERTIFICATE-----\nMIIBstandinCAcertificate0000\n-----END CERTIFICATE-----";

/** Plain mode puts the credentials in the app databag by protocol; nowhere else. */
const plainAllowed = new Context(postgresqlStandIn, {
  secretLeaks: {
    publicKeys: ["username"],
    allow: (place) =>
      place.kind === "databag" && place.bag === "app" && ["password", "uris"].includes(place.key ?? ""),
  },
});
const ctx = new Context(postgresqlStandIn, { secretLeaks: { publicKeys: ["username", "tls"] } });

function garmRelation(request: Record<string, string> = postgresqlRequestAppData("garm")) {
  return relation({ endpoint: "database", remoteAppName: "garm", remoteAppData: request });
}

function input(
  options: { leader?: boolean; config?: Record<string, string | number> } = {},
  rel = garmRelation(),
): State {
  return state({
    leader: options.leader ?? true,
    model: MODEL,
    config: options.config ?? {},
    relations: [rel],
  });
}

function providerBag(out: State, id: number): Readonly<Record<string, string>> {
  return getRelation(out, id)?.localAppData ?? {};
}

/** garm's reader, with the secrets of `out` as Juju would hand them to garm (granted only). */
function readAsGarm(out: State, id: number) {
  return readPostgresqlConnection(providerBag(out, id), async (uri) => {
    const secret = getSecret(out, { id: uri });
    if (secret === undefined || !(id in secret.grants)) throw new Error("not granted");
    return secret.revisions.at(-1)?.content ?? {};
  });
}

describe("postgresql stand-in (postgresql_client provider)", () => {
  it("answers garm's request with every key, the user in a secret granted to the relation", async () => {
    const rel = garmRelation();
    const out = await ctx.run(events.relationChanged(rel), input({}, rel));
    const bag = providerBag(out, rel.id);
    expect(Object.keys(bag).sort()).toEqual(["database", "endpoints", "secret-user", "version"]);
    expect(bag).toMatchObject({ database: "garm", endpoints: "127.0.0.1:5432", version: "16.9" });
    expect(bag["secret-user"]).toMatch(new RegExp(`^secret://${MODEL.uuid}/`));
    const user = getSecret(out, { label: secretLabel(rel.id, "user") });
    expect(user?.owner).toBe("app");
    expect(user?.grants[rel.id]).toEqual(["garm"]);
    const content = user?.revisions.at(-1)?.content ?? {};
    expect(content["username"]).toBe(`relation_id_${String(rel.id)}`);
    expect(content["password"]).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(content["uris"]).toBe(
      `postgresql://${content["username"]}:${content["password"]}@127.0.0.1:5432/garm`,
    );
    expect(await readAsGarm(out, rel.id)).toEqual({
      ok: true,
      value: {
        host: "127.0.0.1",
        port: 5432,
        database: "garm",
        username: content["username"],
        password: content["password"],
        tlsEnabled: undefined,
        tlsCa: undefined,
      },
    });
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("keeps the password and the secret's revision on the next hooks", async () => {
    const rel = garmRelation();
    const first = await ctx.run(events.relationChanged(rel), input({}, rel));
    const again = await ctx.run(events.updateStatus(), first);
    expect(getSecret(again, { label: secretLabel(rel.id, "user") })?.revisions).toEqual(
      getSecret(first, { label: secretLabel(rel.id, "user") })?.revisions,
    );
    expect(providerBag(again, rel.id)).toEqual(providerBag(first, rel.id));
  });

  it("writes nothing before the requirer has asked for a database", async () => {
    const rel = garmRelation({});
    const out = await ctx.run(events.relationJoined(rel), input({}, rel));
    expect(providerBag(out, rel.id)).toEqual({});
    expect(out.secrets).toEqual([]);
  });

  it("writes nothing and makes no secret on a non-leader unit", async () => {
    const rel = garmRelation();
    const out = await ctx.run(events.relationChanged(rel), input({ leader: false }, rel));
    expect(providerBag(out, rel.id)).toEqual({});
    expect(out.secrets).toEqual([]);
    expect(ctx.hookToolCalls.map((call) => call.tool)).not.toContain("relation-set");
  });

  it("answers in plain keys when the requirer did not ask for secrets, and grants nothing", async () => {
    const rel = garmRelation({ database: "garm" });
    const out = await plainAllowed.run(events.relationChanged(rel), input({}, rel));
    const bag = providerBag(out, rel.id);
    expect(Object.keys(bag).sort()).toEqual([
      "database",
      "endpoints",
      "password",
      "uris",
      "username",
      "version",
    ]);
    expect(getSecret(out, { label: secretLabel(rel.id, "user") })?.grants).toEqual({});
    const read = await readAsGarm(out, rel.id);
    expect(read.ok && read.value.password).toBe(bag["password"]);
  });

  it("publishes TLS in secret-tls when tls-ca is set, and takes it away when unset", async () => {
    const rel = garmRelation();
    const on = await ctx.run(
      events.configChanged(),
      input({ config: { "tls-ca": CA, port: 5433, host: "db.local" } }, rel),
    );
    expect(providerBag(on, rel.id)["endpoints"]).toBe("db.local:5433");
    const tls = getSecret(on, { label: secretLabel(rel.id, "tls") });
    expect(tls?.revisions.at(-1)?.content).toEqual({ tls: "True", "tls-ca": CA });
    expect(tls?.grants[rel.id]).toEqual(["garm"]);
    const read = await readAsGarm(on, rel.id);
    expect(read.ok && [read.value.tlsEnabled, read.value.tlsCa]).toEqual([true, CA]);
    const off = await ctx.run(events.configChanged(), { ...on, config: {} });
    expect(providerBag(off, rel.id)["secret-tls"]).toBeUndefined();
    expect(getSecret(off, { label: secretLabel(rel.id, "tls") })).toBeUndefined();
  });

  it("removes the relation's secrets when the relation breaks", async () => {
    const rel = garmRelation();
    const answered = await ctx.run(events.relationChanged(rel), input({}, rel));
    const out = await ctx.run(events.relationBroken(rel), answered);
    expect(getSecret(out, { label: secretLabel(rel.id, "user") })).toBeUndefined();
  });

  it("refuses an invalid database name, writing nothing", async () => {
    const rel = garmRelation({ ...postgresqlRequestAppData("garm"), database: "garm; drop" });
    const out = await ctx.run(events.relationChanged(rel), input({}, rel));
    expect(providerBag(out, rel.id)).toEqual({});
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "1 database request(s) refused: see debug-log",
    });
  });

  it("blocks on an invalid option, naming it", async () => {
    const rel = garmRelation();
    const out = await ctx.run(events.configChanged(), input({ config: { port: 0 } }, rel));
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toContain("port");
    expect(providerBag(out, rel.id)).toEqual({});
  });
});

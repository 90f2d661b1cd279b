/**
 * The PostgreSQL stand-in: on every event the leader answers each `database` relation whose
 * requirer has asked for a database, as postgresql-k8s's data_interfaces provider does:
 *
 *   requirer app bag: database, requested-secrets ──► provider app bag: database, endpoints,
 *   version, secret-user (+ secret-tls), or username/password/uris (+ tls, tls-ca) in plain mode
 *
 * The credentials live in an app-owned secret per relation (made once, so the password is
 * stable), granted to the relation in secret mode. Non-leaders write nothing.
 */
import { randomBytes } from "node:crypto";

import type { Charm, HookContext, Relation } from "@garm-charms/charm-runtime";
import {
  answerAsLeader,
  brokenRelationId,
  ensureOwnedSecret,
  grantOwnedSecret,
  removeOwnedSecret,
  type Answer,
} from "@garm-charms/stand-in-shared";
import * as z from "zod";

export const DATABASE_ENDPOINT = "database";

const configSchema = z.object({
  host: z.string().regex(/^[A-Za-z0-9._:-]{1,253}$/, "must be an IP address or host name"),
  port: z.number().int().min(1, "must be a port number").max(65_535, "must be a port number"),
  version: z.string().regex(/^[0-9][0-9A-Za-z.+~-]*$/, "must be a version such as 16.9"),
  "tls-ca": z.string(),
});

type Settings = z.output<typeof configSchema>;

/** The name the requirer asks for; PostgreSQL identifiers are at most 63 bytes. */
const databaseNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,63}$/);

/** Label of a relation's secret for one group, as data_interfaces names them. */
export function secretLabel(relationId: number, group: "user" | "tls"): string {
  return `${DATABASE_ENDPOINT}.${String(relationId)}.${group}.secret`;
}

function endpointOf(settings: Settings): string {
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return `${host}:${String(settings.port)}`;
}

/** The relation's user, made once: the username as postgresql-k8s names it, a random password. */
function userContent(relationId: number, endpoint: string, database: string) {
  return (current: Readonly<Record<string, string>> | undefined): Record<string, string> => {
    const username = current?.["username"] ?? `relation_id_${String(relationId)}`;
    const password = current?.["password"] ?? randomBytes(24).toString("base64url");
    return { username, password, uris: `postgresql://${username}:${password}@${endpoint}/${database}` };
  };
}

/**
 * Secret mode when the requirer asked for secrets, except when this bag already holds plain
 * credentials (the library's sticky fallback for relations made before secrets existed).
 */
async function usesSecrets(
  relation: Relation,
  requested: Readonly<Record<string, string>>,
): Promise<boolean> {
  const asked = (requested["requested-secrets"] ?? "") !== "";
  return asked && !("username" in (await relation.localAppData.get()));
}

async function answer(ctx: HookContext, relation: Relation, settings: Settings): Promise<Answer> {
  const requested = await relation.remoteAppData.get();
  const database = requested["database"] ?? "";
  // The provider writes nothing before the request (data_interfaces' PrematureDataAccessError).
  if (database === "") return "waiting";
  if (!databaseNameSchema.safeParse(database).success) {
    await ctx.log.warning(`Relation ${String(relation.id)} asks for an invalid database name; not answered`);
    return "refused";
  }
  const endpoint = endpointOf(settings);
  const user = await ensureOwnedSecret(
    ctx,
    secretLabel(relation.id, "user"),
    userContent(relation.id, endpoint, database),
  );
  const tls = settings["tls-ca"] === "" ? undefined : { tls: "True", "tls-ca": settings["tls-ca"] };
  const data: Record<string, string> = { database, endpoints: endpoint, version: settings.version };
  if (await usesSecrets(relation, requested)) {
    await grantOwnedSecret(ctx, secretLabel(relation.id, "user"), relation);
    data["secret-user"] = user.uri;
    if (tls !== undefined) {
      const secret = await ensureOwnedSecret(ctx, secretLabel(relation.id, "tls"), () => tls);
      await grantOwnedSecret(ctx, secretLabel(relation.id, "tls"), relation);
      data["secret-tls"] = secret.uri;
    } else {
      data["secret-tls"] = "";
      await removeOwnedSecret(ctx, secretLabel(relation.id, "tls"));
    }
  } else {
    Object.assign(data, user.content, tls ?? { tls: "", "tls-ca": "" });
  }
  await relation.localAppData.update(data);
  return "answered";
}

/** The breaking relation's user goes with it, as postgresql-k8s drops the relation's user. */
async function forgetBroken(ctx: HookContext): Promise<void> {
  const broken = brokenRelationId(ctx, DATABASE_ENDPOINT);
  if (broken === undefined) return;
  await removeOwnedSecret(ctx, secretLabel(broken, "user"));
  await removeOwnedSecret(ctx, secretLabel(broken, "tls"));
}

/** Every event runs the same reconcile; actions and secret events change nothing here. */
export const postgresqlStandIn: Charm = async (ctx) => {
  if (ctx.event.kind === "action") return;
  await answerAsLeader(ctx, await ctx.checkConfig(configSchema), {
    endpoint: DATABASE_ENDPOINT,
    requests: "database request(s)",
    beforeAnswers: forgetBroken,
    answer,
  });
};

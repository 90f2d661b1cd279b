/**
 * The `postgresql` relation (postgresql_client, requirer side): the leader asks for a database
 * named after the application; every unit reads the endpoint and credentials the provider
 * published (credentials usually through a Juju secret). GARM takes one host: the first endpoint.
 */
import type { HookContext, Relation } from "@garm-charms/charm-runtime";
import {
  POSTGRESQL_LIBRARY_SNAPSHOT_KEY,
  postgresqlRequestAppData,
  postgresqlRequestUnitData,
  readPostgresqlConnection,
  type PostgresqlConnection,
} from "@garm-charms/interfaces";
import { readSharedSecret } from "./shared-secrets.js";

export const POSTGRESQL_ENDPOINT = "postgresql";

/** Leader only: the request, with `requested-secrets` in the same write as `database`. */
export async function requestDatabase(ctx: HookContext, relation: Relation): Promise<void> {
  await relation.localAppData.update(postgresqlRequestAppData(ctx.app));
  await relation.localUnitData.update(postgresqlRequestUnitData());
}

/**
 * Every unit: drops the Python library's diff snapshot (`data`) from this unit's databag. A charm
 * upgraded from the Python implementation would otherwise keep publishing a stale copy of the
 * provider's databag; nothing is sent when the key is absent.
 */
export async function dropLibrarySnapshot(ctx: HookContext): Promise<void> {
  const relation = await ctx.relation(POSTGRESQL_ENDPOINT);
  if (relation === undefined) return;
  await relation.localUnitData.update({ [POSTGRESQL_LIBRARY_SNAPSHOT_KEY]: "" });
}

export type DatabaseRead =
  | { readonly kind: "ready"; readonly connection: PostgresqlConnection }
  | { readonly kind: "absent" }
  | { readonly kind: "incomplete" }
  | { readonly kind: "invalid"; readonly problems: readonly string[] };

/** The provider's answer, validated; problem texts name keys, never credential values. */
export async function readDatabase(ctx: HookContext, relation: Relation | undefined): Promise<DatabaseRead> {
  if (relation === undefined) return { kind: "absent" };
  if (relation.remoteAppName === undefined) return { kind: "incomplete" };
  const read = await readPostgresqlConnection(await relation.remoteAppData.get(), (uri) =>
    readSharedSecret(ctx, uri),
  );
  if (read.ok) return { kind: "ready", connection: read.value };
  if (read.state === "incomplete") return { kind: "incomplete" };
  return { kind: "invalid", problems: read.problems.map((problem) => problem.message) };
}

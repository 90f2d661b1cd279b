/**
 * Relation tools: relation-ids, relation-list (units and `--app`), relation-get, relation-set,
 * relation-model-get. Relations are referenced as `-r <endpoint>:<id>`. relation-set carries the data
 * as a JSON map on stdin (`--file -`), never in argv; an empty value deletes the key.
 */
import * as z from "zod";

import { RelationNotFoundError } from "../errors.js";
import { relationGetArgs, relationIdsArgs, relationListArgs } from "./read-argv.js";
import type { HookToolSession } from "./session.js";
import { stringListOrNull, stringMapOrNull } from "./session.js";

export interface RelationRef {
  readonly endpoint: string;
  readonly id: number;
}

export function relationRef(ref: RelationRef): string {
  return `${ref.endpoint}:${ref.id}`;
}

/**
 * `db:7` (as relation-ids prints it and JUJU_RELATION_ID holds it) or a bare `7`: the id is the
 * number after the last colon.
 */
export const relationIdSchema = z
  .string()
  .regex(/^(?:.*:)?\d+$/, "expected <endpoint>:<id>")
  .transform((v) => Number(v.slice(v.lastIndexOf(":") + 1)));

const relationIdsSchema = z
  .array(relationIdSchema)
  .nullable()
  .transform((ids) => ids ?? []);

/** Ids of the relations on `endpoint`. */
export function relationIds(session: HookToolSession, endpoint: string): Promise<number[]> {
  return session.cached(`relation-ids:${endpoint}`, () =>
    session.runJson("relation-ids", relationIdsArgs(endpoint), relationIdsSchema),
  );
}

/** Remote units currently in the relation. */
export function relationList(session: HookToolSession, ref: RelationRef): Promise<string[]> {
  return session.cached(`relation-list:${ref.id}`, () =>
    session.runJson("relation-list", relationListArgs(relationRef(ref)), stringListOrNull),
  );
}

/** The remote application's name, or undefined when Juju no longer knows the relation. */
export function relationRemoteApp(session: HookToolSession, ref: RelationRef): Promise<string | undefined> {
  return session.cached(`relation-list-app:${ref.id}`, async () => {
    try {
      const app = await session.runJson(
        "relation-list",
        ["--format=json", "--app", "-r", relationRef(ref)],
        z.string().nullable(),
      );
      return app === null || app === "" ? undefined : app;
    } catch (error) {
      if (error instanceof RelationNotFoundError) return undefined;
      throw error;
    }
  });
}

export interface DatabagRef extends RelationRef {
  /** A unit name (`app/0`), or an application name when `app` is true. */
  readonly member: string;
  readonly app: boolean;
}

function databagKey(ref: DatabagRef): string {
  return `relation-get:${ref.id}:${ref.app ? "app" : "unit"}:${ref.member}`;
}

/** All keys of one databag. */
export function relationGet(session: HookToolSession, ref: DatabagRef): Promise<Record<string, string>> {
  const args = relationGetArgs(relationRef(ref), ref.app, ref.member);
  return session.cached(databagKey(ref), () => session.runJson("relation-get", args, stringMapOrNull));
}

/**
 * Merges `data` into this unit's (or, with `app`, this application's) databag. Empty values delete
 * keys. Juju's relation-get of one's own bag shows the pending write, so a cached read of `member`'s
 * bag gets the write applied; after a failed write the relation's reads are dropped instead.
 */
export async function relationSet(
  session: HookToolSession,
  ref: RelationRef & { readonly app: boolean; readonly member: string },
  data: Readonly<Record<string, string>>,
): Promise<void> {
  const args = ["-r", relationRef(ref), ...(ref.app ? ["--app"] : []), "--file", "-"];
  try {
    await session.run("relation-set", args, JSON.stringify(data));
  } catch (error) {
    session.invalidate(`relation-get:${ref.id}:`);
    throw error;
  }
  session.cache.update<Record<string, string>>(databagKey(ref), (bag) => applyWrite(bag, data));
}

function applyWrite(
  bag: Readonly<Record<string, string>>,
  data: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...bag, ...data }).filter(([, value]) => value !== ""));
}

/** The UUID of the model the remote application lives in (differs for cross-model relations). */
export function relationModelGet(session: HookToolSession, ref: RelationRef): Promise<string> {
  return session.cached(`relation-model-get:${ref.id}`, async () => {
    const out = await session.runJson(
      "relation-model-get",
      ["--format=json", "-r", relationRef(ref)],
      z.object({ uuid: z.string() }),
    );
    return out.uuid;
  });
}

/**
 * Secret tools: secret-add, secret-get, secret-info-get, secret-set, secret-grant, secret-revoke,
 * secret-remove, secret-ids. Content keys are checked against Juju's rule before any tool runs, and
 * values travel in 0600 files (`key#file=`), never in argv.
 */
import * as z from "zod";

import { InvalidKeyError, UnexpectedToolOutputError } from "../errors.js";
import { secretGetArgs, secretInfoGetArgs, type SecretLookup, type SecretReadMode } from "./read-argv.js";
import { withSecretFiles } from "./secret-files.js";
import type { HookToolSession } from "./session.js";
import { stringListOrNull, stringMapOrNull } from "./session.js";

export const SECRET_ROTATE_POLICIES = [
  "never",
  "hourly",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "yearly",
] as const;
export type SecretRotatePolicy = (typeof SECRET_ROTATE_POLICIES)[number];
export type SecretOwner = "application" | "unit";

/** Juju's secret content key rule: lowercase, starts with a letter, at least 3 characters. */
export const SECRET_KEY_PATTERN = /^([a-z](?:-?[a-z0-9]){2,})$/;

export function validateSecretContent(content: Readonly<Record<string, string>>): void {
  const keys = Object.keys(content);
  if (keys.length === 0) throw new InvalidKeyError("", "secret content must have at least one key");
  for (const key of keys) {
    if (!SECRET_KEY_PATTERN.test(key)) {
      throw new InvalidKeyError(
        key,
        "secret keys are lowercase letters, digits and single hyphens, start with a letter, at least 3 characters",
      );
    }
    if (typeof content[key] !== "string") throw new InvalidKeyError(key, "secret values must be strings");
  }
}

/** The bare id (after the last `/` or `:`), the form Juju uses as the secret-info-get map key. */
export function bareSecretId(id: string): string {
  return id.slice(Math.max(id.lastIndexOf("/"), id.lastIndexOf(":")) + 1);
}

/** RFC 3339 with `Z`, seconds precision, as ops formats it; strings (durations, dates) pass through. */
export function formatExpire(expire: Date | string): string {
  return typeof expire === "string" ? expire : expire.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface SecretMetadata {
  readonly label?: string | undefined;
  readonly description?: string | undefined;
  readonly expire?: Date | string | undefined;
  readonly rotate?: SecretRotatePolicy | undefined;
}

function metadataArgs(meta: SecretMetadata): string[] {
  const args: string[] = [];
  if (meta.label !== undefined) args.push("--label", meta.label);
  if (meta.description !== undefined) args.push("--description", meta.description);
  if (meta.expire !== undefined) args.push("--expire", formatExpire(meta.expire));
  if (meta.rotate !== undefined) args.push("--rotate", meta.rotate);
  return args;
}

/** Read-cache keys of secret-info-get, one per way the tool is asked (its `<id>` or `--label`). */
const INFO_BY_ID = "secret-info-get:id:";
const INFO_BY_LABEL = "secret-info-get:label:";
const infoKeyById = (id: string): string => `${INFO_BY_ID}${bareSecretId(id)}`;
const infoKeyByLabel = (label: string): string => `${INFO_BY_LABEL}${label}`;

/**
 * After a write to one secret: drops the cached reads that name it (by bare id or by label) and
 * the list of owned ids; other secrets' reads stand, so a charm touching several secrets in one
 * hook reads each only once.
 */
function invalidateSecret(session: HookToolSession, secret: SecretLookup): void {
  const id = secret.id === undefined ? undefined : bareSecretId(secret.id);
  // A read by label alone may name this secret when its label is not known: drop those too.
  const sameLabel = (keyLabel: string): boolean =>
    keyLabel !== "" && (secret.label === undefined || keyLabel === secret.label);
  session.cache.invalidateWhere((key) => {
    if (key === "secret-ids") return true;
    if (key.startsWith("secret-get:")) {
      const [, , keyId = "", keyLabel = ""] = key.split(":");
      return (
        (id !== undefined && keyId === id) || ((keyId === "" || id === undefined) && sameLabel(keyLabel))
      );
    }
    if (key.startsWith(INFO_BY_ID)) return id === undefined || key === infoKeyById(id);
    if (key.startsWith(INFO_BY_LABEL)) return sameLabel(key.slice(INFO_BY_LABEL.length));
    return false;
  });
}

/** Creates a secret and returns its URI as Juju prints it. */
export async function secretAdd(
  session: HookToolSession,
  content: Readonly<Record<string, string>>,
  meta: SecretMetadata & { readonly owner: SecretOwner },
): Promise<string> {
  validateSecretContent(content);
  try {
    const out = await withSecretFiles(session.tmpDir, content, (files) =>
      session.run("secret-add", [...metadataArgs(meta), "--owner", meta.owner, ...files]),
    );
    const id = out.trim();
    if (!id.startsWith("secret:"))
      throw new UnexpectedToolOutputError("secret-add", "expected a secret: URI");
    return id;
  } finally {
    // A new secret is found by its label from now on (a lookup that failed before must not stand).
    invalidateSecret(session, { label: meta.label });
  }
}

export type { SecretLookup, SecretReadMode } from "./read-argv.js";

/** The content of the tracked revision (`refresh`: track the latest; `peek`: read the latest once). */
export async function secretGet(
  session: HookToolSession,
  lookup: SecretLookup,
  mode: SecretReadMode = "tracked",
): Promise<Record<string, string>> {
  const args = secretGetArgs(lookup, mode);
  const load = () => session.runJson("secret-get", args, stringMapOrNull);
  const key = secretGetKey(mode, lookup);
  if (mode !== "refresh") return session.cached(key, load);
  // Tracking moves to the latest revision: this secret's tracked reads are stale (only this
  // secret's), and the refreshed content is now its tracked content.
  const content = await session.cached(key, load);
  session.cache.invalidateWhere(
    (cached) => cached.startsWith("secret-get:tracked:") && sameLookup(cached, lookup),
  );
  session.cache.set(secretGetKey("tracked", lookup), content);
  return content;
}

function secretGetKey(mode: SecretReadMode, lookup: SecretLookup): string {
  return `secret-get:${mode}:${lookup.id === undefined ? "" : bareSecretId(lookup.id)}:${lookup.label ?? ""}`;
}

/** Whether a cached secret-get key names the secret of `lookup` (by bare id or by label). */
function sameLookup(key: string, lookup: SecretLookup): boolean {
  const [, , id = "", label = ""] = key.split(":");
  if (lookup.id !== undefined && id === bareSecretId(lookup.id)) return true;
  return lookup.label !== undefined && label === lookup.label;
}

export interface SecretInfo {
  /** Bare id, as the tool's map key gives it. */
  readonly id: string;
  readonly revision: number;
  readonly label: string | undefined;
  readonly owner: SecretOwner;
  readonly description: string | undefined;
  readonly rotation: SecretRotatePolicy | undefined;
  readonly expiry: string | undefined;
  readonly rotates: string | undefined;
  readonly access: readonly { readonly target: string; readonly scope: string; readonly role: string }[];
}

const secretInfoSchema = z.record(
  z.string(),
  z.object({
    revision: z.number().int(),
    label: z.string().optional(),
    owner: z.enum(["application", "unit"]),
    description: z.string().optional(),
    rotation: z.enum(SECRET_ROTATE_POLICIES).optional(),
    expiry: z.string().optional(),
    rotates: z.string().optional(),
    access: z.array(z.object({ target: z.string(), scope: z.string(), role: z.string() })).optional(),
  }),
);

/** Metadata of a secret this charm owns, by id or by label (not both: the tool takes one). */
export async function secretInfoGet(session: HookToolSession, lookup: SecretLookup): Promise<SecretInfo> {
  const args = secretInfoGetArgs(lookup);
  const key = lookup.id !== undefined ? infoKeyById(lookup.id) : infoKeyByLabel(lookup.label ?? "");
  return session.cached(key, async () => {
    const out = await session.runJson("secret-info-get", args, secretInfoSchema);
    const [entry] = Object.entries(out);
    if (entry === undefined) throw new UnexpectedToolOutputError("secret-info-get", "empty result");
    const [id, info] = entry;
    const result: SecretInfo = {
      id,
      revision: info.revision,
      label: info.label,
      owner: info.owner,
      description: info.description,
      rotation: info.rotation,
      expiry: info.expiry,
      rotates: info.rotates,
      access: info.access ?? [],
    };
    // The same answer serves a later lookup by id: one secret-info-get per secret, however named.
    if (lookup.id === undefined) session.cache.set(infoKeyById(id), result);
    return result;
  });
}

/** New content (a new revision) and/or new metadata for an owned secret. */
export async function secretSet(
  session: HookToolSession,
  id: string,
  update: SecretMetadata & {
    readonly owner: SecretOwner;
    readonly content?: Readonly<Record<string, string>> | undefined;
  },
  /** The label the caller knows the secret by, if any (narrows what the write drops from the cache). */
  knownLabel?: string,
): Promise<void> {
  if (update.content !== undefined) validateSecretContent(update.content);
  const head = [...metadataArgs(update), "--owner", update.owner, id];
  try {
    if (update.content === undefined) {
      await session.run("secret-set", head);
    } else {
      await withSecretFiles(session.tmpDir, update.content, (files) =>
        session.run("secret-set", [...head, ...files]),
      );
    }
  } finally {
    invalidateSecret(session, { id, label: knownLabel });
    if (update.label !== undefined) invalidateSecret(session, { id, label: update.label });
  }
}

/** `secret-grant` and `secret-revoke` take the same argv: a relation, optionally one of its units. */
async function changeSecretAccess(
  tool: "secret-grant" | "secret-revoke",
  session: HookToolSession,
  id: string,
  relationId: number,
  unit: string | undefined,
  label: string | undefined,
): Promise<void> {
  const args = ["--relation", String(relationId), ...(unit === undefined ? [] : ["--unit", unit]), id];
  try {
    await session.run(tool, args);
  } finally {
    // Access is part of this secret's metadata only: its content and other secrets' reads stand.
    session.invalidate(infoKeyById(id));
    if (label !== undefined) session.invalidate(infoKeyByLabel(label));
  }
}

/** `label`, when the caller knows it, drops that lookup's cached metadata too. */
export async function secretGrant(
  session: HookToolSession,
  id: string,
  relationId: number,
  unit?: string,
  label?: string,
): Promise<void> {
  await changeSecretAccess("secret-grant", session, id, relationId, unit, label);
}

export async function secretRevoke(
  session: HookToolSession,
  id: string,
  relationId: number,
  unit?: string,
  label?: string,
): Promise<void> {
  await changeSecretAccess("secret-revoke", session, id, relationId, unit, label);
}

/** Removes one revision, or every revision when `revision` is undefined. */
export async function secretRemove(
  session: HookToolSession,
  id: string,
  revision?: number,
  knownLabel?: string,
): Promise<void> {
  const args = revision === undefined ? [id] : [id, "--revision", String(revision)];
  try {
    await session.run("secret-remove", args);
  } finally {
    invalidateSecret(session, { id, label: knownLabel });
  }
}

/** Ids of the secrets this unit/application owns (`null` from Juju means none). */
export function secretIds(session: HookToolSession): Promise<string[]> {
  return session.cached("secret-ids", () =>
    session.runJson("secret-ids", ["--format=json"], stringListOrNull),
  );
}

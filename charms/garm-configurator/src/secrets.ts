/**
 * The configurator's kinds of secret access:
 * - reading the operator's user secrets named by the secret-typed options (content key `value`);
 * - reading the planner's token secret, granted to this application over the `planner` relation
 *   (content key `token`);
 * - keeping the application-owned relation secrets (`configurator-password`,
 *   `configurator-github-key`, `configurator-planner-token`) in step with them and granted to
 *   the garm relation.
 * Secret values never leave these functions except as the returned content.
 */
import {
  canonicalSecretId,
  echoInput,
  PermissionDeniedError,
  SecretNotFoundError,
  type HookContext,
  type Relation,
} from "@garm-charms/charm-runtime";
import { readPlannerToken } from "@garm-charms/interfaces";

import type { ConfigProblem } from "./config.js";

/** Labels and content key of the relation secrets (same as the Python charm). */
export const PASSWORD_SECRET_LABEL = "configurator-password";
export const GITHUB_KEY_SECRET_LABEL = "configurator-github-key";
/** The planner's token, re-wrapped: garm cannot read the planner's own secret (granted to us only). */
export const PLANNER_TOKEN_SECRET_LABEL = "configurator-planner-token";
export const SECRET_VALUE_KEY = "value";

export type SecretRead =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: ConfigProblem };

/**
 * The content of secret `id` at its latest revision, which this unit then tracks (so a rotation
 * comes as secret-changed); when the secret is missing or not granted, why (never its content).
 */
async function readLatestContent(
  ctx: HookContext,
  id: string,
): Promise<{ ok: true; content: Record<string, string> } | { ok: false; detail: string }> {
  try {
    // One secret-get: a missing secret fails the read itself, no existence check first.
    return { ok: true, content: await ctx.secretRef({ id }).getContent({ refresh: true }) };
  } catch (error) {
    if (error instanceof SecretNotFoundError || error instanceof PermissionDeniedError) {
      return { ok: false, detail: `${error.name} from ${error.tool}` };
    }
    throw error;
  }
}

/**
 * Reads the `value` of the user secret a secret-typed option names, tracking its latest revision
 * (so a rotated password is published on secret-changed). Missing, not granted, without `value`
 * or with an empty one: a problem of `option` for the blocked status, never an exception.
 */
export async function readOptionSecret(
  ctx: HookContext,
  option: string,
  secretId: string,
): Promise<SecretRead> {
  const read = await readLatestContent(ctx, secretId);
  if (!read.ok) {
    return {
      ok: false,
      problem: {
        option,
        message: `${option} secret cannot be read: check it exists and run juju grant-secret <secret> ${ctx.app}`,
        detail: read.detail,
      },
    };
  }
  const value = read.content[SECRET_VALUE_KEY];
  if (value === undefined) {
    return {
      ok: false,
      problem: {
        option,
        message: `${option} secret has no '${SECRET_VALUE_KEY}' key`,
        detail: `keys present: ${Object.keys(read.content).sort().map(echoInput).join(", ") || "(none)"}`,
      },
    };
  }
  if (value === "") {
    return { ok: false, problem: { option, message: `${option} secret's '${SECRET_VALUE_KEY}' is empty` } };
  }
  return { ok: true, value };
}

/**
 * Leader only: creates the application-owned secret `label` holding `value`, or publishes a new
 * revision when the value changed; grants it to `relation`; returns its URI.
 */
export async function ensureRelationSecret(
  ctx: HookContext,
  relation: Relation,
  label: string,
  value: string,
): Promise<string> {
  let secret = await ctx.findOwnedSecret(label);
  if (secret === undefined) {
    secret = await ctx.addSecret({ [SECRET_VALUE_KEY]: value }, { label, owner: "app" });
    await ctx.log.info(`Created secret ${label}`);
    await secret.grant(relation);
  } else {
    const latest = await secret.getContent({ peek: true });
    if (latest[SECRET_VALUE_KEY] !== value) {
      await secret.setContent({ [SECRET_VALUE_KEY]: value });
      await ctx.log.info(`Published a new revision of secret ${label}`);
    }
    // A grant made in an earlier hook stands until the relation goes: no tool call to repeat it.
    const remoteApp = relation.remoteAppName;
    if (remoteApp === undefined || !(await secret.isGrantedTo(remoteApp))) await secret.grant(relation);
  }
  return secret.id ?? canonicalSecretId((await secret.info()).id, ctx.model.uuid);
}

/**
 * Leader only: removes the application-owned secret `label` if it exists, first revoking the
 * grant to `relation` (when it is still there), so garm loses access at once.
 */
export async function removeRelationSecret(
  ctx: HookContext,
  relation: Relation | undefined,
  label: string,
): Promise<void> {
  const secret = await ctx.findOwnedSecret(label);
  if (secret === undefined) return;
  if (relation !== undefined) await secret.revoke(relation);
  await secret.removeAll();
  await ctx.log.info(`Removed secret ${label}`);
}

export type PlannerTokenSecretRead =
  | { readonly ok: true; readonly token: string }
  /** Not found or not granted (yet): the planner has not finished, or has revoked it. */
  | { readonly ok: false; readonly kind: "unreadable"; readonly detail: string }
  /** Readable, but without a usable token: a broken planner. */
  | { readonly ok: false; readonly kind: "invalid"; readonly problem: string };

/**
 * Reads the planner's token secret at its latest revision (and tracks it, so a rotation comes
 * as secret-changed). The URI is used exactly as the planner published it.
 */
export async function readPlannerTokenSecret(ctx: HookContext, uri: string): Promise<PlannerTokenSecretRead> {
  const secret = await readLatestContent(ctx, uri);
  if (!secret.ok) return { ok: false, kind: "unreadable", detail: secret.detail };
  const read = readPlannerToken(secret.content);
  return read.ok ? read : { ok: false, kind: "invalid", problem: read.problem };
}

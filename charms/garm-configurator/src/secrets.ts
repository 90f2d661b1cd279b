/**
 * The configurator's two kinds of secret access:
 * - reading the operator's user secrets named by the secret-typed options (content key `value`);
 * - keeping the application-owned relation secrets (`configurator-password`,
 *   `configurator-github-key`) in step with them and granted to the garm relation.
 * Secret values never leave these functions except as the returned content.
 */
import {
  canonicalSecretId,
  echoInput,
  PermissionDeniedError,
  SecretNotFoundError,
  type HookContext,
  type Relation,
  type Secret,
} from "@garm-charms/charm-runtime";
import type { ConfigProblem } from "./config.js";

/** Labels and content key of the relation secrets (same as the Python charm). */
export const PASSWORD_SECRET_LABEL = "configurator-password";
export const GITHUB_KEY_SECRET_LABEL = "configurator-github-key";
export const SECRET_VALUE_KEY = "value";

export type SecretRead =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: ConfigProblem };

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
  let content: Record<string, string>;
  try {
    const secret = await ctx.getSecret({ id: secretId });
    content = await secret.getContent({ refresh: true });
  } catch (error) {
    if (error instanceof SecretNotFoundError || error instanceof PermissionDeniedError) {
      return {
        ok: false,
        problem: {
          option,
          message: `${option} secret cannot be read: check it exists and run juju grant-secret <secret> ${ctx.app}`,
          detail: `${error.name} from ${error.tool}`,
        },
      };
    }
    throw error;
  }
  const value = content[SECRET_VALUE_KEY];
  if (value === undefined) {
    return {
      ok: false,
      problem: {
        option,
        message: `${option} secret has no '${SECRET_VALUE_KEY}' key`,
        detail: `keys present: ${Object.keys(content).sort().map(echoInput).join(", ") || "(none)"}`,
      },
    };
  }
  if (value === "") {
    return { ok: false, problem: { option, message: `${option} secret's '${SECRET_VALUE_KEY}' is empty` } };
  }
  return { ok: true, value };
}

async function findOwnedSecret(ctx: HookContext, label: string): Promise<Secret | undefined> {
  try {
    return await ctx.getSecret({ label });
  } catch (error) {
    if (error instanceof SecretNotFoundError) return undefined;
    throw error;
  }
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
  let secret = await findOwnedSecret(ctx, label);
  if (secret === undefined) {
    secret = await ctx.addSecret({ [SECRET_VALUE_KEY]: value }, { label, owner: "app" });
    await ctx.log.info(`Created secret ${label}`);
  } else {
    const latest = await secret.getContent({ peek: true });
    if (latest[SECRET_VALUE_KEY] !== value) {
      await secret.setContent({ [SECRET_VALUE_KEY]: value });
      await ctx.log.info(`Published a new revision of secret ${label}`);
    }
  }
  await secret.grant(relation);
  return secret.id ?? canonicalSecretId((await secret.info()).id, ctx.model.uuid);
}

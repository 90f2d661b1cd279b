/**
 * App-owned secrets as the real provider charms keep them: found by label, created on first use,
 * a new revision only when the content changed, granted to each relation that must read it.
 * Content never leaves these functions except as the returned value.
 */
import { canonicalSecretId, type HookContext, type Relation, type Secret } from "@garm-charms/charm-runtime";

export interface OwnedSecret {
  /** The full `secret://<model-uuid>/<id>` URI, the form real Juju hands out. */
  readonly uri: string;
  /** The content of the revision now latest. */
  readonly content: Readonly<Record<string, string>>;
}

function sameContent(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

async function uriOf(ctx: HookContext, secret: Secret): Promise<string> {
  return secret.id ?? canonicalSecretId((await secret.info()).id, ctx.model.uuid);
}

/**
 * Leader only. `wanted` says what the secret must hold given what it holds now (undefined when it
 * does not exist yet), so a generated value (a password, a token) is made once and kept.
 */
export async function ensureOwnedSecret(
  ctx: HookContext,
  label: string,
  wanted: (current: Readonly<Record<string, string>> | undefined) => Readonly<Record<string, string>>,
): Promise<OwnedSecret> {
  const existing = await ctx.findSecret({ label });
  if (existing === undefined) {
    const content = wanted(undefined);
    const secret = await ctx.addSecret(content, { label, owner: "app" });
    await ctx.log.info(`Created secret ${label}`);
    return { uri: await uriOf(ctx, secret), content };
  }
  const current = await existing.getContent({ peek: true });
  const content = wanted(current);
  if (!sameContent(current, content)) {
    await existing.setContent(content);
    await ctx.log.info(`Published a new revision of secret ${label}`);
  }
  return { uri: await uriOf(ctx, existing), content };
}

/** Grants the secret to the relation's application (granting twice changes nothing in Juju). */
export async function grantOwnedSecret(ctx: HookContext, label: string, relation: Relation): Promise<void> {
  const secret = await ctx.getSecret({ label });
  await secret.grant(relation);
}

/** Removes every revision of the secret `label`, if this application owns one. */
export async function removeOwnedSecret(ctx: HookContext, label: string): Promise<boolean> {
  const secret = await ctx.findSecret({ label });
  if (secret === undefined) return false;
  await secret.removeAll();
  await ctx.log.info(`Removed secret ${label}`);
  return true;
}

/**
 * GARM's own Juju secrets: created once by the leader (application-owned, so every unit reads
 * them), never regenerated. Reading never logs or returns anything but validated content.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import {
  ADMIN_CREDENTIALS_LABEL,
  GARM_SECRETS_LABEL,
  newAdminCredentialsContent,
  newGarmSecretsContent,
  newWebhookSecretContent,
  parseAdminCredentialsContent,
  parseGarmSecretsContent,
  parseWebhookSecretContent,
  WEBHOOK_SECRET_LABEL,
  type AdminCredentialsContent,
  type GarmSecretsContent,
  type SecretContentResult,
} from "../workload/index.js";

/** The secret's tracked content, or undefined when it does not exist (yet) or is not visible. */
async function readLabelled(ctx: HookContext, label: string): Promise<Record<string, string> | undefined> {
  return (await ctx.findSecret({ label }))?.getContent();
}

async function ensureLabelled(
  ctx: HookContext,
  label: string,
  create: () => Readonly<Record<string, string>>,
): Promise<void> {
  if ((await readLabelled(ctx, label)) !== undefined) return;
  await ctx.addSecret(create(), { label, owner: "app", description: `GARM charm: ${label}` });
  await ctx.log.info(`Created the ${label} secret`);
}

/** Leader only: creates whichever secret is missing; an existing one is left as it is. */
export async function ensureGarmSecrets(ctx: HookContext): Promise<void> {
  await ensureLabelled(ctx, GARM_SECRETS_LABEL, newGarmSecretsContent);
  await ensureLabelled(ctx, ADMIN_CREDENTIALS_LABEL, newAdminCredentialsContent);
  await ensureLabelled(ctx, WEBHOOK_SECRET_LABEL, newWebhookSecretContent);
}

/** Validated content; undefined when absent or incomplete (logged by key name, never by value). */
async function readValidated<T>(
  ctx: HookContext,
  label: string,
  parse: (content: unknown) => SecretContentResult<T>,
): Promise<T | undefined> {
  const content = await readLabelled(ctx, label);
  if (content === undefined) return undefined;
  const parsed = parse(content);
  if (parsed.ok) return parsed.value;
  await ctx.log.warning(
    `The ${label} secret lacks valid keys: ${parsed.missingOrInvalidKeys.join(", ")}; it is not regenerated`,
  );
  return undefined;
}

/** JWT secret and database passphrase; undefined until the leader has created them. */
export async function readGarmSecrets(ctx: HookContext): Promise<GarmSecretsContent | undefined> {
  return readValidated(ctx, GARM_SECRETS_LABEL, parseGarmSecretsContent);
}

/** The admin account; undefined until the leader has created it (or when it is incomplete). */
export async function readAdminCredentials(ctx: HookContext): Promise<AdminCredentialsContent | undefined> {
  return readValidated(ctx, ADMIN_CREDENTIALS_LABEL, parseAdminCredentialsContent);
}

/** The webhook secret; undefined until the leader has created it. */
export async function readWebhookSecret(ctx: HookContext): Promise<string | undefined> {
  return (await readValidated(ctx, WEBHOOK_SECRET_LABEL, parseWebhookSecretContent))?.["webhook-secret"];
}

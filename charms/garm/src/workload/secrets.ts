/**
 * The secrets the garm charm creates once (leader only) and keeps in Juju secrets: GARM's JWT
 * signing secret, its database passphrase, and the admin account. GARM refuses weak values: both
 * the JWT secret and the passphrase must reach zxcvbn score 4, the passphrase must be exactly 32
 * characters (AES-256), and /first-run rejects an admin password below zxcvbn score 4.
 * zxcvbn-go gives score 4 once its estimated crack time (0.5 * 2^bits guesses at 10^4 per second)
 * passes 10^8 seconds, i.e. from about 41 bits. The uniformly random strings below carry 147 to
 * 256 bits, so even generous pattern matches inside them cannot pull them under that line.
 */
import { randomBytes, randomInt } from "node:crypto";
import * as z from "zod";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
/** The reference charm's symbol set: no quotes, backslashes or spaces, so it survives any writer. */
const SYMBOLS = "!@#$%-_=+";

export const DATABASE_PASSPHRASE_LENGTH = 32;
export const ADMIN_PASSWORD_LENGTH = 24;

function randomString(alphabet: string, length: number): string {
  let out = "";
  // randomInt is uniform (rejection sampling), so no character is favoured.
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** 64 hex characters (256 random bits). */
export function generateJwtSecret(): string {
  return randomBytes(32).toString("hex");
}

/** Exactly 32 characters from [A-Za-z0-9] (about 190 random bits). */
export function generateDatabasePassphrase(): string {
  return randomString(UPPER + LOWER + DIGITS, DATABASE_PASSPHRASE_LENGTH);
}

/**
 * A 24-character password with at least one upper-case letter, lower-case letter, digit and
 * symbol, the rest drawn from all four classes, then shuffled (Fisher-Yates) so that the
 * guaranteed characters sit anywhere. About 150 random bits.
 */
export function generateAdminPassword(length: number = ADMIN_PASSWORD_LENGTH): string {
  if (!Number.isInteger(length) || length < 16)
    throw new RangeError("admin password length must be at least 16");
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [
    ...randomString(UPPER, 1),
    ...randomString(LOWER, 1),
    ...randomString(DIGITS, 1),
    ...randomString(SYMBOLS, 1),
    ...randomString(all, length - 4),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/** Juju secret label and content keys of GARM's own secrets (app-owned). */
export const GARM_SECRETS_LABEL = "garm-secrets";
export const ADMIN_CREDENTIALS_LABEL = "garm-admin-credentials";
/**
 * The secret GARM shares with GitHub for webhooks of the organisations and repositories the charm
 * registers: one value, kept here, rather than a throwaway one per registration.
 */
export const WEBHOOK_SECRET_LABEL = "garm-webhook-secret";

const garmSecretsSchema = z.object({
  "jwt-secret": z.string().min(32),
  "db-passphrase": z.string().length(DATABASE_PASSPHRASE_LENGTH),
});

export type GarmSecretsContent = z.infer<typeof garmSecretsSchema>;

const adminCredentialsSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(12),
  email: z.string().min(3),
  "full-name": z.string().min(1),
});

export type AdminCredentialsContent = z.infer<typeof adminCredentialsSchema>;

const webhookSecretSchema = z.object({ "webhook-secret": z.string().regex(/^[0-9a-f]{64}$/) });

export type WebhookSecretContent = z.infer<typeof webhookSecretSchema>;

/** Content of a new `garm-secrets` secret. */
export function newGarmSecretsContent(): GarmSecretsContent {
  return { "jwt-secret": generateJwtSecret(), "db-passphrase": generateDatabasePassphrase() };
}

/** Content of a new `garm-admin-credentials` secret (the reference charm's account details). */
export function newAdminCredentialsContent(): AdminCredentialsContent {
  return {
    username: "admin",
    password: generateAdminPassword(),
    email: "admin@garm.local",
    "full-name": "GARM Admin",
  };
}

/** Content of a new `garm-webhook-secret` secret: 64 hex characters (256 random bits). */
export function newWebhookSecretContent(): WebhookSecretContent {
  return { "webhook-secret": randomBytes(32).toString("hex") };
}

export type SecretContentResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly missingOrInvalidKeys: readonly string[] };

function parseContent<T>(schema: z.ZodType<T>, content: unknown): SecretContentResult<T> {
  const parsed = schema.safeParse(content);
  if (parsed.success) return { ok: true, value: parsed.data };
  const keys = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "(content)")))].sort();
  return { ok: false, missingOrInvalidKeys: keys };
}

/** Validates a `garm-secrets` content read back from Juju; problems name keys, never values. */
export function parseGarmSecretsContent(content: unknown): SecretContentResult<GarmSecretsContent> {
  return parseContent(garmSecretsSchema, content);
}

/** Validates a `garm-admin-credentials` content; GARM is never contacted with half of it. */
export function parseAdminCredentialsContent(content: unknown): SecretContentResult<AdminCredentialsContent> {
  return parseContent(adminCredentialsSchema, content);
}

/** Validates a `garm-webhook-secret` content. */
export function parseWebhookSecretContent(content: unknown): SecretContentResult<WebhookSecretContent> {
  return parseContent(webhookSecretSchema, content);
}

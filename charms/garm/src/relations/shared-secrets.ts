/**
 * Reading secrets that other applications share over a relation (database credentials,
 * OpenStack passwords, GitHub App keys). Always the newest revision (`--refresh`), as the Python
 * libraries do, so a rotated password is picked up on the next hook.
 */
import { ModelError, type HookContext, type PrefetchSecret } from "@garm-charms/charm-runtime";

/** The content key of a configurator's single-value secrets (OpenStack password, GitHub App key). */
const SECRET_VALUE_KEY = "value";

/** The reads of these secrets for `ctx.prefetch`, as `readSharedSecret` makes them. */
export function sharedSecretReads(uris: readonly string[]): PrefetchSecret[] {
  return uris.map((id) => ({ id, mode: "refresh" }));
}

export async function readSharedSecret(
  ctx: HookContext,
  uri: string,
): Promise<Readonly<Record<string, string>>> {
  // One secret-get: the --refresh read itself reports a missing or revoked secret.
  return ctx.secretRef({ id: uri }).getContent({ refresh: true });
}

/**
 * A configurator's single-value secret; undefined when it is empty or cannot be read (not granted
 * yet, or revoked): the unit waits until the configurator grants it.
 */
export async function readSharedSecretValue(ctx: HookContext, uri: string): Promise<string | undefined> {
  try {
    const value = (await readSharedSecret(ctx, uri))[SECRET_VALUE_KEY];
    return value === "" ? undefined : value;
  } catch (error) {
    if (error instanceof ModelError) return undefined;
    throw error;
  }
}

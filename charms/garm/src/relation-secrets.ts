/**
 * Reading secrets that other applications share over a relation (database credentials,
 * OpenStack passwords). Always the newest revision (`--refresh`), as the Python libraries do, so a
 * rotated password is picked up on the next hook.
 */
import type { HookContext } from "@garm-charms/charm-runtime";

export async function readSharedSecret(
  ctx: HookContext,
  uri: string,
): Promise<Readonly<Record<string, string>>> {
  const secret = await ctx.getSecret({ id: uri });
  return secret.getContent({ refresh: true });
}

/**
 * The `get-credentials` action: the GARM admin account from the charm's Juju secret. It never
 * creates credentials and never logs them; before the leader has created them it fails clearly.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { readAdminCredentials } from "../bootstrap/charm-secrets.js";

export const GET_CREDENTIALS_ACTION = "get-credentials";
export const CREDENTIALS_NOT_AVAILABLE = "GARM admin credentials are not yet available";

export async function getCredentialsAction(ctx: HookContext): Promise<void> {
  const admin = await readAdminCredentials(ctx);
  if (admin === undefined) {
    await ctx.failAction(CREDENTIALS_NOT_AVAILABLE);
    return;
  }
  await ctx.setActionResults({
    username: admin.username,
    password: admin.password,
    email: admin.email,
    "full-name": admin["full-name"],
  });
}

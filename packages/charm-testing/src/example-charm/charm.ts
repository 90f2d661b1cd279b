import { randomBytes } from "node:crypto";
import { SecretNotFoundError } from "@garm-charms/charm-runtime";
import type { HookContext, Relation } from "@garm-charms/charm-runtime";
import * as z from "zod";

/**
 * The example "greeter" charm: one reconcile for every event.
 * - config `greeting` and `port` go into /etc/greeter/config.json in the `web` container, and a
 *   Pebble layer runs the server;
 * - the leader keeps an admin password in an application-owned secret (label `admin-password`)
 *   and tells the database which database it wants on the `db` relation;
 * - the database's credentials arrive as a secret id in the remote application data;
 * - the `rotate-password` action writes a new secret revision.
 */

export const CONFIG_PATH = "/etc/greeter/config.json";
export const ADMIN_SECRET_LABEL = "admin-password";

const PORT_RULE = "port must be between 1024 and 65535";
const configSchema = z.object({
  greeting: z.string().min(1, "greeting must not be empty"),
  port: z.number().int(PORT_RULE).min(1024, PORT_RULE).max(65535, PORT_RULE),
});

const dbAppDataSchema = z.object({
  endpoints: z.string().min(1),
  "secret-user": z.string().startsWith("secret:"),
});

const rotateParamsSchema = z.object({ length: z.number().int().min(12).max(128) });

function newPassword(length: number): string {
  return randomBytes(length).toString("base64url").slice(0, length);
}

/** The admin secret, created by the leader on first need. Non-leaders only read it. */
async function ensureAdminSecret(ctx: HookContext): Promise<void> {
  try {
    await ctx.getSecret({ label: ADMIN_SECRET_LABEL });
  } catch (error) {
    if (!(error instanceof SecretNotFoundError)) throw error;
    await ctx.addSecret({ password: newPassword(24) }, { label: ADMIN_SECRET_LABEL, owner: "app" });
    await ctx.log.info("created the admin password secret");
  }
}

/** The database endpoint, or why we cannot use it yet. */
async function databaseEndpoint(
  ctx: HookContext,
  relation: Relation | undefined,
): Promise<string | { waiting: string }> {
  if (relation === undefined) return { waiting: "db relation is required" };
  if (await ctx.isLeader()) await relation.localAppData.update({ database: "greeter" });
  const parsed = dbAppDataSchema.safeParse(await relation.remoteAppData.get());
  if (!parsed.success) return { waiting: "waiting for database credentials" };
  // Reading the credentials proves we were granted them; the values stay in the secret.
  const credentials = await ctx.getSecret({ id: parsed.data["secret-user"] });
  const content = await credentials.getContent();
  if (content["username"] === undefined) return { waiting: "database credentials are incomplete" };
  return parsed.data.endpoints;
}

async function rotatePassword(ctx: HookContext): Promise<void> {
  const params = await ctx.actionParams(rotateParamsSchema);
  if (!(await ctx.isLeader())) {
    await ctx.failAction("only the leader can rotate the admin password");
    return;
  }
  const secret = await ctx.getSecret({ label: ADMIN_SECRET_LABEL });
  await secret.setContent({ password: newPassword(params.length) });
  await ctx.actionLog("admin password rotated");
  await ctx.setActionResults({ rotated: "true", length: String(params.length) });
}

async function reconcile(ctx: HookContext): Promise<void> {
  const parsed = configSchema.safeParse(await ctx.config(z.record(z.string(), z.unknown())));
  if (!parsed.success) {
    // Each rule's message names its option, so the status says which one to fix.
    const problems = new Set(parsed.error.issues.map((issue) => issue.message));
    await ctx.setUnitStatus({ name: "blocked", message: [...problems].join("; ") });
    return;
  }
  const config = parsed.data;
  if (await ctx.isLeader()) await ensureAdminSecret(ctx);

  const endpoint = await databaseEndpoint(ctx, await ctx.relation("db"));
  if (typeof endpoint !== "string") {
    await ctx.setUnitStatus({ name: "waiting", message: endpoint.waiting });
    return;
  }

  const web = ctx.container("web");
  if (!(await web.canConnect())) {
    await ctx.setUnitStatus({ name: "waiting", message: "waiting for the web container" });
    return;
  }
  const rendered = `${JSON.stringify({ greeting: config.greeting, port: config.port, database: endpoint }, null, 2)}\n`;
  await web.pebble.push(CONFIG_PATH, rendered, { permissions: 0o644, makeDirs: true });
  await web.pebble.addLayer(
    "greeter",
    {
      summary: "greeter server",
      services: {
        greeter: {
          override: "replace",
          command: `/usr/bin/greeter --config ${CONFIG_PATH}`,
          startup: "enabled",
        },
      },
    },
    { combine: true },
  );
  await web.pebble.replan();
  await ctx.openPort({ protocol: "tcp", port: config.port });
  await ctx.setWorkloadVersion("1.0.0");
  await ctx.setUnitStatus({ name: "active", message: "" });
}

export async function greeterCharm(ctx: HookContext): Promise<void> {
  if (ctx.event.kind === "action") {
    if (ctx.event.name === "rotate-password") await rotatePassword(ctx);
    return;
  }
  await reconcile(ctx);
}

/**
 * GARM's config.toml as the `garm` executable reads it: the sections it needs ([apiserver],
 * [jwt_auth], [database]) and the [[provider]] entries, checked as GARM's own validation does
 * before it starts (an invalid file is refused with exit 1). Paths in the file are container
 * paths: under PEBBLE_CONTAINER_ROOT when the local model runs it (there is no chroot).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import * as z from "zod";

export class GarmConfigFileError extends Error {
  override readonly name = "GarmConfigFileError";
}

const providerSchema = z.object({
  name: z.string().min(1),
  provider_type: z.literal("external"),
  description: z.string().optional(),
  external: z.object({
    config_file: z.string().min(1),
    provider_executable: z.string().min(1),
    environment_variables: z.array(z.string()).optional(),
  }),
});

const configSchema = z.object({
  apiserver: z.object({
    bind: z.string().default("0.0.0.0"),
    port: z.number().int().min(1).max(65535),
    use_tls: z.boolean().default(false),
  }),
  jwt_auth: z.object({ secret: z.string().min(1), time_to_live: z.string().optional() }),
  metrics: z
    .object({ enable: z.boolean().default(false), disable_auth: z.boolean().default(false) })
    .optional(),
  database: z.discriminatedUnion("backend", [
    z.object({
      backend: z.literal("sqlite3"),
      passphrase: z.string().length(32, "must be 32 characters"),
      sqlite3: z.object({ db_file: z.string().min(1) }),
    }),
    z.object({
      backend: z.literal("postgresql"),
      passphrase: z.string().length(32, "must be 32 characters"),
      postgresql: z.object({
        hostname: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(5432),
        database: z.string().min(1),
        username: z.string().min(1),
        password: z.string(),
      }),
    }),
  ]),
  provider: z.array(providerSchema).default([]),
});
export type GarmConfig = z.infer<typeof configSchema>;

/** A container path on the host: under PEBBLE_CONTAINER_ROOT when set. */
export function hostPath(path: string, env: NodeJS.ProcessEnv): string {
  const root = env["PEBBLE_CONTAINER_ROOT"];
  return root !== undefined && root !== "" && path.startsWith("/") ? join(root, path) : path;
}

export function readGarmConfig(file: string, env: NodeJS.ProcessEnv): GarmConfig {
  const path = hostPath(file, env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new GarmConfigFileError(`failed to read config: open ${file}: no such file or permission denied`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new GarmConfigFileError(
      `failed to decode config: ${error instanceof Error ? (error.message.split("\n")[0] ?? "") : ""}`,
    );
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GarmConfigFileError(
      `failed to validate config: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  if (parsed.data.apiserver.use_tls)
    throw new GarmConfigFileError(
      "failed to validate config: apiserver: TLS is not supported by the GARM fake",
    );
  for (const provider of parsed.data.provider) {
    for (const path of [provider.external.provider_executable, provider.external.config_file]) {
      if (!existsSync(hostPath(path, env)))
        throw new GarmConfigFileError(
          `failed to validate config: provider ${provider.name}: ${path} does not exist`,
        );
    }
  }
  return parsed.data;
}

/**
 * Where the fake keeps the database the config names: one file per database (a PostgreSQL
 * database, or an sqlite file), under GARM_FAKE_STATE_DIR (the local model sets it) or the temp dir.
 * Not keyed by the PostgreSQL user: a re-created relation brings a new user to the same database.
 */
export function stateFileFor(config: GarmConfig, env: NodeJS.ProcessEnv): string {
  const db = config.database;
  const key =
    db.backend === "postgresql"
      ? `postgresql://${db.postgresql.hostname}:${String(db.postgresql.port)}/${db.postgresql.database}`
      : `sqlite3://${hostPath(db.sqlite3.db_file, env)}`;
  const dir = env["GARM_FAKE_STATE_DIR"] ?? join(tmpdir(), "garm-fake-db");
  return join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 24)}.json`);
}

/**
 * GARM's config.toml: PostgreSQL database, API server on the fixed port, JWT auth, unauthenticated
 * metrics (scraped through the metrics-endpoint relation) and one external OpenStack provider per
 * configurator unit. Serialised with smol-toml so that every value is escaped by the TOML writer.
 */
import { stringify } from "smol-toml";
import * as z from "zod";
import { GARM_API_PORT, OPENSTACK_PROVIDER_BINARY } from "./layout.js";

export const POSTGRESQL_SSL_MODES = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
] as const;
export type PostgresqlSslMode = (typeof POSTGRESQL_SSL_MODES)[number];

/** GARM's own default for admin tokens is 24h (also its minimum); the charm keeps tokens for a year. */
export const DEFAULT_JWT_TIME_TO_LIVE = "8760h";

export interface GarmDatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  readonly password: string;
  /** `prefer` unless given. */
  readonly sslmode?: PostgresqlSslMode;
}

/** One `[[provider]]` entry: GARM runs the OpenStack provider binary with this config file. */
export interface GarmProviderReference {
  readonly name: string;
  /** Absolute path of the provider's TOML in the workload container. */
  readonly configFile: string;
}

export interface GarmConfigInput {
  readonly database: GarmDatabaseConfig;
  /** Encrypts secrets at rest in GARM's database: exactly 32 characters. */
  readonly databasePassphrase: string;
  readonly jwtSecret: string;
  /** Go duration; DEFAULT_JWT_TIME_TO_LIVE unless given. */
  readonly jwtTimeToLive?: string;
  readonly providers: readonly GarmProviderReference[];
  /**
   * Names of environment variables GARM passes on to provider processes (it gives them none of
   * its own environment otherwise): the proxy variables. Names starting with GARM are refused by
   * GARM and rejected here.
   */
  readonly providerEnvironmentVariables?: readonly string[];
}

/** The rendered config cannot be valid for GARM; the message names the field, never its value. */
export class GarmConfigError extends Error {
  override readonly name = "GarmConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`cannot render GARM config: ${problems.join("; ")}`);
  }
}

const noControlCharacters = (value: string): boolean => ![...value].some((ch) => ch.charCodeAt(0) < 0x20);

const goDurationSchema = z
  .string()
  .regex(/^([0-9]+(\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+$/, "must be a Go duration");

const providerNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must be a filesystem-safe name");

const inputSchema = z.object({
  database: z.object({
    host: z.string().regex(/^[A-Za-z0-9._:-]+$/, "must be a host name or IP address"),
    port: z.number().int().min(1).max(65535),
    database: z.string().min(1),
    username: z.string().min(1).refine(noControlCharacters, "must not contain control characters"),
    password: z.string().min(1),
    sslmode: z.enum(POSTGRESQL_SSL_MODES).default("prefer"),
  }),
  databasePassphrase: z.string().length(32, "must be exactly 32 characters"),
  jwtSecret: z.string().min(32, "must be at least 32 characters"),
  jwtTimeToLive: goDurationSchema.default(DEFAULT_JWT_TIME_TO_LIVE),
  providers: z
    .array(z.object({ name: providerNameSchema, configFile: z.string().startsWith("/", "must be absolute") }))
    .refine((list) => new Set(list.map((p) => p.name)).size === list.length, "provider names must be unique"),
  providerEnvironmentVariables: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
        .refine((name) => !name.startsWith("GARM"), "GARM_* variables are reserved by GARM"),
    )
    .default([]),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join(".");
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}

/** Renders config.toml. Throws GarmConfigError when GARM would refuse the result. */
export function renderGarmConfig(input: GarmConfigInput): string {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new GarmConfigError(parsed.error.issues.map(describeIssue));
  const config = parsed.data;
  const environmentVariables = [...new Set(config.providerEnvironmentVariables)].sort();

  const document = {
    database: {
      backend: "postgresql",
      passphrase: config.databasePassphrase,
      postgresql: {
        username: config.database.username,
        password: config.database.password,
        hostname: config.database.host,
        port: config.database.port,
        database: config.database.database,
        sslmode: config.database.sslmode,
      },
    },
    apiserver: { bind: "0.0.0.0", port: GARM_API_PORT, use_tls: false },
    jwt_auth: { secret: config.jwtSecret, time_to_live: config.jwtTimeToLive },
    metrics: { enable: true, disable_auth: true },
    ...(config.providers.length > 0 && {
      provider: config.providers.map((provider) => ({
        name: provider.name,
        provider_type: "external",
        description: `OpenStack provider (${provider.name})`,
        external: {
          config_file: provider.configFile,
          provider_executable: OPENSTACK_PROVIDER_BINARY,
          ...(environmentVariables.length > 0 && { environment_variables: environmentVariables }),
        },
      })),
    }),
  };
  return stringify(document);
}

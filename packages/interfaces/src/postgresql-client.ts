/**
 * `postgresql_client` interface, requirer side (wire-compatible with data_platform_libs
 * data_interfaces v0, LIBPATCH 58): what the garm charm asks the database charm for and how it reads
 * the answer. The provider answers in its app databag, with credentials either as plain keys or in
 * Juju secrets whose URIs sit under `secret-<group>` keys.
 */
import { X509Certificate } from "node:crypto";
import * as z from "zod";
import { pythonJsonDumps } from "./python-json.js";
import {
  hasControlCharacters,
  isSecretUri,
  parsePort,
  type DatabagProblem,
  type DatabagRead,
} from "./validators.js";

type Databag = Readonly<Record<string, string>>;

/** Fields the requirer asks the provider to deliver through Juju secrets (the library's SECRET_FIELDS). */
export const POSTGRESQL_REQUESTED_SECRETS = [
  "username",
  "password",
  "tls",
  "tls-ca",
  "uris",
  "read-only-uris",
  "entity-name",
  "entity-password",
] as const;

/** Secrets the requirer could provide itself; unused by PostgreSQL but always announced by the library. */
export const POSTGRESQL_PROVIDED_SECRETS = ["mtls-cert"] as const;

/** PostgreSQL identifiers are at most 63 bytes; the provider creates the database under this name. */
const databaseNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,63}$/, "database name must be 1-63 letters, digits, '_' or '-'");

/** `requested-secrets` as the library writes it. */
export const POSTGRESQL_REQUESTED_SECRETS_JSON = pythonJsonDumps(POSTGRESQL_REQUESTED_SECRETS);
/** `provided-secrets` as the library writes it. */
export const POSTGRESQL_PROVIDED_SECRETS_JSON = pythonJsonDumps(POSTGRESQL_PROVIDED_SECRETS);

/**
 * The requirer's app databag (leader only). `requested-secrets` travels in the same write as
 * `database`, so the provider never answers in plain mode by accident. No `version` key: a v1
 * provider treats a requirer without it as v0, which is what we speak.
 */
export function postgresqlRequestAppData(databaseName: string): Record<string, string> {
  return {
    database: databaseNameSchema.parse(databaseName),
    "requested-secrets": POSTGRESQL_REQUESTED_SECRETS_JSON,
    "provided-secrets": POSTGRESQL_PROVIDED_SECRETS_JSON,
  };
}

/** The requirer leader's unit databag: the library duplicates the secret lists there for old providers. */
export function postgresqlRequestUnitData(): Record<string, string> {
  return {
    "requested-secrets": POSTGRESQL_REQUESTED_SECRETS_JSON,
    "provided-secrets": POSTGRESQL_PROVIDED_SECRETS_JSON,
  };
}

/**
 * Where the Python library keeps, in every requirer unit's databag, a snapshot of the provider's
 * databag for its diffing (plaintext credentials included in plain mode). No provider reads it; this
 * implementation keeps no such snapshot, and removes one left behind by the Python charm.
 */
export const POSTGRESQL_LIBRARY_SNAPSHOT_KEY = "data";

/** Reads a Juju secret's content (`secret-get <uri> --refresh`). May throw; the reader catches it. */
export type PostgresqlSecretReader = (uri: string) => Promise<Readonly<Record<string, string>>>;

export interface PostgresqlEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface PostgresqlConnection extends PostgresqlEndpoint {
  readonly database: string;
  readonly username: string;
  readonly password: string;
  /** Whether the provider says TLS is enabled (`tls` field); undefined when it says nothing. */
  readonly tlsEnabled: boolean | undefined;
  /** PEM CA chain from `tls-ca`, when the provider publishes one. */
  readonly tlsCa: string | undefined;
}

/** Reading the provider's databag: incomplete while it is still publishing, invalid when unusable. */
export type PostgresqlReadResult = DatabagRead<PostgresqlConnection>;

const hostSchema = z.string().regex(/^[A-Za-z0-9._:-]+$/);

/**
 * The first `host:port` of a comma-separated endpoint list (GARM takes one host), split at the last
 * colon so that bracketed IPv6 addresses work. Returns undefined when the entry is unusable.
 */
export function parsePostgresqlEndpoint(endpoints: string): PostgresqlEndpoint | undefined {
  const first = endpoints.split(",")[0]?.trim() ?? "";
  const colon = first.lastIndexOf(":");
  if (colon <= 0) return undefined;
  let host = first.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const port = parsePort(first.slice(colon + 1));
  if (!hostSchema.safeParse(host).success || port === undefined) return undefined;
  return { host, port };
}

const USER_GROUP_FIELDS = ["username", "password", "uris", "read-only-uris"] as const;
const TLS_GROUP_FIELDS = ["tls", "tls-ca"] as const;

type GroupFields = Partial<Record<string, string>>;

type GroupRead =
  | { readonly ok: true; readonly fields: GroupFields }
  | { readonly ok: false; readonly problem: DatabagProblem; readonly state: "incomplete" | "invalid" };

/**
 * One secret group, as the Python library resolves it: the secret's content when `secret-<group>`
 * is set and holds any of the group's fields, otherwise the plain databag keys of the same names.
 */
async function readGroup(
  bag: Databag,
  group: string,
  fields: readonly string[],
  readSecret: PostgresqlSecretReader,
): Promise<GroupRead> {
  const key = `secret-${group}`;
  const uri = bag[key];
  if (uri !== undefined && uri !== "") {
    if (!isSecretUri(uri)) {
      return { ok: false, state: "invalid", problem: { key, message: `${key} is not a Juju secret URI` } };
    }
    let content: Readonly<Record<string, string>>;
    try {
      content = await readSecret(uri);
    } catch {
      return {
        ok: false,
        state: "incomplete",
        problem: { key, message: `${key} secret cannot be read yet (not granted to this application?)` },
      };
    }
    const fromSecret: GroupFields = {};
    for (const field of fields) {
      const value = content[field];
      if (typeof value === "string") fromSecret[field] = value;
    }
    if (Object.keys(fromSecret).length > 0) return { ok: true, fields: fromSecret };
  }
  const plain: GroupFields = {};
  for (const field of fields) {
    const value = bag[field];
    if (value !== undefined) plain[field] = value;
  }
  return { ok: true, fields: plain };
}

function parseTlsFlag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return value.toLowerCase() === "true";
}

/** Problems found while reading: still publishing (incomplete) or unusable (invalid). */
interface Findings {
  readonly incomplete: DatabagProblem[];
  readonly invalid: DatabagProblem[];
}

function readEndpoint(bag: Databag, findings: Findings): PostgresqlEndpoint | undefined {
  const endpoints = bag["endpoints"] ?? "";
  if (endpoints.trim() === "") {
    findings.incomplete.push({ key: "endpoints", message: "endpoints not published yet" });
    return undefined;
  }
  const endpoint = parsePostgresqlEndpoint(endpoints);
  if (endpoint === undefined) {
    findings.invalid.push({ key: "endpoints", message: "endpoints must start with a host:port entry" });
  }
  return endpoint;
}

function readDatabase(bag: Databag, findings: Findings): string {
  const database = bag["database"] ?? "";
  if (database === "") {
    findings.incomplete.push({ key: "database", message: "database not published yet" });
  } else if (!databaseNameSchema.safeParse(database).success) {
    findings.invalid.push({ key: "database", message: "database is not a valid database name" });
  }
  return database;
}

function noteGroupProblem(group: GroupRead, findings: Findings): void {
  if (!group.ok) (group.state === "incomplete" ? findings.incomplete : findings.invalid).push(group.problem);
}

/** Username and password of the user group; empty strings while they are not usable. */
function readCredentials(user: GroupRead, findings: Findings): { username: string; password: string } {
  noteGroupProblem(user, findings);
  if (!user.ok) return { username: "", password: "" };
  const username = user.fields["username"] ?? "";
  const password = user.fields["password"] ?? "";
  if (username === "" || password === "") {
    findings.incomplete.push({ key: "secret-user", message: "database credentials not published yet" });
  } else if (hasControlCharacters(username)) {
    findings.invalid.push({ key: "secret-user", message: "database username contains control characters" });
  }
  return { username, password };
}

/**
 * Reads the provider's app databag into one usable connection. Never throws: untrusted remote data
 * and unreadable secrets come back as problems. Problem messages never contain credential values.
 */
export async function readPostgresqlConnection(
  remoteAppData: Databag,
  readSecret: PostgresqlSecretReader,
): Promise<PostgresqlReadResult> {
  const findings: Findings = { incomplete: [], invalid: [] };
  const { incomplete, invalid } = findings;
  const endpoint = readEndpoint(remoteAppData, findings);
  const database = readDatabase(remoteAppData, findings);
  const user = await readGroup(remoteAppData, "user", USER_GROUP_FIELDS, readSecret);
  const tls = await readGroup(remoteAppData, "tls", TLS_GROUP_FIELDS, readSecret);
  const { username, password } = readCredentials(user, findings);
  noteGroupProblem(tls, findings);

  if (invalid.length > 0) return { ok: false, state: "invalid", problems: [...invalid, ...incomplete] };
  if (incomplete.length > 0 || endpoint === undefined || !tls.ok) {
    return { ok: false, state: "incomplete", missing: incomplete.map((p) => p.key), problems: incomplete };
  }
  const tlsCa = tls.fields["tls-ca"];
  return {
    ok: true,
    value: {
      host: endpoint.host,
      port: endpoint.port,
      database,
      username,
      password,
      tlsEnabled: parseTlsFlag(tls.fields["tls"]),
      tlsCa: tlsCa === undefined || tlsCa === "" ? undefined : tlsCa,
    },
  };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;

/**
 * The provider's `tls-ca` as a CA chain a client can verify with: every PEM certificate block,
 * each parsed as X.509, re-joined one per line. Undefined when the text holds no certificate or a
 * block does not parse (remote input: the value itself is never quoted back).
 */
export function parsePemCertificateChain(text: string): string | undefined {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return undefined;
  try {
    for (const block of blocks) new X509Certificate(block);
  } catch {
    return undefined;
  }
  return `${blocks.map((block) => block.replace(/\r\n/g, "\n")).join("\n")}\n`;
}

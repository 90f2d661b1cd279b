/**
 * How GARM connects to PostgreSQL. When the relation offers TLS and a CA, GARM verifies the
 * server's certificate chain (`sslmode = "verify-ca"`): the CA goes into the workload and GARM's
 * driver (pgx, under gorm's postgres driver) reads its path from `PGSSLROOTCERT` in GARM's
 * environment, since GARM's config has no key for it. Without TLS on offer GARM keeps `prefer`.
 * `verify-ca`, not `verify-full`: the published endpoint (a Kubernetes service name) need not be
 * in the server certificate's names.
 */
import type { PostgresqlConnection } from "@garm-charms/interfaces";
import { parsePemCertificateChain } from "@garm-charms/interfaces";
import { GARM_CONFIG_DIR, type WorkloadFile } from "./layout.js";

/** The CA chain GARM verifies PostgreSQL with. */
export const DATABASE_CA_PATH = `${GARM_CONFIG_DIR}/postgresql-ca.pem`;
/** libpq's variable for the root certificate file; pgx reads it when the DSN names none. */
export const PG_SSL_ROOT_CERT_VARIABLE = "PGSSLROOTCERT";

export type DatabaseTls =
  | { readonly sslmode: "verify-ca"; readonly ca: string }
  /** `offered`: TLS is on but no CA came with it, so nothing can be verified. */
  | { readonly sslmode: "prefer"; readonly offered: boolean };

export type DatabaseTlsRead =
  { readonly ok: true; readonly tls: DatabaseTls } | { readonly ok: false; readonly problem: string };

/** The TLS GARM uses for `connection`; a CA that is not a PEM certificate chain is a problem. */
export function databaseTls(connection: PostgresqlConnection): DatabaseTlsRead {
  if (connection.tlsEnabled !== true) return { ok: true, tls: { sslmode: "prefer", offered: false } };
  if (connection.tlsCa === undefined) return { ok: true, tls: { sslmode: "prefer", offered: true } };
  const ca = parsePemCertificateChain(connection.tlsCa);
  if (ca === undefined) return { ok: false, problem: "tls-ca is not a PEM certificate chain" };
  return { ok: true, tls: { sslmode: "verify-ca", ca } };
}

/** What the active status adds; nothing for a database that offers no TLS (`prefer`, as before). */
export function databaseTlsNote(tls: DatabaseTls): string | undefined {
  if (tls.sslmode === "verify-ca") return "PostgreSQL TLS verified (verify-ca)";
  return tls.offered ? "PostgreSQL TLS not verified: no CA offered (prefer)" : undefined;
}

/** The CA file and the variable that points GARM's driver at it, when GARM verifies. */
export function databaseCaWorkload(ca: string | undefined): {
  readonly files: readonly WorkloadFile[];
  readonly environment: Readonly<Record<string, string>>;
} {
  if (ca === undefined) return { files: [], environment: {} };
  return {
    files: [{ path: DATABASE_CA_PATH, content: ca }],
    environment: { [PG_SSL_ROOT_CERT_VARIABLE]: DATABASE_CA_PATH },
  };
}

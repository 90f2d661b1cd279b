/**
 * The Juju model's proxy settings, as environment variables for GARM and for its provider
 * processes. Juju hands them to the charm as JUJU_CHARM_*_PROXY; tools disagree on the case they
 * read, so both spellings are set.
 */

const JUJU_PROXY_VARIABLES = [
  ["JUJU_CHARM_HTTP_PROXY", "http_proxy"],
  ["JUJU_CHARM_HTTPS_PROXY", "https_proxy"],
  ["JUJU_CHARM_NO_PROXY", "no_proxy"],
] as const;

/** Proxy variables by name, sorted by name so that rendering and hashing are stable. */
export type ProxyEnvironment = Readonly<Record<string, string>>;

/**
 * Proxy variables from the hook environment. Blank values are dropped; values keep their
 * content (they may carry proxy credentials, so callers must not log them).
 */
export function proxyEnvironmentFromJuju(
  env: Readonly<Record<string, string | undefined>>,
): ProxyEnvironment {
  const entries: [string, string][] = [];
  for (const [jujuName, name] of JUJU_PROXY_VARIABLES) {
    const value = env[jujuName]?.trim() ?? "";
    if (value === "") continue;
    entries.push([name, value], [name.toUpperCase(), value]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

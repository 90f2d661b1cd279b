/** Where a container's Pebble socket is: Juju's path, or under a test-only directory. */
export function defaultPebbleSocketPath(container: string): string {
  return `/charm/containers/${container}/pebble.socket`;
}

/**
 * Test-only: when set (never by Juju), a container's socket is `<dir>/<name>/pebble.socket`
 * instead of under /charm/containers, so process-level tests can run a packed charm against fake
 * Pebbles without root.
 */
export const CONTAINERS_DIR_VARIABLE = "CHARM_TESTING_CONTAINERS_DIR";

export function pebbleSocketPathFor(
  env: Readonly<Record<string, string | undefined>>,
): (container: string) => string {
  const dir = env[CONTAINERS_DIR_VARIABLE];
  if (dir === undefined || dir === "") return defaultPebbleSocketPath;
  return (container) => `${dir}/${container}/pebble.socket`;
}

/**
 * Where things live in the GARM workload container. The OCI image provides the two binaries; the
 * charm writes everything under /etc/garm.
 */

/** Container name in charmcraft.yaml; Pebble listens on /charm/containers/<name>/pebble.socket. */
export const GARM_CONTAINER = "garm";

/** GARM's API (and `/metrics`) port. Fixed: ingress, the opened port and scraping all use it. */
export const GARM_API_PORT = 8080;

export const GARM_BINARY = "/usr/local/bin/garm";
export const OPENSTACK_PROVIDER_BINARY = "/usr/local/bin/garm-provider-openstack";

export const GARM_CONFIG_DIR = "/etc/garm";
export const GARM_CONFIG_PATH = `${GARM_CONFIG_DIR}/config.toml`;

/** Every file the charm writes holds secrets: owner read/write only. */
export const WORKLOAD_FILE_PERMISSIONS = 0o600;

/** A file the charm pushes into the workload container. */
export interface WorkloadFile {
  readonly path: string;
  readonly content: string;
}

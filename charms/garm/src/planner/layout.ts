/**
 * Where the pressure reconciler lives: its own workload container (a stock Node.js image; GARM's
 * image has no libc and cannot run Node), its code delivered by the charm, its config file.
 */

/** Container name in charmcraft.yaml; its OCI image is the `pressure-reconciler-image` resource. */
export const RECONCILER_CONTAINER = "pressure-reconciler";
export const RECONCILER_SERVICE = "pressure-reconciler";
export const RECONCILER_LAYER_LABEL = "pressure-reconciler";

/** Node in the official `node` images. */
export const NODE_BINARY = "/usr/local/bin/node";

/** The service's bundle inside the charm (packed by charm-pack), relative to the charm directory. */
export const RECONCILER_BUNDLE = "dist/pressure-reconciler.mjs";

export const RECONCILER_CODE_DIR = "/opt/pressure-reconciler";
export const RECONCILER_CODE_PATH = `${RECONCILER_CODE_DIR}/pressure-reconciler.mjs`;
/** sha256 of the code pushed, written after it: the code is pushed again only when this differs. */
export const RECONCILER_CODE_HASH_PATH = `${RECONCILER_CODE_PATH}.sha256`;
/** The code is not secret. */
export const RECONCILER_CODE_PERMISSIONS = 0o644;

/** The service watches this file's directory and reloads a changed file without a restart. */
export const RECONCILER_CONFIG_DIR = "/etc/pressure-reconciler";
export const RECONCILER_CONFIG_PATH = `${RECONCILER_CONFIG_DIR}/config.json`;
/** It holds the GARM admin password and the planner token; the service refuses anything wider. */
export const RECONCILER_CONFIG_PERMISSIONS = 0o600;

/** The service's Prometheus endpoint, in the pod's network namespace (shared by the containers). */
export const RECONCILER_METRICS_PORT = 9464;
export const DEFAULT_RECONCILER_METRICS_URL = `http://127.0.0.1:${String(RECONCILER_METRICS_PORT)}/metrics`;

/**
 * Where the planner fake lives: the `planner` container (a stock Node.js image), its code
 * delivered by the charm as the garm charm delivers its pressure reconciler, its token in a file.
 */

export const PLANNER_CONTAINER = "planner";
export const PLANNER_SERVICE = "planner";
export const PLANNER_LAYER_LABEL = "planner";
export const PLANNER_ENDPOINT = "planner";

/** Node in the official `node` images (the garm charm's pressure-reconciler convention). */
export const NODE_BINARY = "/usr/local/bin/node";

/** The fake's bundle inside the charm (packed by charm-pack), relative to the charm directory. */
export const PLANNER_BUNDLE = "dist/planner-fake.mjs";

export const PLANNER_CODE_PATH = "/srv/planner/planner-fake.mjs";
/** sha256 of the code pushed, written after it: the code is pushed again only when this differs. */
export const PLANNER_CODE_HASH_PATH = `${PLANNER_CODE_PATH}.sha256`;
/** The code is not secret. */
export const PLANNER_CODE_PERMISSIONS = 0o644;

/** The bearer token, read by the fake at start; never in argv. */
export const PLANNER_TOKEN_PATH = "/etc/planner/token";
export const PLANNER_TOKEN_PERMISSIONS = 0o600;

/** The app-owned secret holding the token (content key `token`), granted to every relation. */
export const TOKEN_SECRET_LABEL = "planner-token";

/**
 * `@garm-charms/charm-runtime/internal`: the plumbing under the model API, for the test harness
 * and the runtime's own tests. Charms use the root entry; nothing here is needed to write one.
 */
export { describeError } from "./main.js";
export {
  CONTAINERS_DIR_VARIABLE,
  defaultPebbleSocketPath,
  pebbleSocketPathFor,
} from "./pebble-socket-path.js";
export { LIFECYCLE_HOOKS, RELATION_PHASES, SECRET_HOOKS, parseEvent, parseJujuContext } from "./events.js";
export type { Env, JujuContext } from "./events.js";
export type { HookToolInvocation, HookToolResult, HookToolRunner } from "./hook-tools/runner.js";
export { spawnRunner } from "./hook-tools/spawn-runner.js";
export { encodeRequest, SPAWNER_PATH } from "./hook-tools/spawner-protocol.js";
export { spawnerRunner } from "./hook-tools/spawner-runner.js";
export {
  LAUNCHED_SPAWNER_VARIABLE,
  launchedSpawnerRunner,
  takeLaunchedSpawner,
} from "./hook-tools/launched-spawner.js";
export { buildHookToolSpawner, SPAWNER_SOURCE } from "./spawner-build.js";
export { CODE_CACHE_SUFFIX, HOOK_BUNDLE_WRAPPER } from "./hook-bundle.js";
export type { BuiltSpawner } from "./spawner-build.js";
export { MAX_ARGUMENT_BYTES, assertArgumentsFit } from "./hook-tools/argv-limit.js";
export { HookToolSession } from "./hook-tools/session.js";
export { ReadCache } from "./hook-tools/read-cache.js";
export { toolError } from "./hook-tools/tool-errors.js";
export { ACTION_RESULT_SEGMENT, flattenActionResults } from "./hook-tools/actions.js";
export { formatPort, parsePort } from "./hook-tools/ports.js";
export { LOG_LEVELS, MAX_LOG_LINE_LENGTH, splitLogMessage } from "./hook-tools/logging.js";
export {
  SECRET_KEY_PATTERN,
  SECRET_ROTATE_POLICIES,
  bareSecretId,
  formatExpire,
  validateSecretContent,
} from "./hook-tools/secrets.js";
export { SETTABLE_STATUSES } from "./hook-tools/status.js";
export { Container } from "./model/container.js";
export { Logger } from "./model/logger.js";
export type { HookContextOptions } from "./model/hook-context.js";

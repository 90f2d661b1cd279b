/** Public API of the charm runtime: the only code in the project that talks to Juju. */
export * from "./errors.js";
export * from "./events.js";
export { runCharm, main, defaultPebbleSocketPath, describeError } from "./main.js";
export type { Charm } from "./main.js";
export type { RuntimeOptions } from "./runtime-options.js";
export type { HookToolInvocation, HookToolResult, HookToolRunner } from "./hook-tools/runner.js";
export { spawnRunner } from "./hook-tools/spawn-runner.js";
export { MAX_ARGUMENT_BYTES, assertArgumentsFit } from "./hook-tools/argv-limit.js";
export { HookToolSession } from "./hook-tools/session.js";
export { ReadCache } from "./hook-tools/read-cache.js";
export { toolError } from "./hook-tools/tool-errors.js";
export type { ConfigValue } from "./hook-tools/config.js";
export { flattenActionResults, ACTION_RESULT_SEGMENT } from "./hook-tools/actions.js";
export type { ActionResultValue } from "./hook-tools/actions.js";
export type { NetworkInfo, BindAddress, NetworkAddress } from "./hook-tools/network.js";
export { formatPort, parsePort } from "./hook-tools/ports.js";
export type { Port, PortProtocol } from "./hook-tools/ports.js";
export { LOG_LEVELS, MAX_LOG_LINE_LENGTH, splitLogMessage } from "./hook-tools/logging.js";
export type { LogLevel } from "./hook-tools/logging.js";
export {
  SECRET_KEY_PATTERN,
  SECRET_ROTATE_POLICIES,
  bareSecretId,
  formatExpire,
  validateSecretContent,
} from "./hook-tools/secrets.js";
export type { SecretInfo, SecretMetadata, SecretOwner, SecretRotatePolicy } from "./hook-tools/secrets.js";
export { SETTABLE_STATUSES } from "./hook-tools/status.js";
export type { SettableStatusName, StatusInfo, StatusName } from "./hook-tools/status.js";
export type { StorageInfo } from "./hook-tools/storage.js";
export { plannedUnits } from "./hook-tools/goal-state.js";
export type { GoalState } from "./hook-tools/goal-state.js";
export type { CloudSpec } from "./hook-tools/credential-get.js";
export { HookContext } from "./model/hook-context.js";
export type {
  AddSecretOptions,
  HookContextOptions,
  Model,
  SecretLookupOptions,
  StatusToSet,
} from "./model/hook-context.js";
export { Databag, Relation } from "./model/relations.js";
export type { DatabagOwner } from "./model/relations.js";
export { Secret, canonicalSecretId, sameSecret } from "./model/secrets.js";
export type { GetContentOptions, RelationTarget } from "./model/secrets.js";
export { Container } from "./model/container.js";
export { Logger } from "./model/logger.js";
export { echoInput, MAX_ECHO_LENGTH } from "./model/status-text.js";
// The Pebble client (HTTP over the container's unix socket).
export * from "./pebble/index.js";

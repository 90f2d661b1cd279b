/**
 * `@garm-charms/charm-runtime`: what a charm author uses. The Pebble client is behind
 * `@garm-charms/charm-runtime/pebble`, the plumbing (hook-tool session, runners, argv helpers)
 * behind `@garm-charms/charm-runtime/internal` for the test harness. The README lists all of it.
 */

// Running a charm
export { main, readAhead, runCharm } from "./main.js";
export type { Charm, RunOptions, StartedHook } from "./main.js";
export type { RuntimeOptions } from "./runtime-options.js";

// Events
export { eventFilter } from "./event-filter.js";
export type { EventFilterSpec } from "./event-filter.js";
export { isRelationEvent, isSecretEvent } from "./events.js";
export type {
  ActionEvent,
  JujuEvent,
  LifecycleEvent,
  LifecycleHook,
  PebbleCheckEvent,
  PebbleCustomNoticeEvent,
  PebbleReadyEvent,
  ProxySettings,
  RelationEvent,
  RelationPhase,
  SecretEvent,
  SecretHook,
  StorageEvent,
} from "./events.js";

// The hook's model
export { HookContext } from "./model/hook-context.js";
export type {
  AddSecretOptions,
  ConfigCheck,
  Model,
  SecretLookupOptions,
  StatusToSet,
} from "./model/hook-context.js";
export { invalidConfigStatus } from "./model/config.js";
export type { InvalidConfigStatusOptions } from "./model/config.js";
export type { PrefetchBag, PrefetchPlan, PrefetchSecret } from "./model/prefetch.js";
export { Databag, Relation } from "./model/relations.js";
export type { DatabagOwner } from "./model/relations.js";
export { Secret, canonicalSecretId, sameSecret } from "./model/secrets.js";
export type { GetContentOptions, RelationTarget } from "./model/secrets.js";
export type { Container, PebbleConnector } from "./model/container.js";
export type { Logger } from "./model/logger.js";
export { echoInput, MAX_ECHO_LENGTH } from "./model/status-text.js";
export { plannedUnits } from "./hook-tools/goal-state.js";
export type { ActionResultValue } from "./hook-tools/actions.js";
export type { CloudSpec } from "./hook-tools/credential-get.js";
export type { ConfigValue } from "./hook-tools/config.js";
export type { GoalState } from "./hook-tools/goal-state.js";
export type { LogLevel } from "./hook-tools/logging.js";
export type { BindAddress, NetworkAddress, NetworkInfo } from "./hook-tools/network.js";
export type { Port, PortProtocol } from "./hook-tools/ports.js";
export type { SecretInfo, SecretMetadata, SecretOwner, SecretRotatePolicy } from "./hook-tools/secrets.js";
export type { SettableStatusName, StatusInfo, StatusName } from "./hook-tools/status.js";
export type { StorageInfo } from "./hook-tools/storage.js";

// Errors
export * from "./errors.js";

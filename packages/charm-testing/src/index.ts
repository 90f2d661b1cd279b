/**
 * @garm-charms/charm-testing: state-transition tests for charms on @garm-charms/charm-runtime.
 * `new Context(charm, { meta }).run(event, state)` runs one hook through the real runtime, with
 * hook tools answered by an in-memory Juju model and containers by fake Pebbles.
 */
export type * from "./state.js";
export {
  DEFAULT_MODEL,
  DEFAULT_UNIT_DATA,
  container,
  fileText,
  getContainer,
  getRelation,
  getSecret,
  peerRelation,
  relation,
  secret,
  state,
} from "./builders.js";
export type { RelationOptions, SecretOptions, StateOptions } from "./builders.js";
export { events, hookName } from "./events.js";
export type { HarnessEvent, LifecycleHook, RelationEventOptions, RelationHook } from "./events.js";
export {
  CharmMetaError,
  charmMetaSchema,
  effectiveConfig,
  findEndpoint,
  loadCharmMeta,
  parseCharmMeta,
  parseCharmMetaYaml,
} from "./meta.js";
export type {
  ActionMeta,
  ActionParamMeta,
  CharmMeta,
  ConfigOptionMeta,
  EndpointMeta,
  EndpointRole,
} from "./meta.js";
export { InconsistentStateError, actionParamsWithDefaults, checkConsistency } from "./consistency.js";
export { buildHookEnv } from "./env.js";
export type { HookEnvInput } from "./env.js";
export { Context, ExpectedFailureError, UncaughtCharmError } from "./context.js";
export type { ContextOptions } from "./context.js";
export {
  FAKE_HOOK_TOOL_NAMES,
  FakeHookTools,
  FakeModel,
  bareSecretId,
  defaultNetwork,
} from "./fake-hook-tools/index.js";
export type {
  HookInfo,
  LogLine,
  RemovedSecretRevision,
  StorageRequest,
  UnitIdentity,
} from "./fake-hook-tools/index.js";
export { startFakePebble } from "./pebble-fake/index.js";
export type { FakePebble, FakePebbleRequest } from "./pebble-fake/index.js";
export { runExampleDemo } from "./example-charm/demo.js";

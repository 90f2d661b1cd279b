/**
 * @garm-charms/charm-testing: state-transition tests for charms on @garm-charms/charm-runtime,
 * the TypeScript counterpart of `ops.testing`.
 *
 * ```ts
 * const ctx = new Context(myCharm); // reads the charm's charmcraft.yaml; checks for secret leaks
 * const db = relation({ endpoint: "db", remoteAppData: { host: "pg" } });
 * const out = await ctx.run(events.relationChanged(db), state({ leader: true, relations: [db] }));
 * expect(out.unitStatus).toEqual({ name: "active", message: "" });
 * expect(ctx.hookToolCalls).toContainEqual({ tool: "config-get", args: ["--format=json"] });
 * ```
 *
 * `run` checks the setup (InconsistentStateError), builds the JUJU_* environment Juju would
 * set, and runs the charm through the real `runCharm`. Hook tools are answered by FakeHookTools
 * (an in-memory Juju with Juju's argv rules, outputs, errors and access rules) and each container
 * by a fake Pebble on a unix socket. When the charm throws, `run` rejects with
 * UncaughtCharmError whose `state` is the State as Juju leaves it: relation data, secrets, ports,
 * charm state and storage requests discarded; statuses, workload version, logs and Pebble
 * changes kept. `runToFailure` resolves with that error instead.
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
export { findCharmcraftYaml, loadDefaultCharmMeta } from "./charm-root.js";
export type { MetaSource } from "./charm-root.js";
export { SecretLeakError, UnscannableSecretError, findSecretLeaks } from "./secret-leaks.js";
export type { HookRecord, LeakPlace, SecretLeak, SecretLeakOptions } from "./secret-leaks.js";
export { FAKE_HOOK_TOOL_NAMES, FakeHookTools, FakeModel, defaultNetwork } from "./fake-hook-tools/index.js";
export type {
  HookInfo,
  LogLine,
  RemovedSecretRevision,
  StorageRequest,
  UnitIdentity,
} from "./fake-hook-tools/index.js";
export {
  ChangeLog,
  FakePebbleApiError,
  PathFailure,
  PebbleApi,
  badRequest,
  checkAbsolute,
  checkPermissions,
  serviceFingerprint,
  servePebble,
  startFakePebble,
} from "./pebble-fake/index.js";
export type {
  FakePebble,
  FakePebbleRequest,
  Layer,
  LayerEntry,
  Ownership,
  PebbleApiOptions,
  PebbleFiles,
  PebbleServices,
  TaskOutcome,
  WireChange,
  WireFileInfo,
  WireService,
} from "./pebble-fake/index.js";
export { runExampleDemo } from "./example-charm/demo.js";
export { DispatchFailedError, isPackedCharm, packedCharm } from "./process/packed-charm.js";
export type { PackedCharm, PackedCharmOptions } from "./process/packed-charm.js";
export { repeatedHookToolCalls, withStableSecretIds } from "./process/compare.js";
export { compileCached, toolExecutables } from "./process/tool-executables.js";
export type { ToolExecutableKind, ToolExecutables } from "./process/tool-executables.js";
export { startToolServer } from "./process/tool-server.js";
export type { ToolServer, ToolServerOptions } from "./process/tool-server.js";

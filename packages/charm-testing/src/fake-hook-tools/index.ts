export { FakeHookTools, FAKE_HOOK_TOOL_NAMES } from "./runner.js";
export { FakeModel } from "./model.js";
export type { HookInfo, LogLine, RemovedSecretRevision, StorageRequest, UnitIdentity } from "./model.js";
export { defaultNetwork } from "./network-tools.js";

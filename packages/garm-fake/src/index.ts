export { startGarmFake, GarmFakeStateError } from "./garm-fake.js";
export type { GarmFake, GarmFakeOptions } from "./garm-fake.js";
export type { Fault, FaultSpec } from "./faults.js";
export type { ForgeFailure } from "./forge.js";
export type { RecordedRequest } from "./recorder.js";
export { REDACTED } from "./recorder.js";
export type { GarmFakeSnapshot, EntitySnapshot, ScaleSetSnapshot } from "./snapshot.js";
export type { ProviderInfo } from "./routes/controller.js";
export { isStrongPassword, passwordBits, STRONG_PASSWORD_BITS } from "./password-strength.js";

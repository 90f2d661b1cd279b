export { PlannerClient } from "./client.js";
export type { CallOptions, PlannerClientOptions, PlannerFlavor, StreamOptions } from "./client.js";
export { PressureStream } from "./stream.js";
export type { PressureStreamEvent } from "./stream.js";
export {
  PlannerAuthError,
  PlannerError,
  PlannerNotFoundError,
  PlannerProtocolError,
  PlannerRequestInvalidError,
  PlannerUnreachableError,
} from "./errors.js";
export type { PlannerErrorKind, PlannerUnreachableReason } from "./errors.js";
export { ALL_FLAVORS } from "./url.js";

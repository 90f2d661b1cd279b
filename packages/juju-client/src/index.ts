export { Juju, type CliCall, type DeployOptions, type JujuOptions } from "./juju.js";
export { CLIError, OutputError, TaskError, WaitError } from "./errors.js";
export type { ConfigValue, ConfigValues } from "./config.js";
export type { SecretSummary } from "./secrets.js";
export {
  application,
  isStatusError,
  statusSchema,
  unitsOf,
  type ApplicationStatus,
  type EntityStatus,
  type Status,
  type StatusError,
  type UnitStatus,
} from "./status.js";
export * from "./predicates.js";
export type { Task } from "./task.js";
export { statusSummary, type WaitOptions } from "./wait.js";
export { temporaryModel, type TemporaryModel } from "./temporary-model.js";

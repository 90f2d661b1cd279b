export { reconcileGarmObjects } from "./reconcile.js";
export type { ReconcileOptions, ReconcileResult, ReconcileSummary } from "./reconcile.js";
export { buildDesiredState, entityKey, DEFAULT_RUNNER_GROUP } from "./desired.js";
export type {
  BuildDesiredStateOptions,
  ConfiguratorUnit,
  DesiredCredential,
  DesiredEntity,
  DesiredScaleset,
  DesiredState,
  EntityKind,
  ProtectedNames,
} from "./desired.js";
export {
  parseOwnershipRecord,
  serialiseOwnershipRecord,
  type OwnershipRecord,
  type UnitClaims,
} from "./ownership-record.js";
export type { ReconcileProblem } from "./problems.js";
export type { LogLevel, ReconcileLog } from "./executor.js";
export { planReconcile } from "./plan.js";
export type { Operation } from "./operations.js";
export {
  CHARMED_TEMPLATE_NAME,
  SYSTEM_TEMPLATE_NAME,
  credentialName,
  isCharmTemplate,
  scalesetTemplateName,
} from "./ownership.js";

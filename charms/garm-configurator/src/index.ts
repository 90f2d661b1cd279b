export { garmConfiguratorCharm, reconcile, observes } from "./charm.js";
export {
  GARM_ENDPOINT,
  IMAGE_ENDPOINT,
  STATUS_READY,
  STATUS_WAITING_IMAGE_ID,
  STATUS_WAITING_IMAGE_RELATION,
} from "./charm.js";
export { parseConfiguratorConfig } from "./config.js";
export type {
  ConfigProblem,
  ConfigResult,
  ConfiguratorConfig,
  GithubAppConfig,
  OpenStackConfig,
  PlannerConfig,
  RawConfig,
  ScalesetConfig,
} from "./config.js";
export {
  GITHUB_KEY_SECRET_LABEL,
  PASSWORD_SECRET_LABEL,
  PLANNER_TOKEN_SECRET_LABEL,
  SECRET_VALUE_KEY,
} from "./secrets.js";
export { PLANNER_ENDPOINT, PLANNER_NOTE_NOT_PUBLISHED, PLANNER_NOTE_TOKEN_UNREADABLE } from "./planner.js";
export type { PlannerState } from "./planner.js";
export { buildPlannerFlavor, PRE_INSTALL_SCRIPT_NAME, providerNameOf } from "./publication.js";

export {
  plannerStandIn,
  serviceUrl,
  STATUS_CODE_MISSING,
  STATUS_STANDBY,
  STATUS_WAITING_CONTAINER,
} from "./charm.js";
export type { PlannerStandInOptions } from "./charm.js";
export * from "./layout.js";
export { plannerLayer } from "./service.js";

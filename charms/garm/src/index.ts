/** Public API of the garm charm (the entry point that runs it is dispatch.ts). */
export { createGarmCharm, DEFAULT_GARM_URL, garmCharm, observes } from "./charm.js";
export type { GarmCharmOptions } from "./charm.js";
export type { GarmObjectsInput, GarmObjectsStep } from "./objects-step.js";
export {
  DEBUG_SSH_ENDPOINT,
  debugSshConnection,
  problemsStatus,
  reconcileConfiguratorObjects,
} from "./garm-objects.js";
export { bootstrapGarm } from "./bootstrap/bootstrap.js";
export { describeGarmFailure, isGarmFailure } from "./garm-failure.js";
export type { BootstrapInput, BootstrapResult, BootstrapTimings } from "./bootstrap/bootstrap.js";
export {
  CONFIGURATOR_ENDPOINT,
  configuratorUnits,
  readConfiguratorProviders,
  readProviderKeys,
} from "./configurator-providers.js";
export type { ConfiguratorProviders } from "./configurator-providers.js";
export { controllerBaseUrl, controllerUrlsFor, serviceBaseUrl } from "./bootstrap/controller-urls.js";
export type { ControllerUrls } from "./bootstrap/controller-urls.js";
export { POSTGRESQL_ENDPOINT, readDatabase, requestDatabase } from "./relations/database.js";
export type { DatabaseRead } from "./relations/database.js";
export { CREDENTIALS_NOT_AVAILABLE, GET_CREDENTIALS_ACTION } from "./actions/get-credentials.js";
export { INGRESS_ENDPOINT, METRICS_ENDPOINT, unitFqdn } from "./relations/publications.js";
export {
  activeProviderNames,
  keptAfterListing,
  keptBeforeGarm,
  ownedScalesetProviders,
  providersInUse,
  retainedProviderNames,
  retiringProviderNames,
  settleRetirement,
  startRetirement,
} from "./retirement/retirement.js";
export type { ProviderRetirement } from "./retirement/retirement.js";
export { PROVIDER_RECORD_KEY, readProviderRecord, saveProviderRecord } from "./retirement/record.js";
export { readCharmState, garmDatabaseConfig, proxyEnvironment, workloadInput } from "./state.js";
export type { CharmState, StateRead } from "./state.js";
export * from "./status.js";
export * from "./workload/index.js";

/** Public API of the garm charm (the entry point that runs it is dispatch.ts). */
export { createGarmCharm, DEFAULT_GARM_URL, garmCharm, observes } from "./charm.js";
export type { GarmCharmOptions } from "./charm.js";
export type { GarmObjectsInput } from "./reconcile/objects-step.js";
export { problemsStatus, reconcileConfiguratorObjects } from "./reconcile/objects-step.js";
export { DEBUG_SSH_ENDPOINT, debugSshConnection } from "./relations/debug-ssh.js";
export { bootstrapGarm } from "./bootstrap/bootstrap.js";
export {
  describeGarmFailure,
  garmFailurePolicy,
  isGarmFailure,
  survivedGarmFailure,
} from "./garm-failure.js";
export type { GarmFailurePolicy, SurvivedGarmFailure } from "./garm-failure.js";
export type { BootstrapInput, BootstrapResult, BootstrapTimings } from "./bootstrap/bootstrap.js";
export {
  CONFIGURATOR_ENDPOINT,
  configuratorProviders,
  readConfiguratorUnit,
  readConfiguratorUnits,
  unitProvider,
} from "./relations/configurator.js";
export type {
  ConfiguratorProviders,
  ConfiguratorUnit,
  ConfiguratorUnitSource,
} from "./relations/configurator.js";
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

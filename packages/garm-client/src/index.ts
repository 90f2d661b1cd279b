export { GarmClient } from "./client.js";
export type { GarmClientOptions, GarmReadiness, WaitUntilReadyOptions } from "./client.js";
export { GarmApiError, GarmProtocolError, GarmRequestInvalidError, GarmUnavailableError } from "./errors.js";
export type { GarmCallDescription, GarmUnavailableReason } from "./errors.js";
export type {
  ControllerInfo,
  CreateGithubEndpointParams,
  FirstRunParams,
  GarmUser,
  GithubEndpoint,
  Provider,
  UpdateControllerParams,
  UpdateGithubEndpointParams,
} from "./controller.js";
export type {
  CreateCredentialsParams,
  Credentials,
  ForgeAuthType,
  GithubAppAuth,
  GithubAuth,
  GithubPatAuth,
  RateLimit,
  UpdateCredentialsParams,
} from "./credentials.js";
export type {
  CreateOrganisationParams,
  CreateRepositoryParams,
  ListOrganisationsFilter,
  ListRepositoriesFilter,
  Organisation,
  PoolManagerStatus,
  Repository,
  UpdateEntityParams,
} from "./entities.js";
export type {
  CreateScaleSetParams,
  OsArch,
  ScaleSet,
  ScaleSetDeleteOutcome,
  ScaleSetOwner,
  ScaleSetOwnerRef,
  ScaleSetRunner,
  UpdateScaleSetParams,
} from "./scalesets.js";
export { SYSTEM_TEMPLATE_OWNER } from "./templates.js";
export type {
  CreateTemplateParams,
  ForgeType,
  ListTemplatesFilter,
  OsType,
  RestoreTemplatesParams,
  Template,
  UpdateTemplateParams,
} from "./templates.js";

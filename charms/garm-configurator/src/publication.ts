/**
 * Pure mapping from validated config to what the configurator publishes: the image request for the
 * image builder and the scaleset publication for garm.
 */
import {
  PLANNER_PLATFORM,
  plannerLabels,
  type ConfiguratorCredentials,
  type ConfiguratorPublication,
  type ImageRequest,
  type PlannerFlavor,
  type PlannerLink,
} from "@garm-charms/interfaces";

import type { ConfiguratorConfig } from "./config.js";

/** Name of the single pre-install script the `pre-install-scripts` option becomes (as the reference). */
export const PRE_INSTALL_SCRIPT_NAME = "pre_install.sh";

/** GARM provider name of a unit: `garm-configurator/0` -> `garm-configurator-0`. The garm charm names
 * its `[[provider]]` the same way, so the two must match exactly. */
export function providerNameOf(unit: string): string {
  return unit.replaceAll("/", "-");
}

export function buildImageRequest(config: ConfiguratorConfig, password: string): ImageRequest {
  const { openstack } = config;
  return {
    authUrl: openstack.authUrl,
    username: openstack.username,
    password,
    projectName: openstack.projectName,
    userDomainName: openstack.userDomainName,
    projectDomainName: openstack.projectDomainName,
  };
}

export interface CredentialUris {
  readonly passwordSecretUri: string;
  readonly privateKeySecretUri: string;
}

export function buildCredentials(config: ConfiguratorConfig, uris: CredentialUris): ConfiguratorCredentials {
  const { openstack, githubApp } = config;
  return {
    openstack: {
      authUrl: openstack.authUrl,
      username: openstack.username,
      passwordSecretUri: uris.passwordSecretUri,
      projectName: openstack.projectName,
      userDomainName: openstack.userDomainName,
      projectDomainName: openstack.projectDomainName,
      regionName: openstack.regionName,
      network: openstack.network,
    },
    githubApp: {
      appId: githubApp.appId,
      installationId: githubApp.installationId,
      privateKeySecretUri: uris.privateKeySecretUri,
    },
  };
}

/**
 * The planner flavor this scaleset declares. Its name is the scaleset name and its labels are the
 * scaleset's GitHub labels: GARM registers the name first, then the configured labels, and a job
 * reaches this scaleset only through them. (github-runner also sends its image's arch and base
 * tags; GARM runners do not carry those labels, so sending them would let the planner route jobs
 * here that GitHub sends elsewhere.)
 */
export function buildPlannerFlavor(config: ConfiguratorConfig): PlannerFlavor {
  const { scaleset, planner } = config;
  return {
    flavor: scaleset.name,
    labels: plannerLabels(scaleset.name, scaleset.labels),
    platform: PLANNER_PLATFORM,
    priority: planner.priority,
    minimumPressure: planner.minimumPressure,
  };
}

/** The planner link forwarded to garm: where the planner is, the re-wrapped token, the floor. */
export function buildPlannerLink(
  config: ConfiguratorConfig,
  endpoint: string,
  tokenSecretUri: string,
): PlannerLink {
  return { endpoint, tokenSecretUri, minimumPressure: config.planner.minimumPressure };
}

export function buildPublication(
  config: ConfiguratorConfig,
  unit: string,
  imageId: string | undefined,
  credentials: ConfiguratorCredentials | undefined,
  planner?: PlannerLink,
): ConfiguratorPublication {
  const { scaleset } = config;
  return {
    providerName: providerNameOf(unit),
    imageId,
    planner,
    // Credentials only go out together with the image id, as in the reference.
    credentials: imageId === undefined ? undefined : credentials,
    scaleset: {
      name: scaleset.name,
      flavor: scaleset.flavor,
      osArch: scaleset.osArch,
      minIdleRunners: scaleset.minIdleRunners,
      maxRunners: scaleset.maxRunners,
      labels: scaleset.labels,
      runnerGroup: scaleset.runnerGroup,
      target: scaleset.target,
      preInstallScripts:
        scaleset.preInstallScript === undefined
          ? {}
          : { [PRE_INSTALL_SCRIPT_NAME]: scaleset.preInstallScript },
      runner: config.runner,
    },
  };
}

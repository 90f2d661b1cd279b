/**
 * Pure mapping from validated config to what the configurator publishes: the image request for the
 * image builder and the scaleset publication for garm.
 */
import type { ConfiguratorCredentials, ConfiguratorPublication, ImageRequest } from "@garm-charms/interfaces";

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

export function buildPublication(
  config: ConfiguratorConfig,
  unit: string,
  imageId: string | undefined,
  credentials: ConfiguratorCredentials | undefined,
): ConfiguratorPublication {
  const { scaleset } = config;
  return {
    providerName: providerNameOf(unit),
    imageId,
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

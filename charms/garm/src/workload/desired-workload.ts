/**
 * Everything the workload container should hold, computed from validated inputs in one place:
 * the files to push, the Pebble layer and its config hash. The charm compares the hash with the
 * running plan (needsReplan) and only then pushes and replans.
 */
import { renderGarmConfig, type GarmDatabaseConfig } from "./config-toml.js";
import { GARM_CONFIG_PATH, type WorkloadFile } from "./layout.js";
import { configHash, garmPebbleLayer, type GarmPebbleLayer } from "./pebble-layer.js";
import { providerNameForUnit, renderProviderFiles, type OpenStackCredentials } from "./provider-files.js";
import type { ProxyEnvironment } from "./proxy-environment.js";

export interface ConfiguratorProvider {
  /** The garm-configurator unit that published these credentials, e.g. `garm-configurator/0`. */
  readonly unitName: string;
  readonly credentials: OpenStackCredentials;
}

export interface WorkloadInput {
  readonly database: GarmDatabaseConfig;
  readonly jwtSecret: string;
  readonly databasePassphrase: string;
  readonly providers: readonly ConfiguratorProvider[];
  readonly proxyEnvironment: ProxyEnvironment;
}

export interface DesiredWorkload {
  /** config.toml first, then each provider's TOML and clouds.yaml, providers sorted by name. */
  readonly files: readonly WorkloadFile[];
  /** GARM provider names, sorted; also what staleProviderFiles keeps. */
  readonly providerNames: readonly string[];
  readonly configHash: string;
  readonly layer: GarmPebbleLayer;
}

/** Throws GarmConfigError / ProviderFilesError when an input cannot make a valid GARM config. */
export function desiredWorkload(input: WorkloadInput): DesiredWorkload {
  const providers = input.providers
    .map((provider) => renderProviderFiles(providerNameForUnit(provider.unitName), provider.credentials))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const configToml = renderGarmConfig({
    database: input.database,
    databasePassphrase: input.databasePassphrase,
    jwtSecret: input.jwtSecret,
    providers: providers.map((provider) => ({ name: provider.name, configFile: provider.paths.config })),
    providerEnvironmentVariables: Object.keys(input.proxyEnvironment),
  });
  const providerFiles = providers.flatMap((provider) => provider.files);
  const hash = configHash({ configToml, providerFiles, proxyEnvironment: input.proxyEnvironment });
  return {
    files: [{ path: GARM_CONFIG_PATH, content: configToml }, ...providerFiles],
    providerNames: providers.map((provider) => provider.name),
    configHash: hash,
    layer: garmPebbleLayer({ configHash: hash, proxyEnvironment: input.proxyEnvironment }),
  };
}

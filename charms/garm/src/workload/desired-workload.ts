/**
 * Everything the workload container should hold, computed from validated inputs in one place:
 * the files to push, the Pebble layer and its config hash. The charm compares the hash with the
 * running plan (needsReplan) and only then pushes and replans.
 */
import { renderGarmConfig, type GarmDatabaseConfig } from "./config-toml.js";
import { databaseCaWorkload } from "./database-tls.js";
import { GARM_CONFIG_PATH, type WorkloadFile } from "./layout.js";
import { configHash, garmPebbleLayer, type GarmPebbleLayer } from "./pebble-layer.js";
import {
  providerFilePaths,
  providerNameForUnit,
  renderProviderFiles,
  type OpenStackCredentials,
} from "./provider-files.js";
import type { ProxyEnvironment } from "./proxy-environment.js";
import type { RetainedProvider } from "./retained-providers.js";

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
  /**
   * Providers of configurator units that left, kept because GARM still has their scale sets:
   * referenced from config.toml and hashed as they are on disk, never pushed. A name that a
   * publishing unit also has is rendered from that unit's data instead.
   */
  readonly retainedProviders?: readonly RetainedProvider[];
  readonly proxyEnvironment: ProxyEnvironment;
  /** The PostgreSQL CA chain when GARM verifies the database (sslmode verify-ca). */
  readonly databaseCa?: string;
}

export interface DesiredWorkload {
  /**
   * The files to push: config.toml first, then each publishing unit's provider TOML and
   * clouds.yaml, providers sorted by name. Retained providers' files stay as they are.
   */
  readonly files: readonly WorkloadFile[];
  /** GARM provider names (retained ones included), sorted; also what staleProviderFiles keeps. */
  readonly providerNames: readonly string[];
  /** The retained providers among providerNames, sorted. */
  readonly retainedProviderNames: readonly string[];
  readonly configHash: string;
  readonly layer: GarmPebbleLayer;
}

const byName = (a: { readonly name: string }, b: { readonly name: string }): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Throws GarmConfigError / ProviderFilesError when an input cannot make a valid GARM config. */
export function desiredWorkload(input: WorkloadInput): DesiredWorkload {
  const rendered = input.providers
    .map((provider) => renderProviderFiles(providerNameForUnit(provider.unitName), provider.credentials))
    .sort(byName);
  const renderedNames = new Set(rendered.map((provider) => provider.name));
  const retained = (input.retainedProviders ?? [])
    .filter((provider) => !renderedNames.has(provider.name))
    .map((provider) => ({
      name: provider.name,
      paths: providerFilePaths(provider.name),
      files: provider.files,
    }))
    .sort(byName);
  const configured = [...rendered, ...retained].sort(byName);
  const configToml = renderGarmConfig({
    database: input.database,
    databasePassphrase: input.databasePassphrase,
    jwtSecret: input.jwtSecret,
    providers: configured.map((provider) => ({ name: provider.name, configFile: provider.paths.config })),
    providerEnvironmentVariables: Object.keys(input.proxyEnvironment),
  });
  const renderedFiles = rendered.flatMap((provider) => provider.files);
  const databaseCa = databaseCaWorkload(input.databaseCa);
  const hash = configHash({
    configToml,
    providerFiles: [...configured.flatMap((provider) => provider.files), ...databaseCa.files],
    proxyEnvironment: input.proxyEnvironment,
  });
  return {
    files: [{ path: GARM_CONFIG_PATH, content: configToml }, ...renderedFiles, ...databaseCa.files],
    providerNames: configured.map((provider) => provider.name),
    retainedProviderNames: retained.map((provider) => provider.name),
    configHash: hash,
    layer: garmPebbleLayer({
      configHash: hash,
      proxyEnvironment: input.proxyEnvironment,
      databaseEnvironment: databaseCa.environment,
    }),
  };
}

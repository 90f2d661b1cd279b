/**
 * Files of the OpenStack external provider, one pair per garm-configurator unit: the provider's
 * TOML (which cloud, which network, where clouds.yaml is) and the clouds.yaml holding the
 * OpenStack credentials. The provider binary reads only these files, never OS_* variables.
 */
import { stringify as stringifyToml } from "smol-toml";
import { stringify as stringifyYaml } from "yaml";
import * as z from "zod";
import { GARM_CONFIG_DIR, type WorkloadFile } from "./layout.js";

export interface OpenStackCredentials {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
  readonly regionName: string;
  /** Network the runners attach to (name or id, as the provider's `network_id` accepts). */
  readonly network: string;
}

export class ProviderFilesError extends Error {
  override readonly name = "ProviderFilesError";
}

/** Juju unit names are `<application>/<number>`; application names are lower-case words and dashes. */
const UNIT_NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/([0-9]+)$/;
/** The names providerNameForUnit produces; provider file names and the charm's record use them. */
const PROVIDER_NAME_SOURCE = "[a-z][a-z0-9-]*-[0-9]+";
export const PROVIDER_NAME = new RegExp(`^${PROVIDER_NAME_SOURCE}$`);

/**
 * GARM provider name for a configurator unit: the unit name with `/` replaced by `-`
 * (`garm-configurator/0` -> `garm-configurator-0`). The configurator publishes the same string as
 * its scaleset's provider_name, so the two must never diverge. Safe as a file name component.
 */
export function providerNameForUnit(unitName: string): string {
  const match = UNIT_NAME.exec(unitName);
  if (match === null) throw new ProviderFilesError(`"${unitName}" is not a Juju unit name`);
  return `${match[1]}-${match[2]}`;
}

export interface ProviderFilePaths {
  /** The provider's own TOML, referenced from GARM's config.toml. */
  readonly config: string;
  /** clouds.yaml with the OpenStack credentials, referenced from the provider TOML. */
  readonly clouds: string;
}

export function providerFilePaths(providerName: string): ProviderFilePaths {
  if (!PROVIDER_NAME.test(providerName)) {
    throw new ProviderFilesError(`"${providerName}" is not a provider name derived from a unit name`);
  }
  return {
    config: `${GARM_CONFIG_DIR}/provider-${providerName}.toml`,
    clouds: `${GARM_CONFIG_DIR}/clouds-${providerName}.yaml`,
  };
}

const singleLine = (field: string) =>
  z
    .string()
    .min(1, `${field} is required`)
    .refine((value) => ![...value].some((ch) => ch.charCodeAt(0) < 0x20), `${field} must be a single line`);

const credentialsSchema = z.object({
  authUrl: singleLine("auth URL").refine(
    (value) => /^https?:\/\/[^\s]+$/.test(value),
    "auth URL must be http(s)",
  ),
  username: singleLine("username"),
  password: z.string().min(1, "password is required"),
  projectName: singleLine("project name"),
  userDomainName: singleLine("user domain name"),
  projectDomainName: singleLine("project domain name"),
  regionName: singleLine("region name"),
  network: singleLine("network"),
});

export interface RenderedProvider {
  readonly name: string;
  readonly paths: ProviderFilePaths;
  /** Both files, provider TOML first. */
  readonly files: readonly [WorkloadFile, WorkloadFile];
}

/**
 * Renders both files for one provider. The cloud in clouds.yaml is named after the provider.
 * Throws ProviderFilesError naming the bad field (never its value).
 */
export function renderProviderFiles(
  providerName: string,
  credentials: OpenStackCredentials,
): RenderedProvider {
  const paths = providerFilePaths(providerName);
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new ProviderFilesError(`OpenStack credentials of provider ${providerName}: ${problems}`);
  }
  const creds = parsed.data;
  const providerToml = stringifyToml({
    cloud: providerName,
    network_id: creds.network,
    // Config drive instead of the metadata service: CVE-2024-6174.
    use_config_drive: true,
    credentials: { clouds: paths.clouds },
  });
  const cloudsYaml = stringifyYaml(
    {
      clouds: {
        [providerName]: {
          auth: {
            auth_url: creds.authUrl,
            password: creds.password,
            project_domain_name: creds.projectDomainName,
            project_name: creds.projectName,
            user_domain_name: creds.userDomainName,
            username: creds.username,
          },
          region_name: creds.regionName,
        },
      },
    },
    { sortMapEntries: true, lineWidth: 0 },
  );
  return {
    name: providerName,
    paths,
    files: [
      { path: paths.config, content: providerToml },
      { path: paths.clouds, content: cloudsYaml },
    ],
  };
}

/** Every provider file that should exist for these providers. */
export function expectedProviderFilePaths(providerNames: readonly string[]): string[] {
  return providerNames.flatMap((name) => {
    const paths = providerFilePaths(name);
    return [paths.config, paths.clouds];
  });
}

const PROVIDER_FILE = new RegExp(
  `^${GARM_CONFIG_DIR}/(?:provider-(${PROVIDER_NAME_SOURCE})\\.toml|clouds-(${PROVIDER_NAME_SOURCE})\\.yaml)$`,
);

/** The inverse of providerFilePaths: which provider file `path` is, if it is one. */
export function parseProviderFilePath(
  path: string,
): { readonly name: string; readonly file: keyof ProviderFilePaths } | undefined {
  const match = PROVIDER_FILE.exec(path);
  if (match === null) return undefined;
  const [, configName, cloudsName] = match;
  if (configName !== undefined) return { name: configName, file: "config" };
  return cloudsName === undefined ? undefined : { name: cloudsName, file: "clouds" };
}

/**
 * Provider files present in the container that no current provider uses (a configurator unit went
 * away): they still hold OpenStack credentials, so they should be removed. Files the charm did
 * not name this way are never listed.
 */
export function staleProviderFiles(
  existingPaths: readonly string[],
  providerNames: readonly string[],
): string[] {
  const expected = new Set(expectedProviderFilePaths(providerNames));
  return existingPaths
    .filter((path) => parseProviderFilePath(path) !== undefined && !expected.has(path))
    .sort();
}

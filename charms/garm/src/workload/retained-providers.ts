/**
 * Providers whose configurator unit stopped publishing but which GARM may still need: while GARM
 * has a scale set on such a provider, it needs the provider to scale the runners down and delete
 * their instances. Their credentials are gone from Juju with the unit, so their two files are
 * kept exactly as they are on disk and read back (never re-rendered) for the config hash.
 */
import { PebbleApiError } from "@garm-charms/charm-runtime/pebble";
import { GARM_CONFIG_DIR, type WorkloadFile } from "./layout.js";
import { parseProviderFilePath, providerFilePaths } from "./provider-files.js";

/** A provider kept from the files in the container: provider TOML first, then clouds.yaml. */
export interface RetainedProvider {
  readonly name: string;
  readonly files: readonly [WorkloadFile, WorkloadFile];
}

/** What reading files back needs (the runtime's PebbleClient satisfies it). */
export interface ProviderFilesReader {
  listFiles(path: string): Promise<readonly { readonly path: string }[]>;
  pull(path: string): Promise<string>;
}

/**
 * Names of the providers whose two files are both present. A provider with only one of them
 * could not work (GARM's provider would fail on the missing file), so it does not count.
 */
export function providerNamesOnDisk(paths: readonly string[]): string[] {
  const present = new Set(paths);
  const names: string[] = [];
  for (const path of paths) {
    const file = parseProviderFilePath(path);
    if (file?.file === "config" && present.has(providerFilePaths(file.name).clouds)) names.push(file.name);
  }
  return names.sort();
}

/** Lists the provider names with both files in the container (none before the first push). */
export async function listProviderNamesOnDisk(reader: ProviderFilesReader): Promise<string[]> {
  let entries: readonly { readonly path: string }[];
  try {
    entries = await reader.listFiles(GARM_CONFIG_DIR);
  } catch (error) {
    if (error instanceof PebbleApiError && error.kind === "not-found") return [];
    throw error;
  }
  return providerNamesOnDisk(entries.map((entry) => entry.path));
}

/** Reads the two files of each provider back, byte for byte. */
export async function readRetainedProviders(
  reader: ProviderFilesReader,
  names: readonly string[],
): Promise<RetainedProvider[]> {
  const retained: RetainedProvider[] = [];
  for (const name of [...names].sort()) {
    const paths = providerFilePaths(name);
    const config = { path: paths.config, content: await reader.pull(paths.config) };
    const clouds = { path: paths.clouds, content: await reader.pull(paths.clouds) };
    retained.push({ name, files: [config, clouds] });
  }
  return retained;
}

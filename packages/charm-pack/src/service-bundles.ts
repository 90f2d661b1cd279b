/**
 * Services a charm delivers to its workload containers, bundled into the charm next to its own
 * bundle so the code they run is always the charm's revision. A charm declares them in its
 * package.json:
 *
 *   "charmPack": { "bundles": { "dist/pressure-reconciler.mjs": "@garm-charms/pressure-reconciler/cli" } }
 *
 * Each entry is a module specifier resolved from the charm project (a workspace dependency's
 * export), bundled like the charm: one ESM file, every dependency inlined.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import * as z from "zod";

import { ServiceBundleError } from "./errors.js";

export interface ServiceBundle {
  /** Path in the charm, `dist/<name>.mjs`. */
  readonly out: string;
  /** Absolute path of the entry module. */
  readonly entry: string;
}

const OUT_PATH = /^dist\/[a-z0-9][a-z0-9-]*\.mjs$/;

const packageSchema = z.object({
  charmPack: z
    .object({ bundles: z.record(z.string(), z.string().min(1)).default({}) })
    .strict()
    .optional(),
});

function resolveEntry(projectDir: string, packageFile: string, specifier: string): string {
  try {
    return createRequire(packageFile).resolve(specifier);
  } catch {
    throw new ServiceBundleError(
      packageFile,
      `charmPack bundle ${specifier} cannot be resolved from ${projectDir} (is it a dependency, with that export?)`,
    );
  }
}

/** The service bundles a charm declares; none when its package.json says nothing. */
export function readServiceBundles(projectDir: string): ServiceBundle[] {
  const packageFile = join(projectDir, "package.json");
  if (!existsSync(packageFile)) return [];
  const parsed = packageSchema.safeParse(JSON.parse(readFileSync(packageFile, "utf8")));
  if (!parsed.success)
    throw new ServiceBundleError(packageFile, "charmPack must be { bundles: { <out>: <module> } }");
  const bundles = parsed.data.charmPack?.bundles ?? {};
  return Object.entries(bundles).map(([out, specifier]) => {
    // .mjs: never the charm's own dist/charm.cjs or dist/hook-<hash>.cjs.
    if (!OUT_PATH.test(out)) {
      throw new ServiceBundleError(packageFile, `charmPack bundle path ${out} must be dist/<name>.mjs`);
    }
    return { out, entry: resolveEntry(projectDir, packageFile, specifier) };
  });
}

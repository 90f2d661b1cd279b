/** Packs charms: payload, prime, charmcraft's linters, zip. */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { buildHookToolSpawner, type BuiltSpawner } from "@garm-charms/charm-runtime/internal";

import { readProject } from "./charmcraft-project.js";
import { LintFailedError, ProjectFileError } from "./errors.js";
import { failures, runLinters } from "./linters.js";
import { locateNodeRuntime, prepareNodeBinary, type NodeRuntime, type PreparedNode } from "./node-runtime.js";
import { writePayload, writePrime } from "./payload.js";
import { readServiceBundles } from "./service-bundles.js";
import { writeCharmZip } from "./zip.js";

export const ARCHITECTURE = "amd64";

export interface PackedCharm {
  readonly name: string;
  readonly charmPath: string;
  readonly payloadDir: string;
  readonly primeDir: string;
  readonly bundleBytes: number;
  /** Bytes of each service bundle (package.json `charmPack.bundles`), by its path in the charm. */
  readonly serviceBytes: Readonly<Record<string, number>>;
  readonly charmBytes: number;
}

export interface CharmPackInput {
  /** The charm project: charmcraft.yaml and src/dispatch.ts. */
  readonly projectDir: string;
  /** Where payload/ and prime/ go (charmcraft.yaml's dump part reads `<projectDir>/build/payload`). */
  readonly workDir: string;
  readonly outDir: string;
  readonly node: PreparedNode;
  readonly runtime: NodeRuntime;
  readonly spawner: BuiltSpawner;
  readonly startedAt: Date;
}

export async function packCharm(input: CharmPackInput): Promise<PackedCharm> {
  const projectFile = join(input.projectDir, "charmcraft.yaml");
  const project = readProject(projectFile);
  if (!(ARCHITECTURE in project.platforms)) {
    throw new ProjectFileError(
      projectFile,
      `platforms has no ${ARCHITECTURE}, the only platform packed here`,
    );
  }
  const payloadDir = join(input.workDir, "payload");
  const primeDir = join(input.workDir, "prime");
  const { bundleBytes, serviceBytes } = await writePayload({
    entry: join(input.projectDir, "src", "dispatch.ts"),
    payloadDir,
    node: input.node,
    runtime: input.runtime,
    spawner: input.spawner.path,
    services: readServiceBundles(input.projectDir),
  });
  writePrime(project, { startedAt: input.startedAt, architectures: [ARCHITECTURE] }, payloadDir, primeDir);
  const failed = failures(runLinters(primeDir, payloadDir));
  if (failed.length > 0)
    throw new LintFailedError(
      project.name,
      failed.map((c) => `${c.name}: ${c.text}`),
    );
  mkdirSync(input.outDir, { recursive: true });
  const charmPath = join(input.outDir, `${project.name}_${ARCHITECTURE}.charm`);
  await writeCharmZip(primeDir, charmPath);
  return {
    name: project.name,
    charmPath,
    payloadDir,
    primeDir,
    bundleBytes,
    serviceBytes,
    charmBytes: statSync(charmPath).size,
  };
}

export interface PackAllInput {
  readonly projectDirs: readonly string[];
  readonly outDir: string;
  /** Work dir of each charm; defaults to `<projectDir>/build`. */
  readonly workDirOf?: (projectDir: string) => string;
  /** Where the stripped node binary and the hook-tool spawner are prepared once for all charms. */
  readonly nodeDir: string;
}

export interface PackAllResult {
  readonly charms: readonly PackedCharm[];
  readonly node: PreparedNode;
  readonly nodeVersion: string;
  /** `bin/hook-tool-spawner`, or why the charms were packed without it. */
  readonly spawner: BuiltSpawner;
}

export async function packCharms(input: PackAllInput): Promise<PackAllResult> {
  const runtime = locateNodeRuntime();
  mkdirSync(input.nodeDir, { recursive: true });
  const node = prepareNodeBinary(runtime, join(input.nodeDir, "node"));
  const spawner = buildHookToolSpawner(join(input.nodeDir, "hook-tool-spawner"));
  const startedAt = new Date();
  const workDirOf = input.workDirOf ?? ((dir: string) => join(dir, "build"));
  const charms = await Promise.all(
    input.projectDirs.map((projectDir) =>
      packCharm({
        projectDir,
        workDir: workDirOf(projectDir),
        outDir: input.outDir,
        node,
        runtime,
        spawner,
        startedAt,
      }),
    ),
  );
  return { charms, node, nodeVersion: runtime.version, spawner };
}

/**
 * Packs the charms once per content: the output goes under `node_modules/.cache/charm-pack/<hash>`
 * of the repository, where the hash covers every input of a pack (the charms' and packages'
 * sources, charmcraft.yaml files, package manifests, the lockfile). Test files and the bench that
 * need packed charms share it, and concurrent test workers wait on one pack instead of each
 * running their own (about 20 s each).
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";

import * as z from "zod";

import { packCharms } from "./pack.js";

const SKIPPED_DIRS = new Set(["node_modules", "build", "dist", ".git"]);

function listInputs(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listInputs(path, out);
    } else if (entry.isFile() && !entry.name.endsWith(".test.ts")) {
      out.push(path);
    }
  }
}

/** The hash of everything a pack of `charmDirs` reads from the repository. */
export function packInputsHash(repo: string, charmDirs: readonly string[]): string {
  const files: string[] = [join(repo, "pnpm-lock.yaml")];
  for (const dir of charmDirs) listInputs(dir, files);
  for (const name of readdirSync(join(repo, "packages"))) listInputs(join(repo, "packages", name), files);
  const hash = createHash("sha256");
  for (const file of files.sort()) hash.update(relative(repo, file)).update("\0").update(readFileSync(file));
  return hash.digest("hex").slice(0, 20);
}

const manifestSchema = z.object({
  nodeVersion: z.string(),
  nodeStripped: z.boolean(),
  /** Why `bin/hook-tool-spawner` was not built, when it was not. */
  spawnerProblem: z.string().optional(),
  charms: z.array(
    z.object({
      name: z.string(),
      charmPath: z.string(),
      payloadDir: z.string(),
      primeDir: z.string(),
      /** Bytes of each service bundle the charm carries besides its own (e.g. garm's reconciler). */
      serviceBytes: z.record(z.string(), z.number()),
    }),
  ),
});

export type CachedPack = z.infer<typeof manifestSchema>;

const LOCK_STALE_MS = 10 * 60_000;
/** Packs kept besides the current one (each is about 150 MiB). */
const KEEP = 2;

function pruneOld(root: string, current: string): void {
  const packs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{20}$/.test(e.name) && join(root, e.name) !== current)
    .map((e) => ({ path: join(root, e.name), mtime: statSync(join(root, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of packs.slice(KEEP)) rmSync(old.path, { recursive: true, force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Takes the lock (a directory), or returns false while another live process holds it. */
function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > LOCK_STALE_MS) {
      rmSync(lock, { recursive: true, force: true });
    }
    return false;
  }
}

/**
 * The charms under `<repo>/charms/<name>` packed (the `.charm` and its prime, i.e. what Juju
 * unpacks), from the cache when their inputs are unchanged.
 */
export async function packCharmsCached(repo: string, names: readonly string[]): Promise<CachedPack> {
  return packProjectsCached(
    repo,
    names.map((name) => join(repo, "charms", name)),
  );
}

/**
 * The charm projects in `charmDirs` (anywhere in the repository, e.g. the local model's stand-in
 * peers) packed, from the cache when their inputs are unchanged.
 */
export async function packProjectsCached(repo: string, charmDirs: readonly string[]): Promise<CachedPack> {
  const root = join(repo, "node_modules", ".cache", "charm-pack");
  const dir = join(root, packInputsHash(repo, charmDirs));
  const manifestFile = join(dir, "manifest.json");
  mkdirSync(root, { recursive: true });
  for (;;) {
    if (existsSync(manifestFile)) return manifestSchema.parse(JSON.parse(readFileSync(manifestFile, "utf8")));
    if (tryLock(`${dir}.lock`)) break;
    await sleep(500);
  }
  try {
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    const packed = await packCharms({
      projectDirs: charmDirs,
      outDir: join(partial, "out"),
      workDirOf: (projectDir) => join(partial, "work", relative(repo, projectDir)),
      nodeDir: join(partial, "node"),
    });
    const manifest: CachedPack = {
      nodeVersion: packed.nodeVersion,
      nodeStripped: packed.node.stripped,
      ...(packed.spawner.path === undefined ? { spawnerProblem: packed.spawner.problem } : {}),
      charms: packed.charms.map((c) => ({
        name: c.name,
        charmPath: join(dir, relative(partial, c.charmPath)),
        payloadDir: join(dir, relative(partial, c.payloadDir)),
        primeDir: join(dir, relative(partial, c.primeDir)),
        serviceBytes: c.serviceBytes,
      })),
    };
    writeFileSync(join(partial, "manifest.json"), JSON.stringify(manifest, null, 2));
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    pruneOld(root, dir);
    return manifest;
  } finally {
    rmSync(`${dir}.lock`, { recursive: true, force: true });
  }
}

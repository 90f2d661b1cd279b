/**
 * The .charm archive as charmcraft's `build_zip` writes it: a deflated zip of every regular file
 * under the prime directory (symlinks followed and stored as copies, no directory entries), each
 * with its Unix mode in the external attributes.
 */
import { createWriteStream, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

import { ZipFile } from "yazl";

import { PackError } from "./errors.js";

/** Paths (with `/`) of the regular files under `root`, sorted, following symlinks. */
export function listFiles(root: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    const stats = statSync(join(root, rel));
    if (stats.isDirectory()) files.push(...listFiles(root, rel));
    else if (stats.isFile()) files.push(rel);
    else
      throw new PackError(`${join(root, rel)} is neither a file nor a directory; remove it from the charm`);
  }
  return files;
}

export async function writeCharmZip(primeDir: string, zipPath: string): Promise<void> {
  const zip = new ZipFile();
  for (const rel of listFiles(primeDir)) {
    // Python's zipfile writes DOS timestamps only; mode and mtime come from stat().
    zip.addFile(join(primeDir, rel), rel, { compress: true, forceDosTimestamp: true });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
}

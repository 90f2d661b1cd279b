/** Reads a .charm back (yauzl): its entries as stored, and an extraction that restores Unix modes. */
import { chmodSync, createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";

import yauzl from "yauzl";

export interface StoredEntry {
  readonly name: string;
  /** The high 16 bits of the external attributes: file type and permission bits. */
  readonly unixMode: number;
  /** Upper byte of "version made by": 3 is Unix, where the mode bits are meaningful. */
  readonly madeBy: number;
  /** 8 is deflate. */
  readonly compressionMethod: number;
}

function open(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** Calls `onEntry` for each entry in order; its promise is awaited before the next entry is read. */
async function eachEntry(
  zipPath: string,
  onEntry: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<void>,
): Promise<void> {
  const zip = await open(zipPath);
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      onEntry(zip, entry).then(() => zip.readEntry(), reject);
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
}

export async function listEntries(zipPath: string): Promise<StoredEntry[]> {
  const entries: StoredEntry[] = [];
  await eachEntry(zipPath, async (_zip, entry) => {
    entries.push({
      name: entry.fileName,
      unixMode: entry.externalFileAttributes >>> 16,
      madeBy: entry.versionMadeBy >> 8,
      compressionMethod: entry.compressionMethod,
    });
  });
  return entries;
}

export async function extractCharm(zipPath: string, dest: string): Promise<void> {
  await eachEntry(zipPath, async (zip, entry) => {
    const target = join(dest, entry.fileName);
    mkdirSync(dirname(target), { recursive: true });
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      zip.openReadStream(entry, (error, readStream) => (error ? reject(error) : resolve(readStream)));
    });
    await pipeline(stream, createWriteStream(target));
    chmodSync(target, (entry.externalFileAttributes >>> 16) & 0o7777);
  });
}

/** Unpacks a `.charm` (a zip, modes kept) into a unit-independent charm dir and reads its metadata. */
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseCharmMeta } from "@garm-charms/charm-testing";
import type { CharmMeta } from "@garm-charms/charm-testing";
import { parse } from "yaml";
import yauzl from "yauzl";
import { JujuLocalError } from "./errors.js";

function open(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}

export async function unpackCharm(charmPath: string, dest: string): Promise<void> {
  if (!existsSync(charmPath)) throw new JujuLocalError(`charm "${charmPath}" not found`);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const zip = await open(charmPath);
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      const target = join(dest, entry.fileName);
      if (!target.startsWith(`${dest}/`))
        return reject(new JujuLocalError(`charm entry "${entry.fileName}" escapes the charm dir`));
      if (entry.fileName.endsWith("/")) return zip.readEntry();
      mkdirSync(dirname(target), { recursive: true });
      readStream(zip, entry)
        .then((stream) => pipeline(stream, createWriteStream(target)))
        .then(() => {
          const mode = (entry.externalFileAttributes >>> 16) & 0o7777;
          chmodSync(target, mode === 0 ? 0o644 : mode);
          zip.readEntry();
        }, reject);
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
}

function readYaml(path: string): unknown {
  return existsSync(path) ? (parse(readFileSync(path, "utf8")) as unknown) : undefined;
}

/** The charm's metadata from the files charmcraft writes: metadata.yaml, config.yaml, actions.yaml. */
export function loadCharmDirMeta(charmDir: string): CharmMeta {
  const metadata = readYaml(join(charmDir, "metadata.yaml"));
  if (typeof metadata !== "object" || metadata === null) {
    throw new JujuLocalError(`${charmDir} has no metadata.yaml: is it a charm?`);
  }
  const document = {
    ...metadata,
    config: readYaml(join(charmDir, "config.yaml")),
    actions: readYaml(join(charmDir, "actions.yaml")),
  };
  return parseCharmMeta(document, `${charmDir}/metadata.yaml`);
}

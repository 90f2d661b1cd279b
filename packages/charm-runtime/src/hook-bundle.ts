/**
 * Runs a packed charm's hook bundle (`dist/hook-<hash>.cjs`) with a V8 code cache beside it.
 *
 * Node 20 compiles every script it loads from source: for garm's 0.8 MB bundle that is 40-50 ms
 * of every hook on a slow machine, before the functions the hook calls are compiled on top. The
 * first hook that finds no usable cache writes one when it exits (V8's code for everything that
 * hook compiled), and every later hook loads that instead of compiling. V8 checks the cache's
 * version, flags and source length and recompiles on any mismatch; the bundle's file name carries
 * a hash of its content, so a cache can never be used with other code of the same length.
 */
import { isAscii } from "node:buffer";
import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

import { CharmRuntimeError } from "./errors.js";

export const CODE_CACHE_SUFFIX = ".v8-cache";

/**
 * The pack writes the hook bundle inside the same wrapper Node puts around a CommonJS module, so
 * the hook compiles the file's text as it is: wrapping it here would copy 0.8 MB into a new string
 * that V8 then flattens again, a few milliseconds of every hook.
 */
export const HOOK_BUNDLE_WRAPPER = {
  head: "(function (exports, require, module, __filename, __dirname) {",
  tail: "})",
} as const;

export interface HookBundleOptions {
  /** Whether this hook may write the cache (a hook that runs the charm's usual code path). */
  readonly writeCache: boolean;
}

/** What the hook did with the code cache: `absent` and `rejected` hooks compile from source. */
export type CodeCacheUse = "used" | "rejected" | "absent";

/**
 * Loads and runs `file`, a CommonJS module in `HOOK_BUNDLE_WRAPPER`, with its code cache when a
 * usable one exists.
 */
export function runHookBundle(file: string, options: HookBundleOptions): CodeCacheUse {
  const cacheFile = `${file}${CODE_CACHE_SUFFIX}`;
  const { source, cachedData } = readBundleAndCache(file, cacheFile);
  if (!source.startsWith(HOOK_BUNDLE_WRAPPER.head) || !source.trimEnd().endsWith(HOOK_BUNDLE_WRAPPER.tail)) {
    throw new CharmRuntimeError(
      `${file} is not a packed hook bundle (no CommonJS wrapper): pack the charm again`,
    );
  }
  const script = new Script(source, { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  if (options.writeCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once("exit", () => writeCodeCache(script, cacheFile));
  }
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: object,
    filename: string,
    dirname: string,
  ) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined) return "absent";
  return script.cachedDataRejected === true ? "rejected" : "used";
}

/**
 * Both files through one buffer sized for the larger: every page a hook touches for the first time
 * is a page fault, and on a virtual machine a fault can cost 10 us or more. The bundle is ASCII
 * (esbuild escapes the rest; a pack test checks), so its bytes are its Latin-1 text, built without
 * decoding; any other text is decoded as UTF-8.
 */
function readBundleAndCache(
  file: string,
  cacheFile: string,
): { source: string; cachedData: Buffer | undefined } {
  const sourceFd = openSync(file, "r");
  const cacheFd = openIfPresent(cacheFile);
  try {
    const sourceSize = fstatSync(sourceFd).size;
    const cacheSize = cacheFd === undefined ? 0 : fstatSync(cacheFd).size;
    const buffer = Buffer.allocUnsafeSlow(Math.max(sourceSize, cacheSize));
    const sourceBytes = readInto(sourceFd, buffer, sourceSize);
    const source = isAscii(sourceBytes) ? sourceBytes.toString("latin1") : sourceBytes.toString("utf8");
    // The source is a string of its own by now, so the cache may take the same pages.
    const cachedData = cacheFd === undefined ? undefined : readInto(cacheFd, buffer, cacheSize);
    return { source, cachedData };
  } finally {
    closeSync(sourceFd);
    if (cacheFd !== undefined) closeSync(cacheFd);
  }
}

/** A cache that cannot be opened is no cache: the hook compiles from source. */
function openIfPresent(file: string): number | undefined {
  try {
    return openSync(file, "r");
  } catch {
    return undefined;
  }
}

/** The first `size` bytes of `fd` (fewer if it ends sooner), read into the start of `buffer`. */
function readInto(fd: number, buffer: Buffer, size: number): Buffer {
  let read = 0;
  while (read < size) {
    const got = readSync(fd, buffer, read, size - read, read);
    if (got === 0) break;
    read += got;
  }
  return buffer.subarray(0, read);
}

/**
 * Written whole and renamed into place, so a hook never reads half a cache; caches of other
 * bundles (an upgraded charm's previous code) are removed. A charm dir that cannot be written
 * just keeps compiling.
 */
function writeCodeCache(script: Script, cacheFile: string): void {
  const partial = `${cacheFile}.${String(process.pid)}.partial`;
  try {
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    const dir = dirname(cacheFile);
    for (const name of readdirSync(dir)) {
      if (name.endsWith(CODE_CACHE_SUFFIX) && name !== basename(cacheFile))
        rmSync(join(dir, name), { force: true });
    }
  } catch {
    rmSync(partial, { force: true });
  }
}

/**
 * Where a Context finds `charmcraft.yaml` when the test gives no `meta`: the nearest one above
 * `charmRoot` when given, else above the file that constructed the Context (a test or a shared
 * fixture inside the charm's folder), else above the working directory. Every charm in this repo
 * keeps its tests under its own folder (`charms/<name>/tests`, `charms/<name>/src`), so the walk
 * from the caller's file finds that charm's charmcraft.yaml.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { CharmMetaError, parseCharmMetaYaml, type CharmMeta } from "./meta.js";

const CHARMCRAFT = "charmcraft.yaml";

/** The nearest `charmcraft.yaml` in `dir` or a folder above it. */
export function findCharmcraftYaml(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const candidate = join(current, CHARMCRAFT);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** A stack frame's file: `at f (/a/b.ts:1:2)`, `at /a/b.ts:1:2` or a `file://` URL. */
function frameFile(frame: string): string | undefined {
  const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(frame);
  const location = match?.[1];
  if (location === undefined) return undefined;
  return location.startsWith("file://") ? fileURLToPath(location) : location;
}

/**
 * The file that called `below` (a constructor or function), from V8's stack trace; undefined
 * when the stack has no file frame (e.g. called from a REPL).
 */
export function callerFile(below: Parameters<typeof Error.captureStackTrace>[1]): string | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below);
  for (const frame of (holder.stack ?? "").split("\n").slice(1)) {
    const file = frameFile(frame);
    if (file !== undefined && !file.includes("/node_modules/")) return file;
  }
  return undefined;
}

export interface MetaSource {
  /** A charm's folder (or any folder inside it); a `file:` URL is accepted. */
  readonly charmRoot?: string | URL | undefined;
  /** The file that built the Context, found from the stack when not given. */
  readonly callerFile?: string | undefined;
}

function toPath(root: string | URL): string {
  return root instanceof URL || root.startsWith("file:") ? fileURLToPath(root) : root;
}

/** Reads the charm's charmcraft.yaml as the search above describes; CharmMetaError when none. */
export function loadDefaultCharmMeta(source: MetaSource): CharmMeta {
  const starts =
    source.charmRoot !== undefined
      ? [toPath(source.charmRoot)]
      : [...(source.callerFile === undefined ? [] : [dirname(source.callerFile)]), process.cwd()];
  for (const start of starts) {
    const path = findCharmcraftYaml(start);
    if (path !== undefined) return parseCharmMetaYaml(readFileSync(path, "utf8"), path);
  }
  throw new CharmMetaError(
    `no ${CHARMCRAFT} in or above ${starts.join(" or ")}: pass { meta } or { charmRoot } to the Context`,
  );
}

/**
 * The container filesystem behind the fake's files API: regular files with bytes, permissions
 * and ownership, and directories (explicit ones, plus the parents of everything, which exist
 * implicitly). Failures carry the per-path error kinds Pebble reports.
 */
import { posix } from "node:path";
import type { PebbleFile } from "../state.js";

export interface Ownership {
  user?: string;
  group?: string;
  userId?: number;
  groupId?: number;
}

export interface DirEntry extends Ownership {
  permissions: string;
  modified: Date;
}

export interface FileEntry extends DirEntry {
  content: Buffer;
}

/** A per-path failure, as Pebble reports it inside a 200 result. */
export class PathFailure extends Error {
  override readonly name = "PathFailure";
  constructor(
    readonly kind: "not-found" | "permission-denied" | "generic-file-error",
    message: string,
  ) {
    super(message);
  }
}

/** One entry of a list answer (Pebble's `fileInfoResult`). */
export interface WireFileInfo {
  path: string;
  name: string;
  type: "file" | "directory";
  size?: number;
  permissions: string;
  "last-modified": string;
  "user-id": number | null;
  user: string;
  "group-id": number | null;
  group: string;
}

const PERMISSIONS = /^[0-7]{3}$/;

export function checkAbsolute(path: string): void {
  if (!path.startsWith("/"))
    throw new PathFailure("generic-file-error", `paths must be absolute, got "${path}"`);
}

export function checkPermissions(permissions: string): void {
  if (!PERMISSIONS.test(permissions)) {
    throw new PathFailure(
      "generic-file-error",
      `file permissions must be a 3-digit octal string, got "${permissions}"`,
    );
  }
}

function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end === -1) source += "\\[";
      else {
        source += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export class FakeFilesystem {
  readonly #files = new Map<string, FileEntry>();
  readonly #dirs = new Map<string, DirEntry>();

  constructor(files: Readonly<Record<string, PebbleFile>>, dirs: readonly string[]) {
    const now = new Date();
    for (const dir of dirs) this.#dirs.set(posix.normalize(dir), { permissions: "755", modified: now });
    for (const [path, file] of Object.entries(files)) {
      this.#files.set(posix.normalize(path), {
        content:
          typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content),
        permissions: file.permissions,
        ...ownership(file),
        modified: now,
      });
    }
  }

  isDir(path: string): boolean {
    if (path === "/" || this.#dirs.has(path)) return true;
    const prefix = `${path}/`;
    for (const key of this.#files.keys()) if (key.startsWith(prefix)) return true;
    for (const key of this.#dirs.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  read(path: string): Buffer {
    checkAbsolute(path);
    const file = this.#files.get(posix.normalize(path));
    if (file) return file.content;
    if (this.isDir(posix.normalize(path))) {
      throw new PathFailure("generic-file-error", `can only read a regular file: "${path}"`);
    }
    throw new PathFailure("not-found", `stat ${path}: no such file or directory`);
  }

  write(path: string, content: Buffer, opts: { permissions: string; makeDirs: boolean } & Ownership): void {
    checkAbsolute(path);
    checkPermissions(opts.permissions);
    const target = posix.normalize(path);
    const parent = posix.dirname(target);
    if (this.isDir(target)) throw new PathFailure("generic-file-error", `open ${path}: is a directory`);
    this.#ensureParent(parent, opts.makeDirs, `open ${path}`);
    this.#files.set(target, {
      content: Buffer.from(content),
      permissions: opts.permissions,
      ...ownership(opts),
      modified: new Date(),
    });
  }

  makeDir(path: string, opts: { permissions: string; makeParents: boolean } & Ownership): void {
    checkAbsolute(path);
    checkPermissions(opts.permissions);
    const target = posix.normalize(path);
    if (this.#files.has(target)) throw new PathFailure("generic-file-error", `mkdir ${path}: file exists`);
    if (this.isDir(target)) {
      if (opts.makeParents) return;
      throw new PathFailure("generic-file-error", `mkdir ${path}: file exists`);
    }
    this.#ensureParent(posix.dirname(target), opts.makeParents, `mkdir ${path}`);
    this.#dirs.set(target, { permissions: opts.permissions, ...ownership(opts), modified: new Date() });
  }

  remove(path: string, recursive: boolean): void {
    checkAbsolute(path);
    const target = posix.normalize(path);
    if (this.#files.delete(target)) return;
    if (!this.isDir(target) || target === "/") {
      throw new PathFailure("not-found", `remove ${path}: no such file or directory`);
    }
    const prefix = `${target}/`;
    const children = [...this.#files.keys(), ...this.#dirs.keys()].filter((key) => key.startsWith(prefix));
    if (children.length > 0 && !recursive) {
      throw new PathFailure("generic-file-error", `remove ${path}: directory not empty`);
    }
    for (const key of children) {
      this.#files.delete(key);
      this.#dirs.delete(key);
    }
    this.#dirs.delete(target);
  }

  /** Throws PathFailure("not-found") when the path does not exist. */
  list(path: string, opts: { pattern?: string; itself: boolean }): WireFileInfo[] {
    checkAbsolute(path);
    const target = posix.normalize(path);
    if (this.#files.has(target) || opts.itself) {
      const info = this.#info(target);
      if (!info) throw new PathFailure("not-found", `stat ${path}: no such file or directory`);
      return [info];
    }
    if (!this.isDir(target)) throw new PathFailure("not-found", `stat ${path}: no such file or directory`);
    const prefix = target === "/" ? "/" : `${target}/`;
    const names = new Set<string>();
    for (const key of [...this.#files.keys(), ...this.#dirs.keys()]) {
      if (key.startsWith(prefix) && key !== target) names.add(key.slice(prefix.length).split("/")[0]!);
    }
    const matcher = opts.pattern === undefined ? undefined : globToRegExp(opts.pattern);
    return [...names]
      .filter((name) => !matcher || matcher.test(name))
      .sort()
      .map((name) => this.#info(prefix + name)!);
  }

  snapshot(): { files: Record<string, PebbleFile>; dirs: string[] } {
    const files: Record<string, PebbleFile> = {};
    for (const [path, file] of this.#files) {
      files[path] = {
        content: new Uint8Array(file.content),
        permissions: file.permissions,
        ...ownership(file),
      };
    }
    return { files, dirs: [...this.#dirs.keys()] };
  }

  #ensureParent(parent: string, create: boolean, operation: string): void {
    if (this.#files.has(parent)) throw new PathFailure("generic-file-error", `${operation}: not a directory`);
    if (this.isDir(parent)) return;
    if (!create) throw new PathFailure("not-found", `${operation}: no such file or directory`);
    this.#ensureParent(posix.dirname(parent), true, operation);
    this.#dirs.set(parent, { permissions: "755", modified: new Date() });
  }

  #info(path: string): WireFileInfo | undefined {
    const file = this.#files.get(path);
    const dir = file
      ? undefined
      : this.isDir(path)
        ? (this.#dirs.get(path) ?? { permissions: "755", modified: new Date(0) })
        : undefined;
    const entry = file ?? dir;
    if (!entry) return undefined;
    return {
      path,
      name: path === "/" ? "/" : posix.basename(path),
      type: file ? "file" : "directory",
      ...(file ? { size: file.content.length } : {}),
      permissions: entry.permissions,
      "last-modified": entry.modified.toISOString(),
      "user-id": entry.userId ?? (entry.user === undefined ? 0 : null),
      user: entry.user ?? "root",
      "group-id": entry.groupId ?? (entry.group === undefined ? 0 : null),
      group: entry.group ?? "root",
    };
  }
}

function ownership(source: Ownership): Ownership {
  const owner: Ownership = {};
  if (source.user !== undefined) owner.user = source.user;
  if (source.group !== undefined) owner.group = source.group;
  if (source.userId !== undefined) owner.userId = source.userId;
  if (source.groupId !== undefined) owner.groupId = source.groupId;
  return owner;
}

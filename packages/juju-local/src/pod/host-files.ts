/**
 * The files API of the Pebble stand-in over a real directory: container path `/x/y` is
 * `<root>/x/y` on the host. Permissions are applied; ownership only where the host allows
 * (chown needs root), otherwise the request's user/group is accepted and not applied.
 */
import type { Stats } from "node:fs";
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { posix } from "node:path";
import type { Ownership, PebbleFiles, WireFileInfo } from "@garm-charms/charm-testing";
import { PathFailure, checkAbsolute, checkPermissions } from "@garm-charms/charm-testing";

function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${source}$`);
}

function typeOf(stats: Stats): WireFileInfo["type"] {
  return stats.isDirectory() ? "directory" : "file";
}

export class HostFilesystem implements PebbleFiles {
  constructor(readonly root: string) {}

  /** The host path of container path `path` (normalised, never above the root). */
  hostPath(path: string): string {
    checkAbsolute(path);
    return posix.join(this.root, posix.normalize(path));
  }

  #stat(path: string): Stats | undefined {
    try {
      return lstatSync(this.hostPath(path));
    } catch {
      return undefined;
    }
  }

  read(path: string): Buffer {
    const stats = this.#stat(path);
    if (stats === undefined) throw new PathFailure("not-found", `stat ${path}: no such file or directory`);
    if (!stats.isFile())
      throw new PathFailure("generic-file-error", `can only read a regular file: "${path}"`);
    return readFileSync(this.hostPath(path));
  }

  write(path: string, content: Buffer, opts: { permissions: string; makeDirs: boolean } & Ownership): void {
    checkPermissions(opts.permissions);
    const target = this.hostPath(path);
    if (this.#stat(path)?.isDirectory() === true)
      throw new PathFailure("generic-file-error", `open ${path}: is a directory`);
    this.#parent(posix.dirname(posix.normalize(path)), opts.makeDirs, `open ${path}`);
    // Atomic, as Pebble's writes are: a temp file beside the target, then a rename.
    const temp = `${target}.pebble-${randomBytes(4).toString("hex")}`;
    writeFileSync(temp, content, { mode: Number.parseInt(opts.permissions, 8) });
    chmodSync(temp, Number.parseInt(opts.permissions, 8));
    applyOwnership(temp, opts);
    renameSync(temp, target);
  }

  makeDir(path: string, opts: { permissions: string; makeParents: boolean } & Ownership): void {
    checkPermissions(opts.permissions);
    const stats = this.#stat(path);
    if (stats !== undefined) {
      if (stats.isDirectory() && opts.makeParents) return;
      throw new PathFailure("generic-file-error", `mkdir ${path}: file exists`);
    }
    this.#parent(posix.dirname(posix.normalize(path)), opts.makeParents, `mkdir ${path}`);
    mkdirSync(this.hostPath(path));
    chmodSync(this.hostPath(path), Number.parseInt(opts.permissions, 8));
    applyOwnership(this.hostPath(path), opts);
  }

  remove(path: string, recursive: boolean): void {
    const stats = this.#stat(path);
    if (stats === undefined || posix.normalize(path) === "/")
      throw new PathFailure("not-found", `remove ${path}: no such file or directory`);
    if (stats.isDirectory() && !recursive && readdirSync(this.hostPath(path)).length > 0)
      throw new PathFailure("generic-file-error", `remove ${path}: directory not empty`);
    rmSync(this.hostPath(path), { recursive: true, force: true });
  }

  list(path: string, opts: { pattern?: string; itself: boolean }): WireFileInfo[] {
    const stats = this.#stat(path);
    if (stats === undefined) throw new PathFailure("not-found", `stat ${path}: no such file or directory`);
    const target = posix.normalize(path);
    if (!stats.isDirectory() || opts.itself) return [this.#info(target, stats)];
    const matcher = opts.pattern === undefined ? undefined : globToRegExp(opts.pattern);
    return readdirSync(this.hostPath(target))
      .filter((name) => !name.includes(".pebble-") && (matcher === undefined || matcher.test(name)))
      .sort()
      .flatMap((name) => {
        const child = posix.join(target, name);
        const childStats = this.#stat(child);
        return childStats === undefined ? [] : [this.#info(child, childStats)];
      });
  }

  #parent(parent: string, create: boolean, operation: string): void {
    const stats = this.#stat(parent);
    if (stats?.isDirectory() === true) return;
    if (stats !== undefined) throw new PathFailure("generic-file-error", `${operation}: not a directory`);
    if (!create) throw new PathFailure("not-found", `${operation}: no such file or directory`);
    mkdirSync(this.hostPath(parent), { recursive: true, mode: 0o755 });
  }

  #info(path: string, stats: Stats): WireFileInfo {
    return {
      path,
      name: path === "/" ? "/" : posix.basename(path),
      type: typeOf(stats),
      ...(stats.isFile() ? { size: stats.size } : {}),
      permissions: (stats.mode & 0o777).toString(8).padStart(3, "0"),
      "last-modified": stats.mtime.toISOString(),
      "user-id": stats.uid,
      user: stats.uid === 0 ? "root" : String(stats.uid),
      "group-id": stats.gid,
      group: stats.gid === 0 ? "root" : String(stats.gid),
    };
  }
}

/** chown where the host allows it (as root); elsewhere the ownership is accepted and not applied. */
function applyOwnership(path: string, owner: Ownership): void {
  if (owner.userId === undefined && owner.groupId === undefined) return;
  if (process.getuid?.() !== 0) return;
  chownSync(path, owner.userId ?? -1, owner.groupId ?? -1);
}

/**
 * How a command runs "inside" a container when there is no chroot: Pebble's shell-like split of
 * the command line, argv[0] resolved under the container root, the working dir mapped under it,
 * and `PEBBLE_CONTAINER_ROOT` in the environment so the image's own programs can map the absolute
 * paths they are given. Shared by the services of the Pebble stand-in and `pebble exec`.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { join } from "node:path";

/** The variable every process in a container gets: the host directory that stands for `/`. */
export const CONTAINER_ROOT_VARIABLE = "PEBBLE_CONTAINER_ROOT";

/** A container's default PATH, as a Linux image has it. */
const CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export class CommandError extends Error {
  override readonly name = "CommandError";
}

/**
 * Splits a command as Pebble's shlex does: whitespace-separated words, single quotes literal,
 * double quotes with backslash escapes, a backslash escaping the next character. Pebble's
 * `[ default args ]` brackets are dropped (the stand-in never overrides them).
 */
export function splitCommand(command: string): string[] {
  const unclosed = (): CommandError =>
    new CommandError(`cannot parse command ${JSON.stringify(command)}: unclosed quote`);
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i += 1) {
    const c = command.charAt(i);
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    let piece = c;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) throw unclosed();
      piece = command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const read = readDoubleQuoted(command, i + 1);
      if (read === undefined) throw unclosed();
      [piece, i] = read;
    } else if (c === "\\" && i + 1 < command.length) {
      i += 1;
      piece = command.charAt(i);
    }
    word = (word ?? "") + piece;
  }
  if (word !== undefined) words.push(word);
  const args = words.filter((w) => w !== "[" && w !== "]");
  if (args.length === 0) throw new CommandError(`empty command ${JSON.stringify(command)}`);
  return args;
}

/** The text of a double-quoted string starting at `from`, and the index of its closing quote. */
function readDoubleQuoted(command: string, from: number): [string, number] | undefined {
  let text = "";
  for (let i = from; i < command.length; i += 1) {
    const c = command.charAt(i);
    if (c === '"') return [text, i];
    if (c === "\\" && i + 1 < command.length) i += 1;
    text += command.charAt(i);
  }
  return undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The host file for argv[0]: an absolute path lives under the root; a bare name is looked up on
 * the container's PATH under the root first, then on the host's (so `sh -c ...` works in an image
 * without a shell).
 */
export function resolveExecutable(root: string, argv0: string, hostPath: string): string {
  if (argv0.startsWith("/")) {
    const mapped = join(root, argv0);
    if (!executable(mapped)) throw new CommandError(`cannot find executable "${argv0}" in the container`);
    return mapped;
  }
  if (argv0.includes("/")) throw new CommandError(`command "${argv0}" must be absolute or a bare name`);
  const candidates = [
    ...CONTAINER_PATH.split(":").map((dir) => join(root, dir, argv0)),
    ...hostPath
      .split(":")
      .filter((dir) => dir !== "")
      .map((dir) => join(dir, argv0)),
  ];
  const found = candidates.find(executable);
  if (found === undefined) throw new CommandError(`cannot find executable "${argv0}"`);
  return found;
}

export interface ContainerProcess {
  readonly file: string;
  readonly args: string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/** What to spawn for `argv` in the container at `root`. */
export function containerProcess(
  root: string,
  argv: readonly string[],
  options: { env?: Readonly<Record<string, string>>; workingDir?: string } = {},
): ContainerProcess {
  const [argv0, ...args] = argv;
  if (argv0 === undefined) throw new CommandError("empty command");
  const hostPath = process.env["PATH"] ?? CONTAINER_PATH;
  const cwd = options.workingDir === undefined ? root : join(root, options.workingDir);
  if (!existsSync(cwd))
    throw new CommandError(`working directory "${options.workingDir ?? "/"}" does not exist`);
  return {
    file: resolveExecutable(root, argv0, hostPath),
    args,
    cwd,
    env: {
      PATH: `${CONTAINER_PATH}:${hostPath}`,
      HOME: root,
      ...options.env,
      [CONTAINER_ROOT_VARIABLE]: root,
    },
  };
}

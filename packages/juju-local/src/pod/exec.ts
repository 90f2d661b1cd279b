/**
 * `juju exec --unit <unit> -- <command>`: the command runs with `sh -c` as a host process in the
 * unit's charm-container view. Paths under `/charm/containers/<c>/` stand for the unit's
 * containers dir and `/charm/bin/pebble` for the Pebble CLI stand-in (also `pebble` on PATH): the
 * command text is rewritten for both, since there is no chroot to put them there.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTAINERS_DIR_ENV } from "./pebble-cli.js";
import { selfCommand } from "./pods.js";

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** `<model>/bin/pebble`: a wrapper that runs this CLI's hidden `__pebble` command. */
export function pebbleWrapper(modelDir: string): string {
  const bin = join(modelDir, "bin");
  mkdirSync(bin, { recursive: true });
  const path = join(bin, "pebble");
  writeFileSync(path, `#!/bin/sh\nexec ${selfCommand().map(shellQuote).join(" ")} __pebble "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

export function charmView(command: string, containersDir: string, pebble: string): string {
  return command
    .replaceAll("/charm/bin/pebble", pebble)
    .replaceAll("/charm/containers/", `${containersDir}/`);
}

export function execInUnit(options: {
  readonly command: string;
  readonly modelDir: string;
  readonly containersDir: string;
  readonly charmDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}): ExecResult {
  const pebble = pebbleWrapper(options.modelDir);
  const run = spawnSync("/bin/sh", ["-c", charmView(options.command, options.containersDir, pebble)], {
    cwd: options.charmDir,
    env: {
      ...process.env,
      ...options.env,
      PATH: `${join(options.modelDir, "bin")}:${process.env["PATH"] ?? "/usr/bin:/bin"}`,
      [CONTAINERS_DIR_ENV]: options.containersDir,
    },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 300_000,
  });
  return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

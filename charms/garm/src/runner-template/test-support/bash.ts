import { spawnSync } from "node:child_process";

// Node hands children socket pairs for stdio, which bash takes for a remote shell and so reads
// ~/.bashrc; these flags keep the developer's shell setup out of the tests.
export const BASH_ARGS = ["--norc", "--noprofile"] as const;

/** `bash -n` on the script given on stdin: the syntax check GARM's runners would fail first. */
export function bashSyntaxErrors(script: string): string | undefined {
  const result = spawnSync("bash", [...BASH_ARGS, "-n"], { input: script, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  return result.status === 0 ? undefined : result.stderr || `bash -n exited with ${String(result.status)}`;
}

/** Runs a script with bash in `cwd`, returning stdout; throws with stderr on failure. */
export function runBash(script: string, cwd: string): string {
  const result = spawnSync("bash", [...BASH_ARGS, "-c", script], {
    cwd,
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin" },
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`bash failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout;
}

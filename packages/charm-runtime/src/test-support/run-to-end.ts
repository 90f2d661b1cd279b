/** Runs a command in a child process to its end, for tests of what a hook's process does. */
import { spawn } from "node:child_process";

export interface ProcessEnd {
  /** Null when it was killed (by the 15 s limit, among others). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` until it and every holder of its output pipes are done, or kills it after 15 s. */
export async function runToEnd(
  command: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessEnd> {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("close", (exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
  return { code, stdout, stderr };
}

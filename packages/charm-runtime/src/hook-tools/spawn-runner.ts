/**
 * The production HookToolRunner: spawns the tool found on PATH (no shell), with the hook's
 * environment inherited (the tools need JUJU_CONTEXT_ID and the agent socket), feeding stdin when given.
 */
import { spawn } from "node:child_process";

import { HookToolSpawnError } from "../errors.js";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "./runner.js";

export function spawnRunner(env: NodeJS.ProcessEnv = process.env): HookToolRunner {
  return {
    run(invocation: HookToolInvocation): Promise<HookToolResult> {
      return new Promise((resolve, reject) => {
        const child = spawn(invocation.tool, [...invocation.args], {
          env,
          shell: false,
          stdio: ["pipe", "pipe", "pipe"],
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        child.on("error", (error) => reject(new HookToolSpawnError(invocation.tool, error.message)));
        // A tool that exits before reading stdin closes the pipe; its exit code tells the story.
        child.stdin.on("error", () => undefined);
        child.on("close", (code, signal) => {
          const err = Buffer.concat(stderr).toString("utf8");
          resolve({
            exitCode: code ?? 1,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: signal === null ? err : `${err}terminated by ${signal}\n`,
          });
        });
        child.stdin.end(invocation.stdin ?? "");
      });
    },
  };
}

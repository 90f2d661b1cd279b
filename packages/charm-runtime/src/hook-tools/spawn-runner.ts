/**
 * The production HookToolRunner: spawns the tool found on PATH (no shell), with the hook's
 * environment inherited (the tools need JUJU_CONTEXT_ID and the agent socket), feeding stdin when given.
 * Arguments Linux would refuse are refused first, with a typed error instead of a raw E2BIG.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";

import { HookToolArgumentTooLongError, HookToolSpawnError } from "../errors.js";
import { assertArgumentsFit } from "./argv-limit.js";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "./runner.js";

export function spawnRunner(env: NodeJS.ProcessEnv = process.env): HookToolRunner {
  return {
    run(invocation: HookToolInvocation): Promise<HookToolResult> {
      return new Promise((resolve, reject) => {
        const child = start(invocation, env);
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
        child.on("error", (error) => reject(new HookToolSpawnError(invocation.tool, error.message)));
        // A tool that exits before reading stdin closes the pipe; its exit code tells the story.
        child.stdin?.on("error", () => undefined);
        child.on("close", (code, signal) => {
          const err = Buffer.concat(stderr).toString("utf8");
          resolve({
            exitCode: code ?? 1,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: signal === null ? err : `${err}terminated by ${signal}\n`,
          });
        });
        child.stdin?.end(invocation.stdin);
      });
    },
  };
}

/**
 * Spawns the tool. Node throws (rather than emitting "error") when exec fails with E2BIG, and its
 * invalid-argument errors quote the argument, so a synchronous failure keeps only its code.
 */
function start(invocation: HookToolInvocation, env: NodeJS.ProcessEnv): ChildProcess {
  assertArgumentsFit(invocation.tool, invocation.args);
  try {
    // No stdin pipe unless there is input: one pipe less to set up and close per tool call.
    return spawn(invocation.tool, [...invocation.args], {
      env,
      shell: false,
      stdio: [invocation.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
  } catch (error) {
    const code = errorCode(error);
    if (code === "E2BIG") {
      throw new HookToolArgumentTooLongError(
        invocation.tool,
        "its arguments and environment together are over Linux's limit (E2BIG)",
      );
    }
    throw new HookToolSpawnError(invocation.tool, code);
  }
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return "the tool could not be started";
}

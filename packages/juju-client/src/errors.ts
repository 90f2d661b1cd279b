/**
 * What a Juju call can end in. Messages name the command (argv never carries a secret: the client
 * passes secret content and action parameters in files) and the first line of what juju said.
 */
import type { Status } from "./status.js";

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

/** The command line exited non-zero. */
export class CLIError extends Error {
  override readonly name = "CLIError";

  constructor(
    readonly command: readonly string[],
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    const said = firstLine(stderr) || firstLine(stdout) || "no output";
    super(`\`${command.join(" ")}\` exited with ${String(exitCode)}: ${said}`);
  }
}

/** The command line answered with output the client cannot read (not Juju's shape). */
export class OutputError extends Error {
  override readonly name = "OutputError";

  constructor(
    readonly command: readonly string[],
    detail: string,
  ) {
    super(`\`${command.join(" ")}\` printed output that is not Juju's shape: ${detail}`);
  }
}

/** `wait` gave up: the error predicate matched, or the timeout passed. Carries the last status. */
export class WaitError extends Error {
  override readonly name = "WaitError";

  constructor(
    message: string,
    readonly status: Status | undefined,
  ) {
    super(message);
  }
}

/** An action (or `exec`) task did not complete. */
export class TaskError extends Error {
  override readonly name = "TaskError";

  constructor(
    readonly task: { readonly id: string; readonly status: string; readonly message: string },
    what: string,
  ) {
    super(`${what} ended ${task.status}${task.message === "" ? "" : `: ${task.message}`} (task ${task.id})`);
  }
}

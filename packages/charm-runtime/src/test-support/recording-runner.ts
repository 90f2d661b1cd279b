/**
 * A HookToolRunner for the runtime's own unit tests: records every invocation and answers from
 * replies registered per tool (a fixed result, or a function of the invocation). Unregistered tools
 * succeed with empty output.
 */
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "../hook-tools/runner.js";
import { HookToolSession } from "../hook-tools/session.js";

export type Reply = Partial<HookToolResult> | ((invocation: HookToolInvocation) => Partial<HookToolResult>);

export class RecordingRunner implements HookToolRunner {
  readonly calls: HookToolInvocation[] = [];
  private readonly replies = new Map<string, Reply>();

  /** Answers every later call of `tool` with `reply`. */
  on(tool: string, reply: Reply): this {
    this.replies.set(tool, reply);
    return this;
  }

  /** Answers `tool` with JSON stdout. */
  json(tool: string, value: unknown): this {
    return this.on(tool, { stdout: `${JSON.stringify(value)}\n` });
  }

  /** Makes `tool` fail the way Juju tools do: `ERROR <message>` on stderr. */
  fail(tool: string, message: string, exitCode = 1): this {
    return this.on(tool, { exitCode, stderr: `ERROR ${message}\n` });
  }

  run(invocation: HookToolInvocation): Promise<HookToolResult> {
    this.calls.push({ ...invocation, args: [...invocation.args] });
    const reply = this.replies.get(invocation.tool) ?? {};
    const result = typeof reply === "function" ? reply(invocation) : reply;
    return Promise.resolve({
      exitCode: result.exitCode ?? 0,
      stdout: result.stdout ?? "",
      stderr: result.stderr ?? "",
    });
  }

  /** Every call as `[tool, ...args]`. */
  argv(): string[][] {
    return this.calls.map((c) => [c.tool, ...c.args]);
  }

  callsTo(tool: string): HookToolInvocation[] {
    return this.calls.filter((c) => c.tool === tool);
  }
}

export function recordingSession(tmpDir = "/nonexistent"): {
  runner: RecordingRunner;
  session: HookToolSession;
} {
  const runner = new RecordingRunner();
  return { runner, session: new HookToolSession(runner, tmpDir) };
}

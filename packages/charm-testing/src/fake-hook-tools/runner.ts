import { assertArgumentsFit } from "@garm-charms/charm-runtime/internal";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "@garm-charms/charm-runtime/internal";
import { parseArgs } from "./argv.js";
import { HookToolFailure } from "./errors.js";
import type { FakeModel } from "./model.js";
import { actionTools } from "./action-tools.js";
import { configTools } from "./config-tools.js";
import { credentialTools } from "./credential-tools.js";
import { goalStateTools } from "./goal-state-tools.js";
import { logTools } from "./log-tools.js";
import { networkTools } from "./network-tools.js";
import { portTools } from "./port-tools.js";
import { relationTools } from "./relation-tools.js";
import { resourceTools } from "./resource-tools.js";
import { secretTools } from "./secret-tools.js";
import { stateTools } from "./state-tools.js";
import { storageTools } from "./storage-tools.js";
import { statusTools } from "./status-tools.js";
import type { FakeTool } from "./tool.js";

const TOOLS: Readonly<Record<string, FakeTool>> = {
  ...actionTools,
  ...configTools,
  ...credentialTools,
  ...goalStateTools,
  ...logTools,
  ...networkTools,
  ...portTools,
  ...relationTools,
  ...resourceTools,
  ...secretTools,
  ...stateTools,
  ...storageTools,
  ...statusTools,
};

/** Every tool the fake answers; anything else fails as a missing executable would. */
export const FAKE_HOOK_TOOL_NAMES: readonly string[] = Object.keys(TOOLS).sort();

/**
 * A `HookToolRunner` that answers like Juju's hook tools, from an in-memory model. It records
 * every invocation (tool, argv, stdin) so tests can check exactly what the runtime sent. An argument
 * Linux would refuse is refused the way `spawnRunner` refuses it, before any tool sees it.
 */
export class FakeHookTools implements HookToolRunner {
  readonly calls: HookToolInvocation[] = [];

  constructor(readonly model: FakeModel) {}

  async run(invocation: HookToolInvocation): Promise<HookToolResult> {
    // Linux would not start the real tool, as spawnRunner refuses: same check, same error.
    assertArgumentsFit(invocation.tool, invocation.args);
    const recorded: HookToolInvocation =
      invocation.stdin === undefined
        ? { tool: invocation.tool, args: [...invocation.args] }
        : { tool: invocation.tool, args: [...invocation.args], stdin: invocation.stdin };
    this.calls.push(recorded);
    const tool = TOOLS[invocation.tool];
    if (tool === undefined) {
      return { exitCode: 127, stdout: "", stderr: `${invocation.tool}: command not found\n` };
    }
    try {
      const args = parseArgs(invocation.args, tool.options);
      const output = await tool.run({ model: this.model, args, stdin: invocation.stdin });
      return { exitCode: 0, stdout: output.stdout, stderr: output.stderr ?? "" };
    } catch (error) {
      if (error instanceof HookToolFailure) {
        return { exitCode: error.exitCode, stdout: "", stderr: `ERROR ${error.message}\n` };
      }
      throw error;
    }
  }
}

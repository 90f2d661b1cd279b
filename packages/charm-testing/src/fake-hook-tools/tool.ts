import type { OptionSpec, ParsedArgs } from "./argv.js";
import type { FakeModel } from "./model.js";

/** One invocation as a fake tool sees it: parsed argv, stdin and the model it acts on. */
export interface ToolCall {
  readonly model: FakeModel;
  readonly args: ParsedArgs;
  readonly stdin: string | undefined;
}

/** What a fake tool printed. Warnings go to stderr while the tool still succeeds. */
export interface ToolOutput {
  readonly stdout: string;
  readonly stderr?: string;
}

export interface FakeTool {
  /** The options the real tool defines; anything else is a usage error. */
  readonly options: readonly OptionSpec[];
  run(call: ToolCall): ToolOutput | Promise<ToolOutput>;
}

export const SILENT: ToolOutput = { stdout: "" };

/**
 * The seam between the charm runtime and Juju's hook tools.
 *
 * Production code spawns the real executables found on PATH (see `spawn-runner.ts`); the test
 * harness swaps in a runner that reads and writes an in-memory model. Everything above this seam
 * (argv builders, output parsers, error mapping) is the same code in both cases.
 */

/** One hook-tool call: the executable name (looked up on PATH), its argv, and optional stdin. */
export interface HookToolInvocation {
  readonly tool: string;
  readonly args: readonly string[];
  /** Passed on standard input; used for `relation-set --file -` and `state-set --file -`. */
  readonly stdin?: string;
}

/** What the tool did: Juju tools exit 0 on success, 1 on run errors, 2 on usage errors. */
export interface HookToolResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface HookToolRunner {
  run(invocation: HookToolInvocation): Promise<HookToolResult>;
}

/**
 * The spawner's launcher (`hook-tool-spawner PROGRAM…`, a packed charm's dispatch) and the
 * runtime's side of it: Node gets a running spawner's pipes instead of starting one.
 */
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { runToEnd as run } from "../test-support/run-to-end.js";
import { buildSpawnerForTests, NO_COMPILER } from "../test-support/spawner-binary.js";
import { LAUNCHED_SPAWNER_VARIABLE, takeLaunchedSpawner } from "./launched-spawner.js";

const spawner = buildSpawnerForTests();
const MODULE = fileURLToPath(new URL("./launched-spawner.ts", import.meta.url));

/**
 * A Node program using the launcher's spawner through the runtime (`runner`, with `fallback` for
 * when it is gone); prints what it saw as JSON.
 */
function nodeProgram(lines: readonly string[]): string[] {
  const script = [
    `const { launchedSpawnerRunner, takeLaunchedSpawner } = await import(${JSON.stringify(MODULE)});`,
    "const fallbackCalls = [];",
    "const fallback = { run: (call) => { fallbackCalls.push(call.args); return Promise.resolve({ exitCode: 0, stdout: 'fallback\\n', stderr: '' }); } };",
    "const launched = takeLaunchedSpawner(process.env);",
    "const runner = launchedSpawnerRunner(launched, fallback);",
    ...lines,
  ].join("\n");
  return [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
}

describe("takeLaunchedSpawner", () => {
  it("reads the launcher's pid and pipes once, and removes the variable", () => {
    const env: NodeJS.ProcessEnv = { [LAUNCHED_SPAWNER_VARIABLE]: "4242:5:6", OTHER: "kept" };
    expect(takeLaunchedSpawner(env)).toEqual({ pid: 4242, requestFd: 5, responseFd: 6 });
    expect(env).toEqual({ OTHER: "kept" });
    expect(takeLaunchedSpawner(env)).toBeUndefined();
  });

  it("ignores a value that is not the launcher's, and still removes it", () => {
    const env: NodeJS.ProcessEnv = { [LAUNCHED_SPAWNER_VARIABLE]: "5; rm -rf /" };
    expect(takeLaunchedSpawner(env)).toBeUndefined();
    expect(env).toEqual({});
  });
});

describe.skipIf(spawner === undefined)(
  `the spawner's launcher${spawner === undefined ? ` (skipped: ${NO_COMPILER})` : ""}`,
  () => {
    const bin = spawner ?? "";
    const runLaunched = (lines: readonly string[]) => run([bin, ...nodeProgram(lines)]);

    it("runs the program with a ready spawner: tools run through it, and neither they nor the program see the variable", async () => {
      const result = await runLaunched([
        "const calls = await Promise.all([1, 2, 3].map((n) => runner.run({ tool: 'sh', args: ['-c', `echo ${n} $PPID ${'$'}{CHARM_HOOK_TOOL_SPAWNER:-unset}`] })));",
        "process.stdout.write(JSON.stringify({ launched: launched !== undefined, pid: launched?.pid, env: process.env.CHARM_HOOK_TOOL_SPAWNER ?? 'unset', out: calls.map((c) => c.stdout.trim()), fallbackCalls }));",
      ]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const seen = JSON.parse(result.stdout) as {
        launched: boolean;
        pid: number;
        env: string;
        out: string[];
        fallbackCalls: unknown[];
      };
      expect(seen.launched).toBe(true);
      expect(seen.env).toBe("unset");
      expect(seen.fallbackCalls).toEqual([]);
      // Each tool's parent is the launcher's spawner, and the tool does not see the variable.
      expect(seen.out).toEqual([1, 2, 3].map((n) => `${String(n)} ${String(seen.pid)} unset`));
    });

    it("passes the program its arguments and exit code, and the hook's stdout and stderr", async () => {
      const result = await run([bin, "sh", "-c", 'echo "out $1"; echo err >&2; exit 7', "sh", "arg one"]);
      expect(result).toEqual({ code: 7, stdout: "out arg one\n", stderr: "err\n" });
    });

    it("names a program it cannot run, and exits 127", async () => {
      const result = await run([bin, "/no/such/program"]);
      expect(result.code).toBe(127);
      expect(result.stderr).toBe(
        "hook-tool-spawner: cannot run /no/such/program: No such file or directory\n",
      );
    });

    it("uses the fallback once the spawner is gone, and fails the calls it may have run", async () => {
      const result = await runLaunched([
        // The tool's parent is the spawner: it kills it mid-call.
        "const killed = await runner.run({ tool: 'sh', args: ['-c', 'kill -KILL $PPID; sleep 1'] }).then(() => 'answered', (e) => e.message);",
        "const after = await runner.run({ tool: 'echo', args: ['after'] });",
        "process.stdout.write(JSON.stringify({ killed, after: after.stdout, fallbackCalls }));",
      ]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        killed: expect.stringMatching(/spawner stopped during the call/) as string,
        after: "fallback\n",
        fallbackCalls: [["after"]],
      });
    });

    it("ends after the program does, once the tools it started are done: the hook's output closes", async () => {
      // The program leaves a call in flight and exits: the spawner (which shares the hook's stderr,
      // whose end Juju waits for) sees the request pipe close, waits for that tool, and exits.
      const result = await runLaunched([
        "void runner.run({ tool: 'sleep', args: ['0.3'] });",
        "setTimeout(() => process.exit(0), 50);",
      ]);
      // Not killed by run()'s timeout: both processes ended and closed the pipes.
      expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    });
  },
);

import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { HookToolSpawnError } from "../errors.js";
import { runToEnd } from "../test-support/run-to-end.js";
import { buildSpawnerForTests, NO_COMPILER } from "../test-support/spawner-binary.js";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "./runner.js";
import { spawnRunner } from "./spawn-runner.js";
import { spawnerRunner } from "./spawner-runner.js";

const spawner = buildSpawnerForTests();

/** A fallback that records what it was asked to run, and runs it. */
function recordingFallback(): HookToolRunner & { readonly calls: HookToolInvocation[] } {
  const direct = spawnRunner();
  const calls: HookToolInvocation[] = [];
  return {
    calls,
    run(invocation: HookToolInvocation): Promise<HookToolResult> {
      calls.push(invocation);
      return direct.run(invocation);
    },
  };
}

function executable(script: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "spawner-test-")), "fake-spawner");
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(spawner === undefined)(
  `spawnerRunner${spawner === undefined ? ` (skipped: ${NO_COMPILER})` : ""}`,
  () => {
    const bin = spawner ?? "";

    it("answers calls made at once, each with its own output, whatever order they end in", async () => {
      const runner = spawnerRunner(bin, process.env, recordingFallback());
      const results = await Promise.all(
        [5, 1, 4, 2, 3].map((n) =>
          runner.run({
            tool: "sh",
            args: ["-c", `sleep 0.0${String(n)}; echo out${String(n)}; exit ${String(n)}`],
          }),
        ),
      );
      expect(results.map((r) => [r.exitCode, r.stdout])).toEqual([
        [5, "out5\n"],
        [1, "out1\n"],
        [4, "out4\n"],
        [2, "out2\n"],
        [3, "out3\n"],
      ]);
    });

    it("carries a megabyte each way: stdin in, stdout and stderr out", async () => {
      const runner = spawnerRunner(bin, process.env, recordingFallback());
      const input = "é".repeat(500_000);
      const result = await runner.run({
        tool: "sh",
        args: ["-c", "cat; cat >&2 </dev/null; head -c 1048576 /dev/zero >&2"],
        stdin: input,
      });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(input);
      expect(result.stderr).toHaveLength(1_048_576);
    });

    it("gives a tool no stdin unless there is input, and empty input as an empty stream", async () => {
      const runner = spawnerRunner(bin, process.env, recordingFallback());
      const none = await runner.run({ tool: "sh", args: ["-c", "wc -c"] });
      const empty = await runner.run({ tool: "sh", args: ["-c", "wc -c"], stdin: "" });
      expect([none.stdout.trim(), empty.stdout.trim()]).toEqual(["0", "0"]);
    });

    it("reports a tool killed by a signal the way Node's spawn does", async () => {
      const runner = spawnerRunner(bin, process.env, recordingFallback());
      const result = await runner.run({ tool: "sh", args: ["-c", "echo partial >&2; kill -TERM $$"] });
      expect(result).toEqual({ exitCode: 1, stdout: "", stderr: "partial\nterminated by SIGTERM\n" });
    });

    it("refuses an argument with a NUL byte instead of cutting it short", async () => {
      const runner = spawnerRunner(bin, process.env, recordingFallback());
      await expect(runner.run({ tool: "echo", args: ["a\0b"] })).rejects.toBeInstanceOf(HookToolSpawnError);
    });

    it("falls back to spawning from Node when the spawner is missing", async () => {
      const fallback = recordingFallback();
      const runner = spawnerRunner(join(tmpdir(), "no-such-spawner-xyz"), process.env, fallback);
      const results = await Promise.all([
        runner.run({ tool: "echo", args: ["a"] }),
        runner.run({ tool: "echo", args: ["b"] }),
      ]);
      expect(results.map((r) => r.stdout)).toEqual(["a\n", "b\n"]);
      expect(fallback.calls.map((c) => c.args)).toEqual([["a"], ["b"]]);
    });

    it("falls back for calls in flight when the spawner stops before it is ready: none of them had started", async () => {
      const fallback = recordingFallback();
      const runner = spawnerRunner(executable("exit 127"), process.env, fallback);
      const result = await runner.run({ tool: "echo", args: ["ran once"] });
      expect(result.stdout).toBe("ran once\n");
      expect(fallback.calls).toHaveLength(1);
    });

    it("fails calls in flight when the spawner stops after it was ready (they may have run), and uses the fallback after", async () => {
      const fallback = recordingFallback();
      const runner = spawnerRunner(bin, process.env, fallback);
      // The tool's parent is the spawner.
      const killed = runner.run({ tool: "sh", args: ["-c", "kill -KILL $PPID; sleep 1"] });
      await expect(killed).rejects.toThrow(/spawner stopped during the call/);
      expect(fallback.calls).toEqual([]);
      const after = await runner.run({ tool: "echo", args: ["after"] });
      expect(after.stdout).toBe("after\n");
      expect(fallback.calls).toHaveLength(1);
    });

    it("stops trusting a spawner that answers outside its protocol: the call fails, later ones use the fallback", async () => {
      const fallback = recordingFallback();
      // Says it is ready (an empty frame), then answers with a frame whose lengths do not add up.
      const liar = executable(
        "printf '\\000\\000\\000\\000\\024\\000\\000\\000\\001\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\377\\377\\000\\000\\000\\000\\000\\000'; sleep 5",
      );
      const runner = spawnerRunner(liar, process.env, fallback);
      await expect(runner.run({ tool: "echo", args: ["x"] })).rejects.toThrow(
        /spawner stopped during the call/,
      );
      expect((await runner.run({ tool: "echo", args: ["after"] })).stdout).toBe("after\n");
      expect(fallback.calls).toHaveLength(1);
    });

    it("does not keep the hook's process alive once its calls are answered", async () => {
      const module = fileURLToPath(new URL("./spawner-runner.ts", import.meta.url));
      const script = [
        `const { spawnerRunner } = await import(${JSON.stringify(module)});`,
        `const runner = spawnerRunner(${JSON.stringify(bin)}, process.env, { run: () => Promise.reject(new Error("fallback")) });`,
        `const r = await runner.run({ tool: "echo", args: ["done"] });`,
        "process.stdout.write(r.stdout);",
      ].join("\n");
      const { code, stdout } = await runToEnd([
        process.execPath,
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        script,
      ]);
      expect({ code, stdout }).toEqual({ code: 0, stdout: "done\n" });
    });
  },
);

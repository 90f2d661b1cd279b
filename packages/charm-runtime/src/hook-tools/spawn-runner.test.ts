import { describe, expect, it } from "vitest";

import { HookToolArgumentTooLongError, HookToolSpawnError } from "../errors.js";
import { recordedTools } from "../test-support/recorded-tools.js";
import { buildSpawnerForTests, NO_COMPILER } from "../test-support/spawner-binary.js";
import type { HookToolRunner } from "./runner.js";
import { spawnRunner } from "./spawn-runner.js";
import { spawnerRunner } from "./spawner-runner.js";

const node = process.execPath;
const spawner = buildSpawnerForTests();

/** Both production runners keep one contract: Node spawning each tool, and the spawner. */
const runners: [string, boolean, (env?: NodeJS.ProcessEnv) => HookToolRunner][] = [
  ["spawnRunner", true, (env = process.env) => spawnRunner(env)],
  [
    spawner === undefined ? `spawnerRunner (skipped: ${NO_COMPILER})` : "spawnerRunner",
    spawner !== undefined,
    (env = process.env) => spawnerRunner(spawner ?? "", env, spawnRunner(env)),
  ],
];

describe.each(runners)("%s", (_name, available, runnerFor) => {
  const spawnRunner = runnerFor;
  it.runIf(available)(
    "runs the executable without a shell, feeding stdin and collecting output and exit code",
    async () => {
      const runner = spawnRunner();
      const script =
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write(s.toUpperCase());process.stderr.write('ERROR x\\n');process.exit(3)})";
      const result = await runner.run({ tool: node, args: ["-e", script], stdin: '{"k":"$(v)"}' });
      expect(result).toEqual({ exitCode: 3, stdout: '{"K":"$(V)"}', stderr: "ERROR x\n" });
    },
  );

  it.runIf(available)("passes the given environment to the tool", async () => {
    const runner = spawnRunner({ ...process.env, JUJU_CONTEXT_ID: "ctx-42" });
    const result = await runner.run({
      tool: node,
      args: ["-e", "process.stdout.write(process.env.JUJU_CONTEXT_ID)"],
    });
    expect(result.stdout).toBe("ctx-42");
  });

  it.runIf(available)("reports a missing tool as HookToolSpawnError", async () => {
    await expect(spawnRunner().run({ tool: "no-such-hook-tool-xyz", args: [] })).rejects.toBeInstanceOf(
      HookToolSpawnError,
    );
  });

  it.runIf(available)(
    "hook-tool arguments over the kernel limit: refuses one of 128 KiB or more with a typed error naming the tool, never the value",
    async () => {
      const tools = await recordedTools(["status-set"]);
      try {
        const runner = spawnRunner(tools.env);
        // 131071 bytes is the largest argument Linux takes; "é" is two bytes, so count bytes.
        const fits = `${"é".repeat(65535)}x`;
        await expect(
          runner.run({ tool: "status-set", args: ["blocked", "--", fits] }),
        ).resolves.toMatchObject({
          exitCode: 0,
        });
        expect(await tools.calls()).toEqual([{ tool: "status-set", args: ["blocked", "--", fits] }]);

        const secretish = "tok-".repeat(300_000); // a 1.2 MB pasted token
        const refused = runner.run({ tool: "status-set", args: ["blocked", "--", secretish] });
        await expect(refused).rejects.toBeInstanceOf(HookToolArgumentTooLongError);
        const error = await refused.catch((e: unknown) => e);
        expect(error).toMatchObject({ tool: "status-set" });
        expect(String((error as Error).message)).toContain("status-set");
        expect(String((error as Error).message)).not.toContain("tok-");
        expect(await tools.calls()).toHaveLength(1);
      } finally {
        await tools.remove();
      }
    },
  );

  it.runIf(available)(
    "a hook tool's arguments and environment together over the kernel limit (E2BIG): typed error naming the tool",
    async () => {
      const tools = await recordedTools(["action-set"]);
      try {
        // Each argument fits, but together they pass the kernel's total for argv and environment.
        const args = Array.from({ length: 40 }, (_, i) => `k${String(i)}=${"v".repeat(120_000)}`);
        const refused = spawnRunner(tools.env).run({ tool: "action-set", args });
        await expect(refused).rejects.toBeInstanceOf(HookToolArgumentTooLongError);
        await expect(refused).rejects.toThrow(/action-set/);
        expect(await tools.calls()).toEqual([]);
      } finally {
        await tools.remove();
      }
    },
  );
});

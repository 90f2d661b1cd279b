import { describe, expect, it } from "vitest";

import { HookToolSpawnError } from "../errors.js";
import { spawnRunner } from "./spawn-runner.js";

const node = process.execPath;

describe("spawnRunner", () => {
  it("runs the executable without a shell, feeding stdin and collecting output and exit code", async () => {
    const runner = spawnRunner();
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write(s.toUpperCase());process.stderr.write('ERROR x\\n');process.exit(3)})";
    const result = await runner.run({ tool: node, args: ["-e", script], stdin: '{"k":"$(v)"}' });
    expect(result).toEqual({ exitCode: 3, stdout: '{"K":"$(V)"}', stderr: "ERROR x\n" });
  });

  it("passes the given environment to the tool", async () => {
    const runner = spawnRunner({ ...process.env, JUJU_CONTEXT_ID: "ctx-42" });
    const result = await runner.run({
      tool: node,
      args: ["-e", "process.stdout.write(process.env.JUJU_CONTEXT_ID)"],
    });
    expect(result.stdout).toBe("ctx-42");
  });

  it("reports a missing tool as HookToolSpawnError", async () => {
    await expect(spawnRunner().run({ tool: "no-such-hook-tool-xyz", args: [] })).rejects.toBeInstanceOf(
      HookToolSpawnError,
    );
  });
});

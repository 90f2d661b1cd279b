import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bearer, rawRequest } from "./test-support.js";

const BIN = fileURLToPath(new URL("../bin/planner-fake.mjs", import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const firstLine = async (): Promise<string> => {
    while (!stdout.includes("\n")) {
      if (child.exitCode !== null) throw new Error(`planner-fake exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return stdout.split("\n")[0]!;
  };
  return { child, exited, firstLine, stderr: () => stderr };
}

describe("planner-fake bin", () => {
  it("serves until SIGTERM, then exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "planner-fake-"));
    await writeFile(join(dir, "token"), "cli-token\n");
    const cli = run([
      "--port",
      "0",
      "--token-file",
      join(dir, "token"),
      "--flavor",
      "small=2",
      "--prefix",
      "/p",
    ]);
    const line = await cli.firstLine();
    const url = /serving (\S+) /.exec(line)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p$/);
    const answer = await rawRequest(`${url}/api/v1/flavors/small/pressure`, { headers: bearer("cli-token") });
    expect(answer.body).toBe('{"small":2}\n');
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("exits 1 with a one-line message when the token file is missing", async () => {
    const cli = run(["--port", "0", "--token-file", "/nonexistent/token"]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toBe("planner-fake: cannot read the token file /nonexistent/token (ENOENT)\n");
  });
});

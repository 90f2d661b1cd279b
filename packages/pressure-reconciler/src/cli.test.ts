/** The CLI as the charm runs it: a child process, its exit status and stderr. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { configJson, tempConfig } from "./test-support/config.js";
import type { TempConfig } from "./test-support/config.js";
import { startGarmHarness } from "./test-support/garm-harness.js";
import type { GarmHarness } from "./test-support/garm-harness.js";

const BIN = fileURLToPath(new URL("../bin/pressure-reconciler.mjs", import.meta.url));
let file: TempConfig | undefined;
let harness: GarmHarness | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  child?.kill("SIGKILL");
  await file?.remove();
  await harness?.close();
  file = undefined;
  harness = undefined;
  child = undefined;
});

function run(configPath: string): { exit: Promise<number | null>; stderr: () => string } {
  child = spawn(process.execPath, [BIN, "--config", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
  return { exit, stderr: () => stderr };
}

describe("pressure-reconciler --config", () => {
  it("refuses a config file with the wrong mode with one line and status 1", async () => {
    file = await tempConfig();
    await file.write(configJson("http://127.0.0.1:1", null), 0o644);
    const cli = run(file.path);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toBe(
      `pressure-reconciler: ${file.path}: mode 0644 lets others read the secrets it holds; it must be 0600\n`,
    );
  });

  it("runs until SIGTERM, then stops cleanly with status 0", async () => {
    harness = await startGarmHarness([{ name: "ss-small" }]);
    file = await tempConfig();
    await file.write(configJson(harness.url, null));
    const cli = run(file.path);
    while (!cli.stderr().includes("pressure reconciler started")) await new Promise((r) => setTimeout(r, 20));
    child!.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    expect(cli.stderr()).toContain("pressure reconciler stopped");
    expect(cli.stderr()).not.toContain("Zq7-");
  });
});

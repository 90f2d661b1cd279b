/**
 * The hook-tool spawner compiled for tests (the pack builds the shipped one the same way), or
 * undefined when there is no C compiler: tests that need it skip, naming what is missing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE = fileURLToPath(new URL("../../spawner/hook-tool-spawner.c", import.meta.url));

export const NO_COMPILER = "needs a C compiler (cc) to build bin/hook-tool-spawner; none found";

export function buildSpawnerForTests(): string | undefined {
  const dest = join(mkdtempSync(join(tmpdir(), "hook-tool-spawner-")), "hook-tool-spawner");
  const result = spawnSync("cc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", dest, SOURCE], {
    encoding: "utf8",
  });
  if (result.error !== undefined) return undefined;
  if (result.status !== 0) throw new Error(`cc failed on hook-tool-spawner.c: ${result.stderr}`);
  return dest;
}

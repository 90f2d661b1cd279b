/**
 * The hook-tool spawner for tests, built exactly as the pack builds the shipped one
 * (`spawner-build.ts`), or undefined when there is no C compiler: tests that need it skip, naming
 * what is missing. A compiler that fails is a broken build, and fails the tests.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { buildHookToolSpawner } from "../spawner-build.js";

export const NO_COMPILER = "needs a C compiler (cc) to build bin/hook-tool-spawner; none found";

export function buildSpawnerForTests(): string | undefined {
  const built = buildHookToolSpawner(
    join(mkdtempSync(join(tmpdir(), "hook-tool-spawner-")), "hook-tool-spawner"),
  );
  if (built.path !== undefined) return built.path;
  if (built.reason === "no-compiler") return undefined;
  throw new Error(`cannot build the hook-tool spawner: ${built.problem}`);
}

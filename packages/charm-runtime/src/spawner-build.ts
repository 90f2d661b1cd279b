/**
 * Builds `bin/hook-tool-spawner` from `spawner/hook-tool-spawner.c`: a static binary, so it runs
 * on whatever Ubuntu the charm container has, stripped. The pack ships what this builds, and the
 * runtime's tests run the same build. It needs a C compiler (`$CC`, else `cc`) and glibc's static
 * library (Debian/Ubuntu `libc6-dev`). Without them a charm is packed without it and its hooks
 * spawn each hook tool from Node, which works and costs about 3 ms more per call.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SPAWNER_SOURCE = fileURLToPath(new URL("../spawner/hook-tool-spawner.c", import.meta.url));

/** Built, or why not: no compiler at all, or a compiler that failed (a broken build). */
export type BuiltSpawner =
  | { readonly path: string }
  | { readonly path: undefined; readonly reason: "no-compiler" | "failed"; readonly problem: string };

export function buildHookToolSpawner(dest: string, env: NodeJS.ProcessEnv = process.env): BuiltSpawner {
  const compiler = env["CC"] !== undefined && env["CC"] !== "" ? env["CC"] : "cc";
  const args = ["-O2", "-Wall", "-Wextra", "-Werror", "-static", "-s", "-o", dest, SPAWNER_SOURCE];
  const result = spawnSync(compiler, args, { encoding: "utf8" });
  if (result.error !== undefined) {
    const problem = `no C compiler (${compiler}: ${errorCode(result.error)})`;
    return { path: undefined, reason: "no-compiler", problem };
  }
  if (result.status !== 0) {
    const firstLine = result.stderr.split("\n").find((line) => line.trim() !== "") ?? "";
    return { path: undefined, reason: "failed", problem: `${compiler} failed: ${firstLine}` };
  }
  return { path: dest };
}

function errorCode(error: Error): string {
  return "code" in error && typeof error.code === "string" ? error.code : error.message;
}

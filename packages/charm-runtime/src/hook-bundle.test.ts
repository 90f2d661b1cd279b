import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CODE_CACHE_SUFFIX, HOOK_BUNDLE_WRAPPER } from "./hook-bundle.js";

const MODULE = fileURLToPath(new URL("./hook-bundle.ts", import.meta.url));

let dir: string;
let bundle: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hook-bundle-"));
  bundle = join(dir, "hook-0123456789abcdef.cjs");
  // A CommonJS bundle as the pack writes one (esbuild's, in the wrapper): it uses require, module
  // and __filename.
  writeFileSync(
    bundle,
    [
      HOOK_BUNDLE_WRAPPER.head,
      'const { basename } = require("node:path");',
      "function greet(name) { return `hello ${name} from ${basename(__filename)}`; }",
      "module.exports = { greeting: greet('hook') };",
      "process.stdout.write(module.exports.greeting + '\\n');",
      HOOK_BUNDLE_WRAPPER.tail,
      "",
    ].join("\n"),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle in a fresh Node, as a hook does; prints the bundle's line, then the cache use. */
function runHook(writeCache: boolean): string[] {
  const script = [
    `const { runHookBundle } = await import(${JSON.stringify(MODULE)});`,
    `const use = runHookBundle(${JSON.stringify(bundle)}, { writeCache: ${String(writeCache)} });`,
    "process.stdout.write(use + '\\n');",
    "process.exit();",
  ].join("\n");
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim().split("\n");
}

const cacheFile = () => `${bundle}${CODE_CACHE_SUFFIX}`;

describe("runHookBundle", () => {
  it("runs the bundle as CommonJS, and the first hook writes the code cache (0600) when it exits", () => {
    expect(runHook(true)).toEqual(["hello hook from hook-0123456789abcdef.cjs", "absent"]);
    expect((statSync(cacheFile()).mode & 0o777).toString(8)).toBe("600");
    expect(readdirSync(dir).filter((name) => name.endsWith(".partial"))).toEqual([]);
  });

  it("later hooks load the cache instead of compiling, and leave it as it is", () => {
    runHook(true);
    const written = readFileSync(cacheFile());
    expect(runHook(true)).toEqual(["hello hook from hook-0123456789abcdef.cjs", "used"]);
    expect(readFileSync(cacheFile())).toEqual(written);
  });

  it("compiles from source when the cache is not V8's, and writes a good one", () => {
    writeFileSync(cacheFile(), "not a code cache");
    expect(runHook(true)).toEqual(["hello hook from hook-0123456789abcdef.cjs", "rejected"]);
    expect(runHook(true)).toEqual(["hello hook from hook-0123456789abcdef.cjs", "used"]);
  });

  it("decodes a bundle that is not ASCII as UTF-8, with and without its cache", () => {
    const text = readFileSync(bundle, "utf8").replace("hello ${name}", "h\u00e9llo \u00b5 ${name} \u{1f680}");
    writeFileSync(bundle, text);
    expect(runHook(true)).toEqual([
      "h\u00e9llo \u00b5 hook \u{1f680} from hook-0123456789abcdef.cjs",
      "absent",
    ]);
    expect(runHook(true)).toEqual([
      "h\u00e9llo \u00b5 hook \u{1f680} from hook-0123456789abcdef.cjs",
      "used",
    ]);
  });

  it("refuses a file the pack did not write (no wrapper), naming what to do", () => {
    writeFileSync(bundle, "process.stdout.write('unwrapped');\n");
    const script = [
      `const { runHookBundle } = await import(${JSON.stringify(MODULE)});`,
      `runHookBundle(${JSON.stringify(bundle)}, { writeCache: true });`,
    ].join("\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("is not a packed hook bundle (no CommonJS wrapper): pack the charm again");
  });

  it("writes nothing from a hook that may not write the cache", () => {
    expect(runHook(false)).toEqual(["hello hook from hook-0123456789abcdef.cjs", "absent"]);
    expect(readdirSync(dir)).toEqual(["hook-0123456789abcdef.cjs"]);
  });

  it("removes the caches of other bundles (an upgraded charm's old code) when it writes one", () => {
    writeFileSync(join(dir, `hook-fedcba9876543210.cjs${CODE_CACHE_SUFFIX}`), "old");
    runHook(true);
    expect(readdirSync(dir).sort()).toEqual([
      "hook-0123456789abcdef.cjs",
      `hook-0123456789abcdef.cjs${CODE_CACHE_SUFFIX}`,
    ]);
  });
});

/**
 * No production file imports a test helper, a fake or the harness: a charm's bundle must hold only
 * what runs in a hook, and a library only what its users run. Production = every .ts under the
 * `src/` of each charm and of each package that ships (not the fakes, the harness or the local
 * model, which exist for tests), but *.test.ts and test-support/ folders; each file's imports
 * (static, re-exports, dynamic, type-only too) are read.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** Packages whose code ships (in a charm or as a service); the rest are test doubles and tools. */
const SHIPPED_PACKAGES = [
  "charm-runtime",
  "interfaces",
  "garm-client",
  "planner-client",
  "pressure-reconciler",
  "charm-pack",
];
const SOURCE_ROOTS = [
  ...readdirSync(join(REPO, "charms")).map((name) => join(REPO, "charms", name, "src")),
  ...SHIPPED_PACKAGES.map((name) => join(REPO, "packages", name, "src")),
];
const TEST_PACKAGES = [
  "@garm-charms/garm-fake",
  "@garm-charms/planner-fake",
  "@garm-charms/charm-testing",
  "@garm-charms/juju-local",
  "vitest",
];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gmu;

const isTestHelperPath = (path: string): boolean =>
  path.endsWith(".test.ts") || path.split("/").some((part) => part === "test-support" || part === "tests");

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : productionFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((match) => match[1] ?? "");
}

/** What `file` imports that only tests may: a test package, or a file of a test folder. */
function testImports(file: string): string[] {
  return importsOf(file).filter((specifier) => {
    if (TEST_PACKAGES.some((pkg) => specifier === pkg || specifier.startsWith(`${pkg}/`))) return true;
    if (!specifier.startsWith(".")) return false;
    return isTestHelperPath(relative(REPO, resolve(dirname(file), specifier)));
  });
}

const allProductionFiles = (): string[] => SOURCE_ROOTS.flatMap((root) => productionFiles(root));

describe("the production import graph of the charms and the shipped packages", () => {
  it("finds the production files (the walk is not empty)", () => {
    const files = allProductionFiles().map((file) => relative(REPO, file));
    expect(files).toContain("charms/garm/src/dispatch.ts");
    expect(files).toContain("charms/garm-configurator/src/dispatch.ts");
    expect(files).toContain("packages/charm-runtime/src/index.ts");
    expect(files).toContain("packages/pressure-reconciler/src/cli.ts");
    expect(files.filter(isTestHelperPath)).toEqual([]);
  });

  it("no production file imports a test helper, a fake or the harness", () => {
    const offenders = allProductionFiles().flatMap((file) =>
      testImports(file).map((specifier) => `${relative(REPO, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("would catch one: a helper that imports the GARM fake is a test import", () => {
    expect(isTestHelperPath("charms/garm/src/reconcile/test-support/fake-harness.ts")).toBe(true);
    const sample =
      'import { startGarmFake } from "@garm-charms/garm-fake";\nexport type { X } from "../tests/fixtures.js";';
    expect([...sample.matchAll(IMPORT)].map((m) => m[1])).toEqual([
      "@garm-charms/garm-fake",
      "../tests/fixtures.js",
    ]);
  });
});

/** A dynamic import() of a module the bundle leaves to Node: a built-in, by the `node:` scheme. */
const DYNAMIC_BUILTIN_IMPORT = /\bimport\s*\(\s*["']node:[^"']+["']/gu;

describe("the hook bundles' dynamic imports", () => {
  // A packed charm runs its hook bundle as a vm.Script (for its code cache), which has no dynamic
  // import callback: esbuild inlines the charm's own modules, but an import() of a Node built-in
  // stays one and throws at run time. A built-in is loaded lazily by reading a property of an
  // already loaded module instead (`promises` of node:fs, say).
  const hookSources = (): string[] =>
    allProductionFiles().filter((file) => !relative(REPO, file).startsWith("packages/pressure-reconciler/"));

  it("no charm or runtime file imports a Node built-in dynamically", () => {
    const offenders = hookSources().flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(DYNAMIC_BUILTIN_IMPORT)].map(
        (match) => `${relative(REPO, file)}: ${match[0]}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it("would catch one", () => {
    expect(
      'const { readFile } = await import("node:fs/promises");'.match(DYNAMIC_BUILTIN_IMPORT),
    ).toHaveLength(1);
    expect('await import("./spawn-runner.js");'.match(DYNAMIC_BUILTIN_IMPORT)).toBeNull();
  });
});

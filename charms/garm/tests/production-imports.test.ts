/**
 * No production file imports a test helper, the GARM fake or the harness: the charm's bundle
 * must hold only what runs in a hook. Production = every .ts under src/ but *.test.ts and
 * test-support/ folders; each one's imports (static, re-exports, dynamic, type-only too) are read.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CHARM_ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(CHARM_ROOT, "src");
const TEST_PACKAGES = ["@garm-charms/garm-fake", "@garm-charms/charm-testing", "vitest"];
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
    return isTestHelperPath(relative(CHARM_ROOT, resolve(dirname(file), specifier)));
  });
}

describe("the garm charm's production import graph", () => {
  it("finds the production files (the walk is not empty)", () => {
    const files = productionFiles(SRC).map((file) => relative(CHARM_ROOT, file));
    expect(files).toContain("src/dispatch.ts");
    expect(files).toContain("src/reconcile/objects-step.ts");
    expect(files.filter(isTestHelperPath)).toEqual([]);
  });

  it("no production file imports a test helper, the GARM fake or the harness", () => {
    const offenders = productionFiles(SRC).flatMap((file) =>
      testImports(file).map((specifier) => `${relative(CHARM_ROOT, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("would catch one: a helper that imports the GARM fake is a test import", () => {
    expect(isTestHelperPath("src/reconcile/test-support/fake-harness.ts")).toBe(true);
    const sample =
      'import { startGarmFake } from "@garm-charms/garm-fake";\nexport type { X } from "../tests/fixtures.js";';
    expect([...sample.matchAll(IMPORT)].map((m) => m[1])).toEqual([
      "@garm-charms/garm-fake",
      "../tests/fixtures.js",
    ]);
  });
});

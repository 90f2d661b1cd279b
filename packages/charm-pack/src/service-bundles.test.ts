import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, describe, expect, it } from "vitest";

import { ServiceBundleError } from "./errors.js";
import { readServiceBundles } from "./service-bundles.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
let dirs: string[] = [];

function project(packageJson: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "service-bundles-"));
  dirs.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify(packageJson));
  return dir;
}

afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe("readServiceBundles", () => {
  it("resolves garm's pressure reconciler to the service's CLI source", () => {
    expect(readServiceBundles(join(REPO, "charms", "garm"))).toEqual([
      {
        out: "dist/pressure-reconciler.mjs",
        entry: join(REPO, "packages", "pressure-reconciler", "src", "cli.ts"),
      },
    ]);
  });

  it("has none for a charm that declares none", () => {
    expect(readServiceBundles(join(REPO, "charms", "garm-configurator"))).toEqual([]);
  });

  it("refuses an output outside dist/<name>.mjs, such as the charm's own bundle", () => {
    for (const out of ["bin/x.mjs", "dist/charm.cjs", "dist/../dispatch.mjs"]) {
      const dir = project({ charmPack: { bundles: { [out]: "./x.js" } } });
      expect(() => readServiceBundles(dir)).toThrow(ServiceBundleError);
    }
  });

  it("names a module it cannot resolve, and what to fix", () => {
    const dir = project({ charmPack: { bundles: { "dist/svc.mjs": "@nowhere/svc" } } });
    expect(() => readServiceBundles(dir)).toThrow(
      /@nowhere\/svc cannot be resolved.*fix charmPack in package\.json/,
    );
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { describe, expect, it } from "vitest";

import { callerFile, findCharmcraftYaml, loadDefaultCharmMeta } from "./charm-root.js";
import { Context } from "./context.js";
import { CharmMetaError } from "./meta.js";

const HERE = fileURLToPath(import.meta.url);
const REPO = resolve(dirname(HERE), "../../..");
const noop = (): Promise<void> => Promise.resolve();

describe("callerFile", () => {
  it("is the file that called the given function", () => {
    function probe(): string | undefined {
      return callerFile(probe);
    }
    expect(probe()).toBe(HERE);
  });
});

describe("loadDefaultCharmMeta", () => {
  it.each([
    ["garm", "charms/garm/tests/charm.test.ts"],
    ["garm", "charms/garm/src/workload/apply-workload.test.ts"],
    ["garm-configurator", "charms/garm-configurator/tests/fixtures.ts"],
    ["greeter", "packages/charm-testing/src/example-charm/example-charm.test.ts"],
  ])("finds %s's charmcraft.yaml from a test file at %s", (name, file) => {
    expect(loadDefaultCharmMeta({ callerFile: join(REPO, file) }).name).toBe(name);
  });

  it("takes charmRoot (a path or a file: URL) over the caller's file", () => {
    const callerInGarm = join(REPO, "charms/garm/tests/charm.test.ts");
    const root = join(REPO, "charms/garm-configurator");
    expect(loadDefaultCharmMeta({ charmRoot: root, callerFile: callerInGarm }).name).toBe(
      "garm-configurator",
    );
    expect(loadDefaultCharmMeta({ charmRoot: pathToFileURL(root) }).name).toBe("garm-configurator");
  });

  it("says where it looked and what to pass when there is no charmcraft.yaml", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-charm-"));
    try {
      expect(findCharmcraftYaml(empty)).toBeUndefined();
      expect(() => loadDefaultCharmMeta({ charmRoot: empty })).toThrow(CharmMetaError);
      expect(() => loadDefaultCharmMeta({ charmRoot: empty })).toThrow(
        `no charmcraft.yaml in or above ${empty}: pass { meta } or { charmRoot } to the Context`,
      );
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it("is what a Context given only charmRoot uses", () => {
    expect(new Context(noop, { charmRoot: join(REPO, "charms/garm") }).meta.name).toBe("garm");
  });

  it("fails a Context built where no charmcraft.yaml is above the caller or the working directory", () => {
    // This file sits in packages/charm-testing/src; vitest runs from the repo root.
    expect(() => new Context(noop)).toThrow(/no charmcraft\.yaml in or above .*charm-testing\/src or /);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { describe, expect, it } from "vitest";

import {
  failures,
  lintAdditionalFiles,
  lintEntrypoint,
  lintJujuActions,
  lintJujuConfig,
  lintMetadata,
  runLinters,
  shlexSplit,
} from "./linters.js";
import { dispatchScript } from "./payload.js";

/** A small charm dir: the given files (path -> [content, mode]). */
function charmDir(files: Record<string, readonly [string, number]>): string {
  const dir = mkdtempSync(join(tmpdir(), "charm-pack-lint-"));
  for (const [path, [content, mode]] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    chmodSync(join(dir, path), mode);
  }
  return dir;
}

const METADATA = ["name: demo\nsummary: s\ndescription: d\n", 0o644] as const;
const GOOD = {
  dispatch: [dispatchScript(true), 0o755],
  "dist/charm.cjs": ["", 0o755],
  "bin/node": ["", 0o755],
  "bin/hook-tool-spawner": ["", 0o755],
  "metadata.yaml": METADATA,
  "config.yaml": ["options:\n  port: {type: int}\n", 0o644],
  "actions.yaml": ["backup: {description: b}\n", 0o644],
} as const;

describe("charmcraft's linters, restated", () => {
  it("pass a charm laid out as ./scripts/pack lays it out", () => {
    const stage = charmDir({
      dispatch: GOOD.dispatch,
      "dist/charm.cjs": GOOD["dist/charm.cjs"],
      "bin/node": GOOD["bin/node"],
      "bin/hook-tool-spawner": GOOD["bin/hook-tool-spawner"],
    });
    expect(failures(runLinters(charmDir(GOOD), stage))).toEqual([]);
  });

  it("pass a charm packed without the hook-tool spawner (no compiler): Node runs directly", () => {
    const { "bin/hook-tool-spawner": _spawner, ...rest } = GOOD;
    const files = { ...rest, dispatch: [dispatchScript(false), 0o755] as const };
    const stage = charmDir({
      dispatch: files.dispatch,
      "dist/charm.cjs": files["dist/charm.cjs"],
      "bin/node": files["bin/node"],
    });
    expect(dispatchScript(false)).not.toContain("hook-tool-spawner");
    expect(failures(runLinters(charmDir(files), stage))).toEqual([]);
  });

  describe("entrypoint", () => {
    it("fails when the file dispatch runs is not executable", () => {
      const dir = charmDir({ ...GOOD, "dist/charm.cjs": ["", 0o644] });
      expect(lintEntrypoint(dir)).toMatchObject({
        result: "error",
        text: expect.stringMatching(/not executable/),
      });
    });

    it("fails when the file dispatch runs is missing", () => {
      const { "dist/charm.cjs": _bundle, ...rest } = GOOD;
      expect(lintEntrypoint(charmDir(rest))).toMatchObject({
        result: "error",
        text: expect.stringMatching(/Cannot find/),
      });
    });

    it("fails on dispatch naming the entrypoint through $JUJU_CHARM_DIR (a literal path that does not exist)", () => {
      const dispatch = '#!/bin/sh\nexec "$JUJU_CHARM_DIR/bin/node" "$JUJU_CHARM_DIR/dist/charm.cjs"\n';
      const dir = charmDir({ ...GOOD, dispatch: [dispatch, 0o755] });
      expect(lintEntrypoint(dir).result).toBe("error");
    });

    it("fails when the entrypoint is a directory", () => {
      const dir = charmDir({ ...GOOD, dispatch: ["#!/bin/sh\nexec ./bin/node ./dist\n", 0o755] });
      expect(lintEntrypoint(dir)).toMatchObject({
        result: "error",
        text: expect.stringMatching(/not a file/),
      });
    });

    it("does not apply without a dispatch file", () => {
      const { dispatch: _dispatch, ...rest } = GOOD;
      expect(lintEntrypoint(charmDir(rest)).result).toBe("nonapplicable");
    });

    it("is fatal when dispatch's last line has an unclosed quote", () => {
      const dir = charmDir({ ...GOOD, dispatch: ['#!/bin/sh\nexec ./bin/node "./dist/charm.cjs\n', 0o755] });
      expect(lintEntrypoint(dir).result).toBe("fatal");
    });
  });

  describe("metadata", () => {
    it("fails when metadata.yaml lacks summary and description", () => {
      const dir = charmDir({ ...GOOD, "metadata.yaml": ["name: demo\n", 0o644] });
      expect(lintMetadata(dir)).toMatchObject({
        result: "error",
        text: expect.stringMatching(/summary, description/),
      });
    });

    it("fails when metadata.yaml is missing or not YAML", () => {
      const { "metadata.yaml": _metadata, ...rest } = GOOD;
      expect(lintMetadata(charmDir(rest)).result).toBe("error");
      expect(lintMetadata(charmDir({ ...GOOD, "metadata.yaml": ["name: [demo\n", 0o644] })).result).toBe(
        "error",
      );
    });

    it("warns about the deprecated series key", () => {
      const dir = charmDir({ ...GOOD, "metadata.yaml": [`${METADATA[0]}series: [jammy]\n`, 0o644] });
      expect(lintMetadata(dir).result).toBe("warning");
    });
  });

  describe("juju-config", () => {
    it("fails when an option has no type", () => {
      const dir = charmDir({ ...GOOD, "config.yaml": ["options:\n  port: {default: 1}\n", 0o644] });
      expect(lintJujuConfig(dir)).toMatchObject({
        result: "error",
        text: expect.stringMatching(/'type' key/),
      });
    });

    it("fails when options is not a mapping", () => {
      const dir = charmDir({ ...GOOD, "config.yaml": ["options: [port]\n", 0o644] });
      expect(lintJujuConfig(dir)).toMatchObject({
        result: "error",
        text: expect.stringMatching(/'options' dictionary/),
      });
    });

    it("passes a charm without config.yaml", () => {
      const { "config.yaml": _config, ...rest } = GOOD;
      expect(lintJujuConfig(charmDir(rest)).result).toBe("ok");
    });
  });

  describe("juju-actions", () => {
    it("fails when actions.yaml is not YAML", () => {
      const dir = charmDir({ ...GOOD, "actions.yaml": ["backup: {description: b\n", 0o644] });
      expect(lintJujuActions(dir).result).toBe("error");
    });
  });

  describe("additional-files", () => {
    it("fails on a file in the charm that no part staged, naming it", () => {
      const stage = charmDir({ dispatch: GOOD.dispatch, "dist/charm.cjs": GOOD["dist/charm.cjs"] });
      expect(lintAdditionalFiles(charmDir(GOOD), stage)).toMatchObject({
        result: "error",
        text: expect.stringMatching(/'bin' is not staged[\s\S]*'bin\/node' is not staged/),
      });
    });

    it("does not apply without a stage directory", () => {
      expect(lintAdditionalFiles(charmDir(GOOD), undefined).result).toBe("nonapplicable");
    });
  });
});

describe("shlexSplit", () => {
  it("splits as Python's shlex.split does", () => {
    expect(
      shlexSplit('JUJU_DISPATCH_PATH="${JUJU_DISPATCH_PATH:-$0}" exec ./bin/node ./dist/charm.cjs'),
    ).toEqual(["JUJU_DISPATCH_PATH=${JUJU_DISPATCH_PATH:-$0}", "exec", "./bin/node", "./dist/charm.cjs"]);
    expect(shlexSplit(`a\\ b 'c d' "e \\"f\\" \\x" ''`)).toEqual(["a b", "c d", 'e "f" \\x', ""]);
  });
});

/**
 * Issue 12: a packed charm's dispatch runs Node under the hook-tool spawner's launcher, so a hook
 * never forks Node to start a process: its hook tools go through the spawner that was there
 * before Node, and `node:child_process` is not even loaded.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { Context, events, loadCharmMeta, packedCharm } from "@garm-charms/charm-testing";
import { afterAll, describe, expect, it } from "vitest";

import { relatedState, SECRET_LEAKS } from "../../charms/garm-configurator/tests/fixtures.js";
import { packed } from "./both-modes.js";

const CHARMCRAFT = fileURLToPath(new URL("../../charms/garm-configurator/charmcraft.yaml", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "spawner-launcher-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Preloaded into the hook's Node: writes the built-in modules it loaded, when it exits. */
function moduleListPreload(out: string): string {
  const preload = join(dir, "module-list.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));\n`,
  );
  return preload;
}

describe("a packed hook under the spawner's launcher", () => {
  it("runs its hook tools without Node starting any process, and never loads node:child_process", async (ctx) => {
    const charm = await packed("garm-configurator");
    const dispatch = readFileSync(join(charm.charmDir, "dispatch"), "utf8");
    ctx.skip(
      !existsSync(join(charm.charmDir, "bin", "hook-tool-spawner")),
      "packed without bin/hook-tool-spawner (needs a C compiler)",
    );
    expect(dispatch).toContain("exec ./bin/hook-tool-spawner ./bin/node ");
    const modules = join(dir, "modules.txt");
    const meta = await loadCharmMeta(CHARMCRAFT);
    const run = new Context(
      packedCharm(charm.charmDir, {
        launcher: ["env", `NODE_OPTIONS=--require=${moduleListPreload(modules)}`],
      }),
      { meta, secretLeaks: SECRET_LEAKS },
    );
    await run.run(events.configChanged(), relatedState());
    expect(run.hookToolCalls.length).toBeGreaterThan(10);
    const loaded = readFileSync(modules, "utf8").split("\n");
    expect(loaded).toContain("NativeModule net");
    expect(loaded.filter((name) => name.includes("child_process"))).toEqual([]);
  });
});

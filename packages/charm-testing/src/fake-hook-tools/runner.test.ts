import { HookToolArgumentTooLongError } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import { FAKE_HOOK_TOOL_NAMES } from "./runner.js";
import { fakeTools } from "./test-support.js";

describe("FakeHookTools", () => {
  it("records every invocation with its argv and stdin", async () => {
    const { tools, run } = fakeTools();
    await run("is-leader", ["--format=json"]);
    await run("state-set", ["--file", "-"], '{"a":"b"}');
    expect(tools.calls).toEqual([
      { tool: "is-leader", args: ["--format=json"] },
      { tool: "state-set", args: ["--file", "-"], stdin: '{"a":"b"}' },
    ]);
  });

  it("answers unknown tools as a shell would answer a missing executable", async () => {
    const { run } = fakeTools();
    expect(await run("leader-frobnicate", [])).toEqual({
      exitCode: 127,
      stdout: "",
      stderr: "leader-frobnicate: command not found\n",
    });
  });

  it("turns usage errors into exit 2 with ERROR on stderr", async () => {
    const { run } = fakeTools();
    expect(await run("config-get", ["--nope"])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: "ERROR option provided but not defined: --nope\n",
    });
    expect(await run("config-get", ["--format=xml"])).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR invalid value "xml" for option --format: unknown format "xml"\n',
    });
  });

  it("covers the tool families the runtime uses", () => {
    for (const tool of [
      "config-get",
      "relation-set",
      "secret-add",
      "state-get",
      "opened-ports",
      "goal-state",
    ]) {
      expect(FAKE_HOOK_TOOL_NAMES).toContain(tool);
    }
  });
});

describe("FakeHookTools and Linux's argument limit", () => {
  it("fake hook tools accept arguments over the kernel limit: refuses one of 128 KiB or more as spawning the real tool would", async () => {
    const { tools, model, run } = fakeTools();
    const fits = `${"é".repeat(65_535)}x`; // 131,071 bytes: the largest argument Linux takes
    expect(await run("status-set", ["blocked", "--", fits])).toMatchObject({ exitCode: 0 });
    expect(model.unitStatus).toEqual({ name: "blocked", message: fits });

    const value = `token-${"é".repeat(65_536)}`;
    const refused = run("status-set", ["blocked", "--", value]);
    await expect(refused).rejects.toBeInstanceOf(HookToolArgumentTooLongError);
    await expect(refused).rejects.toThrow(/status-set/);
    await expect(refused).rejects.not.toThrow(/token-/);
    expect(model.unitStatus.message).toBe(fits);
    expect(tools.calls).toHaveLength(1);
  });
});

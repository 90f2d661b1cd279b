import { describe, expect, it } from "vitest";

import { InvalidKeyError, ModelError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { actionFail, actionGet, actionLog, actionSet, flattenActionResults } from "./actions.js";

describe("action-get", () => {
  it("runs `action-get --format=json` and keeps nested params", async () => {
    const { runner, session } = recordingSession();
    runner.json("action-get", { name: "x", opts: { depth: 2 } });
    expect(await actionGet(session)).toEqual({ name: "x", opts: { depth: 2 } });
    expect(runner.argv()).toEqual([["action-get", "--format=json"]]);
  });
});

describe("action-set", () => {
  it("flattens nested results to dotted key=value arguments", async () => {
    const { runner, session } = recordingSession();
    await actionSet(session, { "admin-password": "pw", stats: { runners: 3, ok: true } });
    expect(runner.argv()).toEqual([["action-set", "admin-password=pw", "stats.runners=3", "stats.ok=true"]]);
  });

  it.each(["Upper", "under_score", "-lead", "trail-", "a..b"])("rejects the key %s", (key) => {
    expect(() => flattenActionResults({ [key]: "v" })).toThrow(InvalidKeyError);
  });

  it("rejects Juju's reserved keys", () => {
    expect(() => flattenActionResults({ stdout: "v" })).toThrow(/reserved/);
    expect(() => flattenActionResults({ "stderr-encoding": "v" })).toThrow(/reserved/);
  });

  it("rejects a reserved word in any segment of a nested key, as Juju's action-set does", () => {
    expect(() => flattenActionResults({ run: { stderr: "v" } })).toThrow(InvalidKeyError);
    expect(() => flattenActionResults({ stdout: { lines: 3 } })).toThrow(/reserved/);
    expect(flattenActionResults({ run: { "stderr-lines": 2 } })).toEqual({ "run.stderr-lines": "2" });
  });

  it("sends nothing for empty results", async () => {
    const { runner, session } = recordingSession();
    await actionSet(session, {});
    expect(runner.calls).toHaveLength(0);
  });
});

describe("action-log and action-fail", () => {
  it("pass free text after `--`", async () => {
    const { runner, session } = recordingSession();
    await actionLog(session, "-starting");
    await actionFail(session, "backup failed");
    await actionFail(session);
    expect(runner.argv()).toEqual([
      ["action-log", "--", "-starting"],
      ["action-fail", "--", "backup failed"],
      ["action-fail"],
    ]);
  });

  it("maps a failure", async () => {
    const { runner, session } = recordingSession();
    runner.fail("action-log", "not running an action");
    await expect(actionLog(session, "x")).rejects.toBeInstanceOf(ModelError);
  });
});

describe("action-log and action-fail over the kernel argument limit", () => {
  const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

  it("action-log over the kernel argument limit is sent in chunks of at most 131,071 bytes", async () => {
    const { runner, session } = recordingSession();
    const message = "ß".repeat(200_000);
    await actionLog(session, message);
    const texts = runner.calls.map((c) => c.args[1] ?? "");
    expect(runner.calls.map((c) => c.args[0])).toEqual(texts.map(() => "--"));
    expect(texts.length).toBe(4);
    expect(texts.every((t) => bytes(t) <= 131_071)).toBe(true);
    expect(texts.join("")).toBe(message);
  });

  it("action-fail over the kernel argument limit is shortened with an ellipsis, so the failure is still recorded", async () => {
    const { runner, session } = recordingSession();
    await actionFail(session, `GarmApiError: ${"ß".repeat(200_000)}`);
    const sent = runner.calls[0]?.args[1] ?? "";
    expect(bytes(sent)).toBeLessThanOrEqual(131_071);
    expect(sent.startsWith("GarmApiError: ßß")).toBe(true);
    expect(sent.endsWith("ß…")).toBe(true);
  });
});

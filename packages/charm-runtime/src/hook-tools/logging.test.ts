import { describe, expect, it } from "vitest";

import { recordedTools } from "../test-support/recorded-tools.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { HookToolSession } from "./session.js";
import { spawnRunner } from "./spawn-runner.js";
import { MAX_LOG_LINE_LENGTH, jujuLog, splitLogMessage } from "./logging.js";

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

describe("juju-log", () => {
  it("runs `juju-log --log-level LEVEL -- message` (never --format)", async () => {
    const { runner, session } = recordingSession();
    await jujuLog(session, "WARNING", "--looks like a flag");
    expect(runner.argv()).toEqual([["juju-log", "--log-level", "WARNING", "--", "--looks like a flag"]]);
  });

  it("splits messages longer than the maximum line length", async () => {
    const { runner, session } = recordingSession();
    const message = "x".repeat(MAX_LOG_LINE_LENGTH) + "tail";
    await jujuLog(session, "INFO", message);
    expect(runner.calls.map((c) => c.args[3]!.length)).toEqual([MAX_LOG_LINE_LENGTH, 4]);
    expect(splitLogMessage("short")).toEqual(["short"]);
  });

  it("juju-log chunks at 131,071 characters, not bytes: chunks count UTF-8 bytes and never split a character", () => {
    // 100,000 two-byte and 50,000 four-byte characters: under the old character count, one
    // 400,000-byte chunk that Linux refuses to pass to juju-log.
    const message = "é".repeat(100_000) + "🙂".repeat(50_000);
    const chunks = splitLogMessage(message);
    expect(chunks.join("")).toBe(message);
    for (const chunk of chunks) {
      expect(bytes(chunk)).toBeLessThanOrEqual(131_071);
      expect(chunk).not.toContain("\uFFFD");
    }
    expect(chunks.length).toBe(Math.ceil(bytes(message) / 131_071));
  });

  it("logs a 1.1 MB multi-byte message through a real juju-log process, in chunks that put it back together", async () => {
    const tools = await recordedTools(["juju-log"]);
    try {
      const session = new HookToolSession(spawnRunner(tools.env), "/nonexistent");
      const message = "ü".repeat(550_000);
      await jujuLog(session, "ERROR", message);
      const calls = await tools.calls();
      expect(calls.length).toBeGreaterThan(1);
      expect(calls.map((c) => c.args.slice(0, 3))).toEqual(calls.map(() => ["--log-level", "ERROR", "--"]));
      expect(calls.map((c) => c.args[3]).join("")).toBe(message);
    } finally {
      await tools.remove();
    }
  });
});

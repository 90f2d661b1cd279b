import { describe, expect, it } from "vitest";

import { recordingSession } from "../test-support/recording-runner.js";
import { MAX_LOG_LINE_LENGTH, jujuLog, splitLogMessage } from "./logging.js";

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
});

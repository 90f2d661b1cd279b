import { describe, expect, it } from "vitest";

import { UnexpectedToolOutputError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { isLeader } from "./leadership.js";

describe("is-leader", () => {
  it("runs `is-leader --format=json` and parses true/false, cached", async () => {
    const { runner, session } = recordingSession();
    runner.on("is-leader", { stdout: "true\n" });
    expect(await isLeader(session)).toBe(true);
    expect(await isLeader(session)).toBe(true);
    expect(runner.argv()).toEqual([["is-leader", "--format=json"]]);
  });

  it("parses false and rejects Python-style output", async () => {
    const { runner, session } = recordingSession();
    runner.on("is-leader", { stdout: "false\n" });
    expect(await isLeader(session)).toBe(false);
    const other = recordingSession();
    other.runner.on("is-leader", { stdout: "True\n" });
    await expect(isLeader(other.session)).rejects.toBeInstanceOf(UnexpectedToolOutputError);
  });
});

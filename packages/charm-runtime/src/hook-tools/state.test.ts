import { describe, expect, it } from "vitest";

import { ModelError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { stateDelete, stateGet, stateSet } from "./state.js";

describe("charm state tools", () => {
  it("state-get: `state-get --format=json`, null means empty", async () => {
    const { runner, session } = recordingSession();
    runner.on("state-get", { stdout: "null\n" });
    expect(await stateGet(session)).toEqual({});
    expect(runner.argv()).toEqual([["state-get", "--format=json"]]);
    const other = recordingSession();
    other.runner.json("state-get", { "admin-created": "true" });
    expect(await stateGet(other.session)).toEqual({ "admin-created": "true" });
  });

  it("state-set sends a JSON map on stdin with `--file -`", async () => {
    const { runner, session } = recordingSession();
    await stateSet(session, { "jwt-rotated": "2026-01-01" });
    expect(runner.calls).toEqual([
      { tool: "state-set", args: ["--file", "-"], stdin: JSON.stringify({ "jwt-rotated": "2026-01-01" }) },
    ]);
  });

  it("state-delete passes the key", async () => {
    const { runner, session } = recordingSession();
    await stateDelete(session, "jwt-rotated");
    expect(runner.argv()).toEqual([["state-delete", "jwt-rotated"]]);
  });

  it("writes invalidate the cached state-get", async () => {
    const { runner, session } = recordingSession();
    runner.json("state-get", {});
    await stateGet(session);
    await stateGet(session);
    await stateSet(session, { a: "1" });
    await stateGet(session);
    await stateDelete(session, "a");
    await stateGet(session);
    expect(runner.callsTo("state-get")).toHaveLength(3);
  });

  it("maps a failure (value too large) to ModelError", async () => {
    const { runner, session } = recordingSession();
    runner.fail("state-set", "value too large");
    await expect(stateSet(session, { a: "x" })).rejects.toBeInstanceOf(ModelError);
  });
});

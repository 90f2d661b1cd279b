import { describe, expect, it } from "vitest";

import { ModelError, UnexpectedToolOutputError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { configGet } from "./config.js";

describe("config-get", () => {
  it("runs `config-get --format=json` and parses typed values", async () => {
    const { runner, session } = recordingSession();
    runner.json("config-get", { "openstack-network": "net", "runner-count": 2, ratio: 0.5, debug: false });
    expect(await configGet(session)).toEqual({
      "openstack-network": "net",
      "runner-count": 2,
      ratio: 0.5,
      debug: false,
    });
    expect(runner.argv()).toEqual([["config-get", "--format=json"]]);
  });

  it("caches within a hook: two reads, one call", async () => {
    const { runner, session } = recordingSession();
    runner.json("config-get", { a: "1" });
    await configGet(session);
    await configGet(session);
    expect(runner.callsTo("config-get")).toHaveLength(1);
  });

  it("rejects output that is not an option map", async () => {
    const { runner, session } = recordingSession();
    runner.json("config-get", { a: { nested: true } });
    await expect(configGet(session)).rejects.toThrow(UnexpectedToolOutputError);
    runner.on("config-get", { stdout: "a: b\n" });
    await expect(configGet(session)).rejects.toThrow(/not valid JSON/);
  });

  it("maps a failing exit to ModelError", async () => {
    const { runner, session } = recordingSession();
    runner.fail("config-get", "cannot read settings");
    await expect(configGet(session)).rejects.toBeInstanceOf(ModelError);
  });
});

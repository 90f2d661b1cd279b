import { describe, expect, it } from "vitest";

import { HookToolUsageError, PermissionDeniedError } from "../errors.js";
import { recordedTools } from "../test-support/recorded-tools.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { HookToolSession } from "./session.js";
import { spawnRunner } from "./spawn-runner.js";
import { appStatusGet, statusSet, unitStatusGet } from "./status.js";

describe("status-get", () => {
  it("reads the unit status with the exact argv", async () => {
    const { runner, session } = recordingSession();
    runner.json("status-get", {
      status: "blocked",
      message: "openstack-network is required",
      "status-data": {},
    });
    expect(await unitStatusGet(session)).toEqual({
      name: "blocked",
      message: "openstack-network is required",
    });
    expect(runner.argv()).toEqual([["status-get", "--include-data", "--format=json", "--application=false"]]);
  });

  it("reads the app status from the nested application-status shape", async () => {
    const { runner, session } = recordingSession();
    runner.json("status-get", {
      "application-status": {
        status: "active",
        message: "",
        "status-data": {},
        units: { "garm/0": { status: "active", message: "", "status-data": {} } },
      },
    });
    expect(await appStatusGet(session)).toEqual({ name: "active", message: "" });
    expect(runner.argv()).toEqual([["status-get", "--include-data", "--format=json", "--application=true"]]);
  });

  it("maps `this unit is not the leader`", async () => {
    const { runner, session } = recordingSession();
    runner.fail("status-get", "finding application status: this unit is not the leader");
    await expect(appStatusGet(session)).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("status-set", () => {
  it("sets unit and app status with `--` before the message", async () => {
    const { runner, session } = recordingSession();
    await statusSet(session, "unit", { name: "blocked", message: "-r is a bad flag-like message" });
    await statusSet(session, "app", { name: "active", message: "" });
    expect(runner.argv()).toEqual([
      ["status-set", "--application=false", "blocked", "--", "-r is a bad flag-like message"],
      ["status-set", "--application=true", "active"],
    ]);
  });

  it("invalidates the cached status-get", async () => {
    const { runner, session } = recordingSession();
    runner.json("status-get", { status: "maintenance", message: "x" });
    await unitStatusGet(session);
    await statusSet(session, "unit", { name: "active", message: "" });
    runner.json("status-get", { status: "active", message: "" });
    expect(await unitStatusGet(session)).toEqual({ name: "active", message: "" });
  });

  it("maps a usage error", async () => {
    const { runner, session } = recordingSession();
    runner.fail(
      "status-set",
      'invalid status "bogus", expected one of [maintenance blocked waiting active]',
      2,
    );
    await expect(statusSet(session, "unit", { name: "active", message: "" })).rejects.toBeInstanceOf(
      HookToolUsageError,
    );
  });
});

describe("status-set with an overlong message", () => {
  it("a status-set over the kernel argument limit is shortened with an ellipsis instead of failing the hook on every retry (real process)", async () => {
    const tools = await recordedTools(["status-set"]);
    try {
      const session = new HookToolSession(spawnRunner(tools.env), "/nonexistent");
      // A 1.1 MB bad token echoed into a status: two-byte characters, so bytes, not characters, count.
      const message = `github-token is invalid: ${"ä".repeat(550_000)}`;
      await statusSet(session, "unit", { name: "blocked", message });
      const [call, ...rest] = await tools.calls();
      expect(rest).toEqual([]);
      const sent = call?.args[3] ?? "";
      expect(call?.args.slice(0, 3)).toEqual(["--application=false", "blocked", "--"]);
      expect(Buffer.byteLength(sent, "utf8")).toBeLessThanOrEqual(131_071);
      expect(Buffer.byteLength(sent, "utf8")).toBeGreaterThan(131_000);
      expect(sent.endsWith("ä…")).toBe(true);
      expect(message.startsWith(sent.slice(0, -1))).toBe(true);
    } finally {
      await tools.remove();
    }
  });

  it("sends a message that fits unchanged, up to the last byte Linux allows", async () => {
    const { runner, session } = recordingSession();
    const message = `${"ä".repeat(65_535)}x`; // exactly 131,071 bytes
    await statusSet(session, "app", { name: "active", message });
    expect(runner.calls[0]?.args[3]).toBe(message);
  });
});

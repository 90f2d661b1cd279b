import { describe, expect, it } from "vitest";

import { HookToolUsageError, PermissionDeniedError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
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

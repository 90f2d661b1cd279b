import { describe, expect, it } from "vitest";

import { HookToolUsageError, PermissionDeniedError, RelationNotFoundError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import {
  relationGet,
  relationIds,
  relationList,
  relationModelGet,
  relationRemoteApp,
  relationSet,
} from "./relations.js";

const ref = { endpoint: "garm-configurator", id: 7 };

describe("relation-ids", () => {
  it("runs `relation-ids <endpoint> --format=json` and takes the number after the colon", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-ids", ["garm-configurator:1", "garm-configurator:15"]);
    expect(await relationIds(session, "garm-configurator")).toEqual([1, 15]);
    expect(runner.argv()).toEqual([["relation-ids", "garm-configurator", "--format=json"]]);
  });

  it("treats an empty list and null as no relations", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-ids", []);
    expect(await relationIds(session, "db")).toEqual([]);
    runner.on("relation-ids", { stdout: "null\n" });
    expect(await relationIds(session, "other")).toEqual([]);
  });

  it("rejects a usage error (exit 2) with a typed error", async () => {
    const { runner, session } = recordingSession();
    runner.fail("relation-ids", 'unknown endpoint "nope"', 2);
    await expect(relationIds(session, "nope")).rejects.toBeInstanceOf(HookToolUsageError);
  });
});

describe("relation-list", () => {
  it("runs `relation-list --format=json -r <ep>:<id>`", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-list", ["cfg/0", "cfg/1"]);
    expect(await relationList(session, ref)).toEqual(["cfg/0", "cfg/1"]);
    expect(runner.argv()).toEqual([["relation-list", "--format=json", "-r", "garm-configurator:7"]]);
  });

  it("runs `relation-list --format=json --app -r <ep>:<id>` for the remote app", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-list", "cfg");
    expect(await relationRemoteApp(session, ref)).toBe("cfg");
    expect(runner.argv()).toEqual([["relation-list", "--format=json", "--app", "-r", "garm-configurator:7"]]);
  });

  it("answers undefined for the app of a relation Juju no longer knows", async () => {
    const { runner, session } = recordingSession();
    runner.fail("relation-list", 'invalid value "garm-configurator:7" for option -r: relation not found', 2);
    expect(await relationRemoteApp(session, ref)).toBeUndefined();
    await expect(relationList(session, ref)).rejects.toBeInstanceOf(RelationNotFoundError);
  });
});

describe("relation-get", () => {
  it("reads a unit bag with `relation-get --format=json -r <ep>:<id> - <unit>`", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-get", { "ingress-address": "10.1.2.3", scaleset: "{}" });
    const bag = await relationGet(session, { ...ref, app: false, member: "cfg/0" });
    expect(bag).toEqual({ "ingress-address": "10.1.2.3", scaleset: "{}" });
    expect(runner.argv()).toEqual([
      ["relation-get", "--format=json", "-r", "garm-configurator:7", "-", "cfg/0"],
    ]);
  });

  it("reads an app bag with --app before the `-`", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-get", {});
    await relationGet(session, { ...ref, app: true, member: "cfg" });
    expect(runner.argv()).toEqual([
      ["relation-get", "--format=json", "-r", "garm-configurator:7", "--app", "-", "cfg"],
    ]);
  });

  it("maps not found and permission denied", async () => {
    const { runner, session } = recordingSession();
    runner.fail("relation-get", "relation not found");
    await expect(relationGet(session, { ...ref, app: false, member: "cfg/0" })).rejects.toBeInstanceOf(
      RelationNotFoundError,
    );
    runner.fail("relation-get", "permission denied");
    await expect(relationGet(session, { ...ref, app: true, member: "garm" })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it("caches reads; relation-set applies the write to the cached bag (Juju shows pending writes)", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-get", { a: "1" });
    const local = { ...ref, app: false, member: "garm/0" };
    await relationGet(session, local);
    await relationGet(session, local);
    expect(runner.callsTo("relation-get")).toHaveLength(1);
    await relationSet(session, { ...local, app: false }, { a: "2" });
    expect(await relationGet(session, local)).toEqual({ a: "2" });
    expect(runner.callsTo("relation-get")).toHaveLength(1);
  });
});

describe("relation-set", () => {
  it("sends the data as JSON on stdin with `--file -`, never in argv", async () => {
    const { runner, session } = recordingSession();
    await relationSet(
      session,
      { ...ref, app: false, member: "garm/0" },
      { password: "hunter2-secret", gone: "" },
    );
    expect(runner.calls).toEqual([
      {
        tool: "relation-set",
        args: ["-r", "garm-configurator:7", "--file", "-"],
        stdin: JSON.stringify({ password: "hunter2-secret", gone: "" }),
      },
    ]);
  });

  it("adds --app for the application bag", async () => {
    const { runner, session } = recordingSession();
    await relationSet(session, { ...ref, app: true, member: "garm" }, { k: "v" });
    expect(runner.argv()).toEqual([["relation-set", "-r", "garm-configurator:7", "--app", "--file", "-"]]);
  });

  it("maps a non-leader app write to PermissionDeniedError without leaking stdin", async () => {
    const { runner, session } = recordingSession();
    runner.fail("relation-set", "cannot write relation settings");
    const error = await relationSet(
      session,
      { ...ref, app: true, member: "garm" },
      { k: "very-secret-value" },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(String((error as Error).message)).not.toContain("very-secret-value");
  });
});

describe("relation-model-get", () => {
  it("runs `relation-model-get --format=json -r <ep>:<id>` and returns the uuid", async () => {
    const { runner, session } = recordingSession();
    runner.json("relation-model-get", { uuid: "deadbeef-0000" });
    expect(await relationModelGet(session, ref)).toBe("deadbeef-0000");
    expect(runner.argv()).toEqual([["relation-model-get", "--format=json", "-r", "garm-configurator:7"]]);
  });
});

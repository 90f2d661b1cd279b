import { describe, expect, it } from "vitest";

import { HookToolUsageError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { storageAdd, storageGet, storageList } from "./storage.js";

describe("storage tools", () => {
  it("storage-get: `storage-get --format=json -s <name>/<idx>`", async () => {
    const { runner, session } = recordingSession();
    runner.json("storage-get", { kind: "filesystem", location: "/srv/data" });
    expect(await storageGet(session, "data", 0)).toEqual({ kind: "filesystem", location: "/srv/data" });
    expect(runner.argv()).toEqual([["storage-get", "--format=json", "-s", "data/0"]]);
  });

  it("storage-list: with and without a name", async () => {
    const { runner, session } = recordingSession();
    runner.json("storage-list", ["data/0", "data/1"]);
    expect(await storageList(session, "data")).toEqual(["data/0", "data/1"]);
    expect(await storageList(session)).toEqual(["data/0", "data/1"]);
    expect(runner.argv()).toEqual([
      ["storage-list", "--format=json", "data"],
      ["storage-list", "--format=json"],
    ]);
  });

  it("storage-add: `<name>=<count>`", async () => {
    const { runner, session } = recordingSession();
    await storageAdd(session, "data", 2);
    expect(runner.argv()).toEqual([["storage-add", "data=2"]]);
  });

  it("maps a usage error", async () => {
    const { runner, session } = recordingSession();
    runner.fail("storage-get", 'invalid storage ID "nope"', 2);
    await expect(storageGet(session, "nope", 0)).rejects.toBeInstanceOf(HookToolUsageError);
  });
});

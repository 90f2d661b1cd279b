import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CharmRuntimeError, InvalidKeyError, PermissionDeniedError, SecretNotFoundError } from "../errors.js";
import type { HookToolInvocation } from "./runner.js";
import { recordingSession } from "../test-support/recording-runner.js";
import {
  bareSecretId,
  formatExpire,
  secretAdd,
  secretGet,
  secretGrant,
  secretIds,
  secretInfoGet,
  secretRemove,
  secretRevoke,
  secretSet,
} from "./secrets.js";

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "secrets-test-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Reads the `key#file=` arguments while the tool "runs", as Juju would. */
function readFileArgs(invocation: HookToolInvocation): Record<string, { content: string; mode: number }> {
  const out: Record<string, { content: string; mode: number }> = {};
  for (const arg of invocation.args) {
    const match = /^([a-z0-9-]+)#file=(.+)$/.exec(arg);
    if (match)
      out[match[1]!] = { content: readFileSync(match[2]!, "utf8"), mode: statSync(match[2]!).mode & 0o777 };
  }
  return out;
}

describe("secret-add", () => {
  it("passes metadata flags, --owner and key#file= arguments; values only in 0600 files", async () => {
    const { runner, session } = recordingSession(tmp);
    let seen: Record<string, { content: string; mode: number }> = {};
    runner.on("secret-add", (inv) => {
      seen = readFileArgs(inv);
      return { stdout: "secret:cs2qfkbm1hbt0bbq1qf0\n" };
    });
    const id = await secretAdd(
      session,
      { password: "s3cr3t-value", "private-key": "-----BEGIN KEY-----" },
      {
        label: "db-password",
        description: "GARM database",
        expire: new Date("2030-01-02T03:04:05.678Z"),
        rotate: "monthly",
        owner: "application",
      },
    );
    expect(id).toBe("secret:cs2qfkbm1hbt0bbq1qf0");
    const [call] = runner.calls;
    expect(call!.args.slice(0, 10)).toEqual([
      "--label",
      "db-password",
      "--description",
      "GARM database",
      "--expire",
      "2030-01-02T03:04:05Z",
      "--rotate",
      "monthly",
      "--owner",
      "application",
    ]);
    expect(call!.args.slice(10).map((a) => a.replace(/=.*$/, "="))).toEqual([
      "password#file=",
      "private-key#file=",
    ]);
    expect(seen).toEqual({
      password: { content: "s3cr3t-value", mode: 0o600 },
      "private-key": { content: "-----BEGIN KEY-----", mode: 0o600 },
    });
    expect(JSON.stringify(runner.calls)).not.toContain("s3cr3t-value");
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("accepts the secret://<model-uuid>/<id> form and uses --owner unit", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.on("secret-add", { stdout: "secret://f00d/cs2qfkbm1hbt0bbq1qf0\n" });
    expect(await secretAdd(session, { token: "x" }, { owner: "unit" })).toBe(
      "secret://f00d/cs2qfkbm1hbt0bbq1qf0",
    );
    expect(runner.calls[0]!.args.slice(0, 2)).toEqual(["--owner", "unit"]);
  });

  it("deletes the value files when the tool fails", async () => {
    const { runner, session } = recordingSession(tmp);
    let paths: string[] = [];
    runner.on("secret-add", (inv) => {
      paths = inv.args.filter((a) => a.includes("#file=")).map((a) => a.slice(a.indexOf("=") + 1));
      return { exitCode: 1, stderr: "ERROR this unit is not the leader\n" };
    });
    await expect(secretAdd(session, { password: "v" }, { owner: "application" })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    expect(paths).toHaveLength(1);
    expect(existsSync(paths[0]!)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.each(["ab", "Password", "1abc", "a--b", "with_underscore", "trailing-"])(
    "rejects the key %s before running the tool",
    async (key) => {
      const { runner, session } = recordingSession(tmp);
      await expect(secretAdd(session, { [key]: "v" }, { owner: "unit" })).rejects.toBeInstanceOf(
        InvalidKeyError,
      );
      expect(runner.calls).toHaveLength(0);
    },
  );

  it("rejects empty content", async () => {
    const { session } = recordingSession(tmp);
    await expect(secretAdd(session, {}, { owner: "unit" })).rejects.toBeInstanceOf(InvalidKeyError);
  });
});

describe("secret-get", () => {
  it("runs `secret-get --format=json <id>` and caches the tracked content", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.json("secret-get", { password: "pw" });
    expect(await secretGet(session, { id: "secret:abc" })).toEqual({ password: "pw" });
    await secretGet(session, { id: "secret:abc" });
    expect(runner.argv()).toEqual([["secret-get", "--format=json", "secret:abc"]]);
  });

  it("passes --label, both id and label, --refresh and --peek", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.json("secret-get", { a: "b" });
    await secretGet(session, { label: "github-app" });
    await secretGet(session, { id: "secret:abc", label: "mine" });
    await secretGet(session, { id: "secret:abc" }, "refresh");
    await secretGet(session, { id: "secret:abc" }, "peek");
    expect(runner.argv()).toEqual([
      ["secret-get", "--format=json", "--label", "github-app"],
      ["secret-get", "--format=json", "secret:abc", "--label", "mine"],
      ["secret-get", "--format=json", "secret:abc", "--refresh"],
      ["secret-get", "--format=json", "secret:abc", "--peek"],
    ]);
  });

  it("refuses a lookup by neither id nor label before any tool runs (get and info-get)", async () => {
    const { runner, session } = recordingSession(tmp);
    for (const lookup of [secretGet(session, {}), secretInfoGet(session, {})]) {
      await expect(lookup).rejects.toBeInstanceOf(CharmRuntimeError);
      await expect(lookup).rejects.not.toBeInstanceOf(InvalidKeyError);
      await expect(lookup).rejects.toThrow("a secret is looked up by id, label or both; neither was given");
    }
    expect(runner.calls).toEqual([]);
  });

  it("maps `secret ... not found` to SecretNotFoundError", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.fail("secret-get", 'secret "abc" not found');
    await expect(secretGet(session, { id: "secret:abc" })).rejects.toBeInstanceOf(SecretNotFoundError);
  });
});

describe("secret-info-get", () => {
  const info = {
    cs2qfkbm1hbt0bbq1qf0: {
      revision: 3,
      label: "db-pw",
      owner: "application",
      description: "d",
      rotation: "monthly",
      expiry: "2025-01-01T00:00:00Z",
      rotates: "2024-12-01T00:00:00Z",
      access: [{ target: "application-cfg", scope: "relation-garm-configurator:7", role: "view" }],
    },
  };

  it("runs `secret-info-get --format=json <id>` and unwraps the bare-id map", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.json("secret-info-get", info);
    expect(await secretInfoGet(session, { id: "secret:cs2qfkbm1hbt0bbq1qf0" })).toEqual({
      id: "cs2qfkbm1hbt0bbq1qf0",
      revision: 3,
      label: "db-pw",
      owner: "application",
      description: "d",
      rotation: "monthly",
      expiry: "2025-01-01T00:00:00Z",
      rotates: "2024-12-01T00:00:00Z",
      access: [{ target: "application-cfg", scope: "relation-garm-configurator:7", role: "view" }],
    });
    expect(runner.argv()).toEqual([["secret-info-get", "--format=json", "secret:cs2qfkbm1hbt0bbq1qf0"]]);
  });

  it("looks up by label only (never both) and tolerates omitted fields", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.json("secret-info-get", { abc: { revision: 1, owner: "unit" } });
    expect(await secretInfoGet(session, { label: "db-pw" })).toMatchObject({
      id: "abc",
      label: undefined,
      owner: "unit",
      access: [],
    });
    expect(runner.argv()).toEqual([["secret-info-get", "--format=json", "--label", "db-pw"]]);
  });

  it("maps not found", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.fail("secret-info-get", 'secret "db-pw" not found');
    await expect(secretInfoGet(session, { label: "db-pw" })).rejects.toBeInstanceOf(SecretNotFoundError);
  });
});

describe("secret-set", () => {
  it("sends new content through files after the id", async () => {
    const { runner, session } = recordingSession(tmp);
    let seen: Record<string, { content: string; mode: number }> = {};
    runner.on("secret-set", (inv) => {
      seen = readFileArgs(inv);
      return {};
    });
    await secretSet(session, "secret:abc", { owner: "application", content: { password: "n3w-value" } });
    const args = runner.calls[0]!.args;
    expect(args.slice(0, 3)).toEqual(["--owner", "application", "secret:abc"]);
    expect(args[3]).toMatch(/^password#file=\//);
    expect(seen).toEqual({ password: { content: "n3w-value", mode: 0o600 } });
    expect(JSON.stringify(runner.calls)).not.toContain("n3w-value");
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("updates metadata only", async () => {
    const { runner, session } = recordingSession(tmp);
    await secretSet(session, "secret:abc", {
      owner: "unit",
      label: "l",
      description: "d",
      expire: "24h",
      rotate: "daily",
    });
    expect(runner.argv()).toEqual([
      [
        "secret-set",
        "--label",
        "l",
        "--description",
        "d",
        "--expire",
        "24h",
        "--rotate",
        "daily",
        "--owner",
        "unit",
        "secret:abc",
      ],
    ]);
  });

  it("invalidates cached secret reads", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.json("secret-get", { password: "old" });
    await secretGet(session, { id: "secret:abc" });
    await secretSet(session, "secret:abc", { owner: "application", content: { password: "new" } });
    await secretGet(session, { id: "secret:abc" });
    expect(runner.callsTo("secret-get")).toHaveLength(2);
  });
});

describe("secret-grant, secret-revoke, secret-remove, secret-ids", () => {
  it("builds the exact argv", async () => {
    const { runner, session } = recordingSession(tmp);
    await secretGrant(session, "secret:abc", 7);
    await secretGrant(session, "secret:abc", 7, "cfg/0");
    await secretRevoke(session, "secret:abc", 7);
    await secretRevoke(session, "secret:abc", 7, "cfg/0");
    await secretRemove(session, "secret:abc");
    await secretRemove(session, "secret:abc", 2);
    expect(runner.argv()).toEqual([
      ["secret-grant", "--relation", "7", "secret:abc"],
      ["secret-grant", "--relation", "7", "--unit", "cfg/0", "secret:abc"],
      ["secret-revoke", "--relation", "7", "secret:abc"],
      ["secret-revoke", "--relation", "7", "--unit", "cfg/0", "secret:abc"],
      ["secret-remove", "secret:abc"],
      ["secret-remove", "secret:abc", "--revision", "2"],
    ]);
  });

  it("a grant keeps every content read and other secrets' metadata, dropping only its secret's metadata", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.json("secret-get", { value: "v" });
    runner.on("secret-info-get", (call) => ({
      stdout: JSON.stringify({
        [call.args.includes("other") ? "cs2other" : "cs2abc"]: { revision: 1, owner: "application" },
      }),
    }));
    await secretGet(session, { id: "secret:cs2abc" }, "peek");
    await secretGet(session, { id: "secret:cs2other" }, "peek");
    await secretInfoGet(session, { label: "mine" });
    await secretInfoGet(session, { label: "other" });
    await secretGrant(session, "secret:cs2abc", 7, undefined, "mine");
    await secretGet(session, { id: "secret:cs2abc" }, "peek");
    await secretGet(session, { id: "secret:cs2other" }, "peek");
    await secretInfoGet(session, { label: "other" });
    await secretInfoGet(session, { label: "mine" });
    expect(runner.callsTo("secret-get")).toHaveLength(2);
    expect(runner.callsTo("secret-info-get").map((call) => call.args.at(-1))).toEqual([
      "mine",
      "other",
      "mine",
    ]);
  });

  it("maps a non-leader grant to PermissionDeniedError", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.fail("secret-grant", "permission denied");
    await expect(secretGrant(session, "secret:abc", 7)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("parses secret-ids, with null meaning none", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.on("secret-ids", { stdout: "null\n" });
    expect(await secretIds(session)).toEqual([]);
    expect(runner.argv()).toEqual([["secret-ids", "--format=json"]]);
    const other = recordingSession(tmp);
    other.runner.json("secret-ids", ["cs2a", "cs2b"]);
    expect(await secretIds(other.session)).toEqual(["cs2a", "cs2b"]);
  });
});

describe("helpers", () => {
  it("bareSecretId strips either URI form", () => {
    expect(bareSecretId("secret:abc")).toBe("abc");
    expect(bareSecretId("secret://f00d-1/abc")).toBe("abc");
    expect(bareSecretId("abc")).toBe("abc");
  });

  it("formatExpire gives RFC 3339 with Z and keeps strings", () => {
    expect(formatExpire(new Date(Date.UTC(2030, 0, 1)))).toBe("2030-01-01T00:00:00Z");
    expect(formatExpire("24h")).toBe("24h");
  });
});

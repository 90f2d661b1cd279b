import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CharmRuntimeError, InvalidKeyError, SecretNotFoundError } from "../errors.js";
import { testContext } from "../test-support/context.js";
import { canonicalSecretId, sameSecret } from "./secrets.js";

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "model-secrets-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const UUID = "f00d0000-0000-4000-8000-000000000001";

describe("addSecret", () => {
  it("adds an app-owned secret by default and returns a handle with id and label", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.on("secret-add", { stdout: "secret:cs2abc\n" });
    const secret = await ctx.addSecret({ password: "pw-value" }, { label: "admin", rotate: "never" });
    expect(secret.id).toBe("secret:cs2abc");
    expect(secret.label).toBe("admin");
    const args = runner.calls[0]!.args;
    expect(args.slice(0, 6)).toEqual(["--label", "admin", "--rotate", "never", "--owner", "application"]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("adds a unit-owned secret and uses --owner unit when setting content later", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.on("secret-add", { stdout: "secret:cs2abc\n" });
    const secret = await ctx.addSecret({ token: "t" }, { owner: "unit" });
    await secret.setContent({ token: "t2" });
    expect(runner.calls[0]!.args.slice(0, 2)).toEqual(["--owner", "unit"]);
    expect(runner.calls[1]!.args.slice(0, 3)).toEqual(["--owner", "unit", "secret:cs2abc"]);
  });

  it("validates keys before any tool runs", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    await expect(ctx.addSecret({ PW: "x" })).rejects.toBeInstanceOf(InvalidKeyError);
    expect(runner.calls).toEqual([]);
  });
});

describe("getSecret", () => {
  it("looks up by id (canonicalising a bare id) and reads the tracked content once", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-get", { password: "pw" });
    const secret = await ctx.getSecret({ id: "cs2abc" });
    expect(secret.id).toBe(`secret://${UUID}/cs2abc`);
    expect(await secret.getContent()).toEqual({ password: "pw" });
    expect(runner.argv()).toEqual([["secret-get", "--format=json", `secret://${UUID}/cs2abc`]]);
  });

  it("looks up by label, and by both (which sets the observer label)", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-get", { a: "b" });
    await ctx.getSecret({ label: "github-app" });
    await ctx.getSecret({ id: "secret:cs2abc", label: "mine" });
    expect(runner.argv()).toEqual([
      ["secret-get", "--format=json", "--label", "github-app"],
      ["secret-get", "--format=json", "secret:cs2abc", "--label", "mine"],
    ]);
  });

  it("throws SecretNotFoundError for a missing secret", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.fail("secret-get", 'secret "cs2abc" not found');
    await expect(ctx.getSecret({ id: "secret:cs2abc" })).rejects.toBeInstanceOf(SecretNotFoundError);
  });

  it("getContent passes --refresh or --peek, not both", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-get", { a: "b" });
    const secret = await ctx.getSecret({ id: "secret:cs2abc" });
    await secret.getContent({ peek: true });
    await secret.getContent({ refresh: true });
    await expect(secret.getContent({ peek: true, refresh: true })).rejects.toBeInstanceOf(CharmRuntimeError);
    expect(runner.argv().slice(1)).toEqual([
      ["secret-get", "--format=json", "secret:cs2abc", "--peek"],
      ["secret-get", "--format=json", "secret:cs2abc", "--refresh"],
    ]);
  });
});

describe("secret handle operations", () => {
  it("resolves a label-only handle's id with secret-info-get, then grants, revokes and removes", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-get", { a: "b" });
    runner.json("secret-info-get", { cs2abc: { revision: 2, owner: "application", label: "jwt" } });
    const secret = await ctx.getSecret({ label: "jwt" });
    await secret.grant({ id: 7 });
    await secret.grant(7, "cfg/0");
    await secret.revoke({ id: 7 }, "cfg/0");
    await secret.removeRevision(1);
    await secret.removeAll();
    const id = `secret://${UUID}/cs2abc`;
    expect(runner.argv().slice(1)).toEqual([
      ["secret-info-get", "--format=json", "--label", "jwt"],
      ["secret-grant", "--relation", "7", id],
      ["secret-grant", "--relation", "7", "--unit", "cfg/0", id],
      ["secret-revoke", "--relation", "7", "--unit", "cfg/0", id],
      ["secret-remove", id, "--revision", "1"],
      ["secret-remove", id],
    ]);
    expect(secret.is("secret:cs2abc")).toBe(true);
  });

  it("setInfo sends metadata only and requires a field", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-get", { a: "b" });
    const secret = await ctx.getSecret({ id: "secret:cs2abc" });
    await secret.setInfo({ label: "new", expire: new Date(Date.UTC(2031, 5, 1)) });
    expect(runner.argv()[1]).toEqual([
      "secret-set",
      "--label",
      "new",
      "--expire",
      "2031-06-01T00:00:00Z",
      "--owner",
      "application",
      "secret:cs2abc",
    ]);
    expect(secret.label).toBe("new");
    await expect(secret.setInfo({})).rejects.toBeInstanceOf(CharmRuntimeError);
  });

  it("info() reads secret-info-get by id", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-get", { a: "b" });
    runner.json("secret-info-get", { cs2abc: { revision: 4, owner: "unit" } });
    const secret = await ctx.getSecret({ id: "secret:cs2abc" });
    expect(await secret.info()).toMatchObject({ id: "cs2abc", revision: 4, owner: "unit" });
    expect(runner.argv()[1]).toEqual(["secret-info-get", "--format=json", "secret:cs2abc"]);
  });

  it("secretIds() lists owned secrets", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.on("secret-ids", { stdout: "null" });
    expect(await ctx.secretIds()).toEqual([]);
  });
});

describe("id helpers", () => {
  it("compare on the bare id", () => {
    expect(sameSecret("secret:abc", `secret://${UUID}/abc`)).toBe(true);
    expect(sameSecret("secret:abc", "secret:abd")).toBe(false);
    expect(canonicalSecretId("secret:abc", UUID)).toBe("secret:abc");
    expect(canonicalSecretId("abc", UUID)).toBe(`secret://${UUID}/abc`);
  });
});

describe("isGrantedTo", () => {
  const INFO = {
    cs2abc: {
      revision: 1,
      label: "db-pw",
      owner: "application",
      access: [{ target: "application-garm", scope: "relation-garm-configurator.x#garm.x", role: "view" }],
    },
  };

  it("reads the grants from the secret-info-get that found the secret: one call in all", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-info-get", INFO);
    const secret = await ctx.findOwnedSecret("db-pw");
    expect(await secret?.isGrantedTo("garm")).toBe(true);
    expect(await secret?.isGrantedTo("other-app")).toBe(false);
    expect(runner.argv()).toEqual([["secret-info-get", "--format=json", "--label", "db-pw"]]);
  });

  it("is false after the secret's grants changed in this hook, until read again", async () => {
    const { ctx, runner } = testContext({}, { tmpDir: tmp });
    runner.json("secret-info-get", INFO);
    const secret = await ctx.findOwnedSecret("db-pw");
    await secret?.revoke(7);
    runner.json("secret-info-get", { cs2abc: { revision: 1, label: "db-pw", owner: "application" } });
    expect(await secret?.isGrantedTo("garm")).toBe(false);
    expect(runner.calls.map((call) => call.tool)).toEqual([
      "secret-info-get",
      "secret-revoke",
      "secret-info-get",
    ]);
  });
});

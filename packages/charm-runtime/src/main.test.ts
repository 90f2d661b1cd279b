import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";

import { MissingEnvironmentError, RelationDataAccessError } from "./errors.js";
import type { HookToolInvocation } from "./hook-tools/runner.js";
import { main, readAhead, runCharm } from "./main.js";
import type { Charm } from "./main.js";
import { BASE_ENV } from "./test-support/context.js";
import { RecordingRunner } from "./test-support/recording-runner.js";

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "run-charm-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
  process.exitCode = undefined;
});

function options(runner: RecordingRunner, env: Record<string, string | undefined> = {}) {
  return {
    env: { ...BASE_ENV, ...env },
    hookTools: runner,
    tmpDir: tmp,
    pebbleSocketPath: (name: string) => `${tmp}/${name}.socket`,
  };
}

function logMessages(runner: RecordingRunner): string[] {
  return runner.callsTo("juju-log").map((c) => `${c.args[1]} ${c.args.slice(3).join(" ")}`);
}

describe("runCharm", () => {
  it("runs the charm with a typed context and flushes unawaited logs", async () => {
    const runner = new RecordingRunner();
    let seen = "";
    await runCharm((ctx) => {
      seen = `${ctx.event.kind} ${ctx.unit}`;
      void ctx.log.info("reconciled");
      return Promise.resolve();
    }, options(runner));
    expect(seen).toBe("config-changed garm/0");
    expect(logMessages(runner)).toEqual(["INFO reconciled"]);
  });

  it("logs the charm's error at ERROR through juju-log and rethrows it", async () => {
    const runner = new RecordingRunner();
    const boom = new Error("GARM answered 500");
    await expect(runCharm(() => Promise.reject(boom), options(runner))).rejects.toBe(boom);
    const [line] = logMessages(runner);
    expect(line).toMatch(/^ERROR Uncaught Error: GARM answered 500\n\s+at /);
    expect(runner.callsTo("action-fail")).toEqual([]);
  });

  it("fails an action whose charm threw with action-fail", async () => {
    const runner = new RecordingRunner();
    const env = { JUJU_DISPATCH_PATH: "actions/create-admin", JUJU_ACTION_UUID: "7" };
    await expect(runCharm(() => Promise.reject(new Error("no GARM")), options(runner, env))).rejects.toThrow(
      "no GARM",
    );
    expect(runner.argv().at(-1)).toEqual(["action-fail", "--", "Error: no GARM"]);
  });

  it("reports a broken environment through juju-log and throws the typed error", async () => {
    const runner = new RecordingRunner();
    const charm = vi.fn<Charm>();
    await expect(runCharm(charm, options(runner, { JUJU_DISPATCH_PATH: undefined }))).rejects.toBeInstanceOf(
      MissingEnvironmentError,
    );
    expect(charm).not.toHaveBeenCalled();
    expect(logMessages(runner)[0]).toContain("JUJU_DISPATCH_PATH");
  });
});

describe("readAhead", () => {
  it("starts the plan's reads before the charm is loaded, and the charm's reads come from them", async () => {
    const runner = new RecordingRunner().json("config-get", { name: "x" }).json("is-leader", true);
    const started = readAhead({ plan: { config: true, isLeader: true } }, options(runner));
    // The reads are under way before any charm code exists.
    expect(runner.argv()).toEqual([
      ["config-get", "--format=json"],
      ["is-leader", "--format=json"],
    ]);
    let seen: unknown;
    await runCharm(
      async (ctx) => {
        await ctx.prefetch({ config: true, isLeader: true });
        seen = [await ctx.isLeader(), await ctx.config(z.object({ name: z.string() }))];
      },
      { ...options(runner), started },
    );
    expect(seen).toEqual([true, { name: "x" }]);
    expect(runner.calls).toHaveLength(2);
  });

  it("starts nothing for an environment that is not a hook's, which main then reports", async () => {
    const runner = new RecordingRunner();
    const broken = options(runner, { JUJU_DISPATCH_PATH: undefined });
    const started = readAhead({ plan: { config: true } }, broken);
    expect(runner.calls).toEqual([]);
    await expect(runCharm(() => Promise.resolve(), { ...broken, started })).rejects.toBeInstanceOf(
      MissingEnvironmentError,
    );
    expect(logMessages(runner)[0]).toContain("JUJU_DISPATCH_PATH");
  });
});

describe("main", () => {
  it("sets exit code 1 when the hook fails and 0 when the charm succeeds", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const saved = { ...process.env };
    try {
      for (const key of Object.keys(BASE_ENV)) Reflect.deleteProperty(process.env, key);
      // No hook environment at all: the missing variable is reported and the exit code is 1.
      await main(() => Promise.resolve());
      expect(process.exitCode).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toContain("JUJU_DISPATCH_PATH");

      Object.assign(process.env, BASE_ENV);
      let ran = false;
      await main(() => {
        ran = true;
        return Promise.resolve();
      });
      expect(ran).toBe(true);
      expect(process.exitCode).toBe(0);
    } finally {
      stderr.mockRestore();
      for (const key of Object.keys(BASE_ENV)) Reflect.deleteProperty(process.env, key);
      Object.assign(process.env, saved);
    }
  });
});

describe("secret values never reach argv or logs", () => {
  it("keeps values given to secret-add, secret-set and relation-set out of every argv and log line", async () => {
    const values = [
      "s3cret-db-passw0rd",
      "ghp_app_private_key_material",
      "jwt-signing-secret-xyz",
      "relation-pw-42",
    ];
    const runner = new RecordingRunner();
    const fileContents: string[] = [];
    const recordFiles = (inv: HookToolInvocation) => {
      fileContents.push(...inv.args.filter((a) => a.includes("#file=")));
      return {};
    };
    runner.on("secret-add", (inv) => ({ ...recordFiles(inv), stdout: "secret:cs2secret\n" }));
    runner.on("secret-set", recordFiles);
    runner.json("is-leader", true);
    runner.json("relation-ids", ["garm-configurator:3"]);
    runner.on("relation-list", (inv) => ({
      stdout: JSON.stringify(inv.args.includes("--app") ? "cfg" : ["cfg/0"]),
    }));
    runner.json("relation-get", {});
    runner.fail("relation-set", "cannot write relation settings");
    const stderrLines: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderrLines.push(String(chunk));
      return true;
    });
    try {
      const charm: Charm = async (ctx) => {
        const secret = await ctx.addSecret(
          { password: values[0]!, "private-key": values[1]! },
          { label: "db" },
        );
        await secret.setContent({ password: values[2]! });
        const relation = (await ctx.relation("garm-configurator"))!;
        await expect(relation.remoteAppData.update({ password: values[3]! })).rejects.toBeInstanceOf(
          RelationDataAccessError,
        );
        await relation.localAppData.update({ password: values[3]! });
      };
      await expect(runCharm(charm, options(runner, { JUJU_DEBUG: "1" }))).rejects.toThrow(
        "cannot write relation",
      );
    } finally {
      stderr.mockRestore();
    }
    const relationSet = runner.callsTo("relation-set");
    expect(relationSet).toHaveLength(1);
    expect(relationSet[0]!.stdin).toContain(values[3]);
    expect(fileContents.length).toBe(3);
    const argvText = JSON.stringify(runner.argv());
    const logText = logMessages(runner).join("\n");
    expect(logText).toContain("PermissionDeniedError");
    for (const value of values) {
      expect(argvText).not.toContain(value);
      expect(logText).not.toContain(value);
      expect(stderrLines.join("")).not.toContain(value);
    }
  });
});

/**
 * The local model driven through its command line, one process per command, state on disk; the
 * charm is the shell-script stand-in, so these also prove that any charm following the contract runs.
 * Each describe builds one model and its steps run in order (a model is costly to set up).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalJuju } from "./test-support/cli.js";
import type { StatusDoc } from "./test-support/cli.js";

const hooksRun = (j: LocalJuju, unit: string): string[] =>
  j.charmLog(unit).flatMap((l) => /running (?:hooks|actions)\/(\S+)/.exec(l)?.[1] ?? []);

describe(
  "juju-local: deploy, config, integrate, failure, departure, leadership, actions, secrets",
  { timeout: 60_000 },
  () => {
    let j: LocalJuju;
    beforeAll(async () => {
      j = await LocalJuju.create();
      const charm = await j.packShellCharm();
      j.ok("deploy", charm, "a", "-n", "2");
      j.ok("deploy", charm, "b");
    }, 60_000);
    afterAll(() => j.remove());

    it("deploys in Juju's hook order, elects the first unit leader and reports status in Juju's shape", () => {
      expect(hooksRun(j, "a/0")).toEqual([
        "install",
        "cluster-relation-created",
        "leader-elected",
        "config-changed",
        "start",
        "cluster-relation-joined",
        "cluster-relation-changed",
      ]);
      expect(hooksRun(j, "a/1").slice(0, 3)).toEqual([
        "install",
        "cluster-relation-created",
        "leader-settings-changed",
      ]);
      const status = j.json<StatusDoc>("status");
      const a = status.applications["a"];
      expect(a?.units["a/0"]).toMatchObject({
        leader: true,
        "workload-status": { current: "active", message: "hello from a/0" },
        "juju-status": { current: "idle" },
      });
      expect(a?.units["a/1"]?.leader).toBeUndefined();
      expect(a?.relations["cluster"]).toEqual([
        { "related-application": "a", interface: "shell_cluster", scope: "global" },
      ]);
    });

    it("gets config as Juju's JSON and runs config-changed on every unit after a set", () => {
      const config = j.json<{ settings: Record<string, { value?: unknown; source: string }> }>("config", "a");
      expect(config.settings["greeting"]).toMatchObject({ value: "hello", source: "default" });
      j.ok("config", "a", "greeting=hey");
      expect(j.ok("config", "a", "greeting")).toBe("hey\n");
      const status = j.json<StatusDoc>("status");
      expect(status.applications["a"]?.units["a/1"]?.["workload-status"].message).toBe("hey from a/1");
    });

    it("integrates: created, joined and changed on both sides, and each side sees the other's data", () => {
      j.ok("integrate", "a:db", "b:served");
      const b = hooksRun(j, "b/0").filter((h) => h.startsWith("served-"));
      expect(b.slice(0, 3)).toEqual([
        "served-relation-created",
        "served-relation-joined",
        "served-relation-changed",
      ]);
      expect(b.filter((h) => h === "served-relation-joined")).toHaveLength(2);
      const unit = j.json<
        Record<
          string,
          {
            "relation-info": {
              endpoint: string;
              "related-units": Record<string, { data: Record<string, string> }>;
            }[];
          }
        >
      >("show-unit", "b/0");
      const served = unit["b/0"]?.["relation-info"].find((r) => r.endpoint === "served");
      expect(served?.["related-units"]["a/0"]?.data).toMatchObject({ greeting: "hey", unit: "a/0" });
      expect(served?.["related-units"]["a/1"]?.data).toMatchObject({ greeting: "hey", unit: "a/1" });
    });

    it("a failed hook leaves the unit in error, discards its relation writes and is not retried", () => {
      j.ok("config", "a", "greeting=fail");
      const status = j.json<StatusDoc>("status");
      expect(status.applications["a"]?.units["a/0"]?.["workload-status"]).toMatchObject({
        current: "error",
        message: 'hook failed: "config-changed"',
      });
      expect(status.applications["a"]?.units["a/0"]?.["juju-status"].current).toBe("error");
      const unit = j.json<
        Record<
          string,
          {
            "relation-info": {
              endpoint: string;
              "related-units": Record<string, { data: Record<string, string> }>;
            }[];
          }
        >
      >("show-unit", "b/0");
      const served = unit["b/0"]?.["relation-info"].find((r) => r.endpoint === "served");
      expect(served?.["related-units"]["a/0"]?.data["greeting"]).toBe("hey");
      const runs = hooksRun(j, "a/0").filter((h) => h === "config-changed").length;
      j.ok("status");
      expect(hooksRun(j, "a/0").filter((h) => h === "config-changed").length).toBe(runs);
    });

    it("resolve re-runs the failed hook, which now succeeds and commits", () => {
      j.ok("config", "a", "greeting=fixed");
      j.ok("resolve", "a/0");
      j.ok("resolved", "a/1");
      const status = j.json<StatusDoc>("status");
      expect(status.applications["a"]?.units["a/0"]?.["workload-status"]).toMatchObject({
        current: "active",
        message: "fixed from a/0",
      });
      const unit = j.json<
        Record<
          string,
          {
            "relation-info": {
              endpoint: string;
              "related-units": Record<string, { data: Record<string, string> }>;
            }[];
          }
        >
      >("show-unit", "b/0");
      expect(
        unit["b/0"]?.["relation-info"].find((r) => r.endpoint === "served")?.["related-units"]["a/0"]?.data[
          "greeting"
        ],
      ).toBe("fixed");
    });

    it("remove-relation runs departed for each remote unit, then broken", () => {
      j.ok("remove-relation", "a", "b");
      const log = j.charmLog("b/0").filter((l) => l.startsWith("served:"));
      const departed = log.findIndex((l) => l.includes("departed a/0 (departing a/0)"));
      const broken = log.findIndex((l) => l.includes("broken served:"));
      expect(departed).toBeGreaterThanOrEqual(0);
      expect(log.findIndex((l) => l.includes("departed a/1"))).toBeGreaterThanOrEqual(0);
      expect(broken).toBeGreaterThan(departed);
      // Juju keeps the departing remote unit's databag readable during its departed hook.
      expect(log.filter((l) => l.includes("departed a/")).join("\n")).not.toContain("unreadable");
      expect(j.json<StatusDoc>("status").applications["b"]?.relations["served"]).toBeUndefined();
    });

    it("removing the leader elects another unit, which runs leader-elected", () => {
      j.ok("remove-unit", "a/0", "--no-prompt");
      expect(hooksRun(j, "a/0").slice(-3)).toEqual(["cluster-relation-broken", "stop", "remove"]);
      // The leaving unit still reads the remote units it departs from (they stay in the relation).
      const leaving = j.charmLog("a/0").filter((l) => l.startsWith("cluster:") && l.includes("departed a/1"));
      expect(leaving.join("\n")).toMatch(/departed a\/1 \(departing a\/0\), its address: \d/);
      expect(hooksRun(j, "a/1")).toContain("leader-elected");
      const status = j.json<StatusDoc>("status");
      expect(Object.keys(status.applications["a"]?.units ?? {})).toEqual(["a/1"]);
      expect(status.applications["a"]?.units["a/1"]?.leader).toBe(true);
    });

    it("runs an action and prints the task as juju run --format=json does", () => {
      const out = j.json<Record<string, { status: string; results: Record<string, unknown>; id: string }>>(
        "run",
        "a/1",
        "echo",
        "message=yo",
      );
      expect(out["a/1"]).toMatchObject({
        status: "completed",
        results: { echoed: "yo", unit: "a/1", "return-code": 0 },
      });
      expect(j.juju("run", "a/1", "no-such-action").stderr).toContain('action "no-such-action" not defined');
    });

    it("adds, grants, reveals and revises a user secret; a unit tracking the old revision gets secret-changed", () => {
      const uri = j.ok("add-secret", "words", "word=alpha", "--info", "a word").trim();
      expect(uri).toMatch(/^secret:[0-9a-v]{20}$/);
      j.ok("grant-secret", "words", "b");
      j.ok("config", "b", `secret-uri=${uri}`);
      expect(j.json<StatusDoc>("status").applications["b"]?.units["b/0"]?.["workload-status"].message).toBe(
        "hello from b/0, secret says alpha",
      );
      j.ok("update-secret", "words", "word=beta");
      expect(hooksRun(j, "b/0").at(-1)).toBe("secret-changed");
      // The unit still tracks revision 1 until it refreshes, as in Juju.
      expect(j.json<StatusDoc>("status").applications["b"]?.units["b/0"]?.["workload-status"].message).toBe(
        "hello from b/0, secret says alpha",
      );
      const id = uri.slice("secret:".length);
      const shown = j.json<Record<string, unknown>>("show-secret", "words", "--reveal");
      expect(shown[id]).toMatchObject({
        revision: 2,
        name: "words",
        owner: "user",
        description: "a word",
        content: { Data: { word: "beta" } },
      });
      expect(Object.keys(j.json("secrets"))).toEqual([id]);
    });
  },
);

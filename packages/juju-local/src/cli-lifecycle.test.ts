/**
 * The rest of the command line, driven as a user drives it (one process per command, state on
 * disk), with the shell-script charm: config --reset, refresh --path, model-config's
 * update-status interval, debug-log's filters and remove-application.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalJuju } from "./test-support/cli.js";
import type { StatusDoc } from "./test-support/cli.js";

const hooksRun = (j: LocalJuju, unit: string): string[] =>
  j.charmLog(unit).flatMap((l) => /running hooks\/(\S+)/.exec(l)?.[1] ?? []);

const message = (j: LocalJuju, app: string, unit: string): string | undefined =>
  j.json<StatusDoc>("status").applications[app]?.units[unit]?.["workload-status"].message;

describe(
  "juju-local: config --reset, refresh, update-status, debug-log, remove-application",
  { timeout: 60_000 },
  () => {
    let j: LocalJuju;
    let charm: string;
    beforeAll(async () => {
      j = await LocalJuju.create();
      charm = await j.packShellCharm();
      j.ok("deploy", charm, "a", "--config", "greeting=hi");
      j.ok("deploy", charm, "b");
    }, 60_000);
    afterAll(() => j.remove());

    it("config --reset returns an option to its default and runs config-changed", () => {
      expect(message(j, "a", "a/0")).toBe("hi from a/0");
      const before = hooksRun(j, "a/0").length;
      j.ok("config", "a", "--reset", "greeting");
      expect(j.ok("config", "a", "greeting")).toBe("hello\n");
      expect(hooksRun(j, "a/0").slice(before)).toEqual(["config-changed"]);
      expect(message(j, "a", "a/0")).toBe("hello from a/0");
    });

    it("refresh --path runs upgrade-charm, then config-changed and start, and bumps the revision", () => {
      const before = hooksRun(j, "a/0").length;
      j.ok("refresh", "a", "--path", charm);
      expect(hooksRun(j, "a/0").slice(before)).toEqual(["upgrade-charm", "config-changed", "start"]);
      expect(j.json<StatusDoc>("status").applications["a"]?.["charm-rev"]).toBe(1);
    });

    it("update-status runs on every unit once the model's interval has passed, not before", async () => {
      const before = hooksRun(j, "b/0").filter((h) => h === "update-status").length;
      j.ok("model-config", "update-status-hook-interval=1h");
      j.ok("wait-for-idle");
      expect(hooksRun(j, "b/0").filter((h) => h === "update-status")).toHaveLength(before);
      j.ok("model-config", "update-status-hook-interval=1s");
      expect(j.ok("model-config")).toContain("update-status-hook-interval: 1s");
      await new Promise((resolve) => setTimeout(resolve, 1100));
      j.ok("wait-for-idle");
      expect(hooksRun(j, "b/0").filter((h) => h === "update-status").length).toBeGreaterThan(before);
      expect(hooksRun(j, "a/0")).toContain("update-status");
      j.ok("model-config", "update-status-hook-interval=1h");
    });

    it("debug-log filters by entity and level, and --limit keeps the last lines", () => {
      const onlyB = j.ok("debug-log", "--replay", "--no-tail", "--include", "b/0").trim().split("\n");
      expect(onlyB.length).toBeGreaterThan(0);
      expect(onlyB.every((l) => l.startsWith("unit-b-0:"))).toBe(true);
      const warnings = j.ok("debug-log", "--replay", "--no-tail", "--level", "WARNING");
      expect(warnings).not.toContain(" INFO ");
      const last = j.ok("debug-log", "--replay", "--no-tail", "--limit", "2").trim().split("\n");
      expect(last).toHaveLength(2);
    });

    it("remove-application runs stop and remove on its units and drops it from status", () => {
      j.ok("remove-application", "b", "--no-prompt");
      expect(hooksRun(j, "b/0").slice(-2)).toEqual(["stop", "remove"]);
      const status = j.json<StatusDoc>("status");
      expect(Object.keys(status.applications)).toEqual(["a"]);
    });
  },
);

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { describe, expect, it, vi } from "vitest";
import * as z from "zod";

import { dispatchLazily, mustLoad } from "./dispatch-entry.js";
import type { EventFilterSpec } from "./event-filter.js";

const OBSERVED: EventFilterSpec = {
  kinds: ["install", "config-changed", "secret-changed", "action"],
  relations: { endpoints: ["db"], kinds: ["relation-changed"] },
  containers: { names: ["web"], kinds: ["pebble-ready"] },
};

const hook = (path: string, extra: Record<string, string> = {}) => ({ JUJU_DISPATCH_PATH: path, ...extra });

describe("the lazy dispatch entry", () => {
  it.each([
    ["hooks/install", {}, true],
    ["hooks/update-status", {}, false],
    ["hooks/secret-changed", {}, true],
    ["hooks/secret-remove", {}, false],
    ["hooks/db-relation-changed", { JUJU_RELATION: "db" }, true],
    ["hooks/db-relation-joined", { JUJU_RELATION: "db" }, false],
    ["hooks/cache-relation-changed", { JUJU_RELATION: "cache" }, false],
    ["hooks/web-pebble-ready", { JUJU_WORKLOAD_NAME: "web" }, true],
    ["hooks/web-pebble-custom-notice", { JUJU_WORKLOAD_NAME: "web" }, false],
    ["hooks/side-pebble-ready", { JUJU_WORKLOAD_NAME: "side" }, false],
    ["hooks/data-storage-attached", { JUJU_STORAGE_ID: "data/0" }, false],
    ["actions/backup", {}, true],
  ])("%s %j: load the charm = %s", (path, extra, expected) => {
    expect(mustLoad(OBSERVED, hook(path, extra))).toBe(expected);
  });

  it("loads the charm when the environment is not a hook's, so the runtime reports it", () => {
    expect(mustLoad(OBSERVED, {})).toBe(true);
    expect(mustLoad({}, { JUJU_DISPATCH_PATH: "hooks/" })).toBe(true);
  });

  it("exits without running the charm for an ignored hook", async () => {
    const run = vi.fn(() => Promise.resolve());
    await dispatchLazily(OBSERVED, run, { env: hook("hooks/update-status") });
    expect(run).not.toHaveBeenCalled();
    await dispatchLazily(OBSERVED, run, { env: hook("hooks/install") });
    expect(run).toHaveBeenCalledOnce();
  });

  it("turns zod's compiled parsers off before the charm loads: a hook parses each schema about once", async () => {
    let jitlessWhenLoading: boolean | undefined;
    await dispatchLazily(
      OBSERVED,
      () => {
        jitlessWhenLoading = z.config().jitless;
        return Promise.resolve();
      },
      { env: hook("hooks/install") },
    );
    expect(jitlessWhenLoading).toBe(true);
  });

  it("starts the read-ahead only for the events whose hooks make those reads, not for an action", async () => {
    const plan = {};
    const readAhead = { plan, on: { kinds: ["install"] } } satisfies { plan: object; on: EventFilterSpec };
    const starts: unknown[] = [];
    const record = (start: unknown) => {
      starts.push(start);
      return Promise.resolve();
    };
    await dispatchLazily(OBSERVED, record, { env: hook("hooks/install"), readAhead });
    await dispatchLazily(OBSERVED, record, {
      env: hook("actions/backup", { JUJU_ACTION_UUID: "1" }),
      readAhead,
    });
    expect(starts).toEqual([{ plan, hookTools: expect.any(Object) as unknown }, {}]);
  });

  it("exitWhenDone: exits with the code main set once the hook is done, or 1 with the stack when loading failed", () => {
    const module = fileURLToPath(new URL("./dispatch-entry.ts", import.meta.url));
    const run = (body: string) =>
      spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          `const { exitWhenDone } = await import(${JSON.stringify(module)});\n${body}`,
        ],
        { encoding: "utf8" },
      );
    // A timer that would keep Node alive for a minute: the exit does not wait for it.
    const done = run(
      "setTimeout(() => undefined, 60_000); process.exitCode = 3; exitWhenDone(Promise.resolve());",
    );
    expect([done.status, done.stderr]).toEqual([3, ""]);
    const failed = run('exitWhenDone(Promise.reject(new Error("cannot load the charm")));');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^Error: cannot load the charm\n\s+at /);
  });
});

/** Configuration files and objects for this package's tests. */
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN } from "./garm-harness.js";

export const PLANNER_TOKEN = "q0E8mYvZ1k3rT6wXb9pLs2dF5hJ7nC4aG0uV8iO3eR1";

/** A configuration file's JSON with test-friendly timings; `overrides` replace top-level keys. */
export function configJson(
  garmUrl: string,
  plannerUrl: string | null,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    garm: { url: garmUrl, username: ADMIN.username, password: ADMIN.password },
    planner: plannerUrl === null ? null : { url: plannerUrl, token: PLANNER_TOKEN },
    reconcile_interval_minutes: 5,
    put_min_interval_s: 0.1,
    assigned_poll_s: 0.1,
    stream: { idle_timeout_s: 300, backoff_initial_s: 0.2, backoff_max_s: 2 },
    metrics: { host: "127.0.0.1", port: 0 },
    scalesets: [{ name: "ss-small", flavor: "ss-small" }],
    ...overrides,
  };
}

export interface TempConfig {
  readonly path: string;
  write(value: unknown, mode?: number): Promise<void>;
  remove(): Promise<void>;
}

export async function tempConfig(): Promise<TempConfig> {
  const dir = await mkdtemp(join(tmpdir(), "pressure-reconciler-"));
  const path = join(dir, "config.json");
  return {
    path,
    write: async (value, mode = 0o600) => {
      await writeFile(path, typeof value === "string" ? value : JSON.stringify(value), { mode });
      await chmod(path, mode);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

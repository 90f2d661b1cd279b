import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, readConfigFile } from "./config.js";
import { ConfigError } from "./errors.js";
import { configJson, PLANNER_TOKEN, tempConfig } from "./test-support/config.js";
import type { TempConfig } from "./test-support/config.js";
import { ADMIN } from "./test-support/garm-harness.js";

let file: TempConfig | undefined;
afterEach(async () => {
  await file?.remove();
  file = undefined;
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("readConfigFile", () => {
  it("reads a 0600 file into the typed configuration, with the defaults", async () => {
    file = await tempConfig();
    await file.write({
      garm: { url: "http://127.0.0.1:9997", username: "admin", password: "pw" },
      planner: { url: "http://planner/p", token: "t" },
      scalesets: [{ name: "ss", flavor: "ss", min_pressure: 2, min_idle_floor: 1 }],
    });
    const config = await readConfigFile(file.path);
    expect(config).toMatchObject({
      planner: { url: "http://planner/p", token: "t" },
      reconcileIntervalMs: 300_000,
      putMinIntervalMs: 5000,
      stream: { idleTimeoutMs: 300_000, backoffInitialMs: 1000, backoffMaxMs: 60_000 },
      metrics: { host: "0.0.0.0", port: 9464 },
      scaleSets: [
        {
          name: "ss",
          flavor: "ss",
          minPressure: 2,
          maxPressure: 0,
          minIdleFloor: 1,
          mode: "subtract-assigned",
        },
      ],
    });
  });

  it("refuses a file others can read, in one line", async () => {
    file = await tempConfig();
    await file.write(configJson("http://127.0.0.1:1", null), 0o644);
    const message = await refusal(readConfigFile(file.path));
    expect(message).toBe(`${file.path}: mode 0644 lets others read the secrets it holds; it must be 0600`);
  });

  it("refuses a file that is not JSON without quoting it (it may hold a secret)", async () => {
    file = await tempConfig();
    await file.write(`{"garm": {"password": "${ADMIN.password}"`);
    const message = await refusal(readConfigFile(file.path));
    expect(message).toBe(`${file.path}: the configuration is not valid JSON`);
  });

  it("refuses invalid content in one line naming the field, never a value", async () => {
    file = await tempConfig();
    await file.write(configJson("http://127.0.0.1:1", "http://planner", { put_min_interval_s: -1 }));
    const message = await refusal(readConfigFile(file.path));
    expect(message).not.toContain("\n");
    expect(message).toContain("put_min_interval_s");
    expect(message).not.toContain(ADMIN.password);
    expect(message).not.toContain(PLANNER_TOKEN);
  });

  it("refuses a missing file", async () => {
    expect(await refusal(readConfigFile("/nonexistent/config.json"))).toBe(
      "/nonexistent/config.json: cannot read the configuration file (ENOENT)",
    );
  });
});

describe("parseConfig", () => {
  const base = configJson("http://127.0.0.1:1", "http://planner");

  it("test_build_pressure_reconciler_no_planner_config: planner null is no-planner mode", () => {
    expect(parseConfig({ ...base, planner: null }, "f").planner).toBeNull();
  });

  it.each([
    ["url_without_token", { url: "http://planner" }],
    ["token_without_url", { token: "t" }],
  ])("test_build_pressure_reconciler_partial_planner_config_raises[%s]", (_case, planner) => {
    expect(() => parseConfig({ ...base, planner }, "f")).toThrow(/partial planner configuration/);
  });

  it("refuses two scale sets with one flavor", () => {
    const scalesets = [
      { name: "a", flavor: "same" },
      { name: "b", flavor: "same" },
    ];
    expect(() => parseConfig({ ...base, scalesets }, "f")).toThrow(/scale set flavor "same" is listed twice/);
  });

  it("refuses unknown keys (a typo must not be silently ignored)", () => {
    expect(() => parseConfig({ ...base, reconcile_interval: 5 }, "f")).toThrow(/reconcile_interval/);
  });
});

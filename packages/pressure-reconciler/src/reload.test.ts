import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
import type { Config } from "./config.js";
import { ManualClock } from "./core/manual-clock.js";
import { memoryLogger } from "./logger.js";
import { ConfigReloader } from "./reload.js";
import { configJson, tempConfig } from "./test-support/config.js";
import type { TempConfig } from "./test-support/config.js";

let file: TempConfig | undefined;
afterEach(async () => {
  await file?.remove();
  file = undefined;
});

async function setup() {
  file = await tempConfig();
  const json = configJson("http://127.0.0.1:1", "http://planner");
  await file.write(json);
  const applied: Config[] = [];
  const log = memoryLogger();
  const clock = new ManualClock();
  const reloader = new ConfigReloader({
    path: file.path,
    initial: parseConfig(json, file.path),
    apply: async (c) => {
      applied.push(c);
    },
    log,
    clock,
  });
  return { file, json, applied, log, clock, reloader };
}

describe("ConfigReloader", () => {
  it("applies a changed file after the debounce, once for a burst of triggers", async () => {
    const s = await setup();
    await s.file.write({ ...s.json, put_min_interval_s: 7 });
    s.reloader.trigger("a");
    s.reloader.trigger("b");
    s.clock.advance(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.applied.map((c) => c.putMinIntervalMs)).toEqual([7000]);
  });

  it("does nothing when the content is unchanged", async () => {
    const s = await setup();
    await s.reloader.reloadNow("SIGHUP");
    expect(s.applied).toEqual([]);
  });

  it("keeps the last good configuration when the new file has the wrong mode", async () => {
    const s = await setup();
    await s.file.write({ ...s.json, put_min_interval_s: 7 }, 0o640);
    await s.reloader.reloadNow("SIGHUP");
    expect(s.applied).toEqual([]);
    expect(s.reloader.current.putMinIntervalMs).toBe(100);
    expect(s.log.lines).toEqual([
      `error ${s.file.path}: mode 0640 lets others read the secrets it holds; it must be 0600; keeping the last good configuration reason=SIGHUP`,
    ]);
  });

  it("keeps the last good configuration when the new content is invalid", async () => {
    const s = await setup();
    await s.file.write({ ...s.json, scalesets: "none" });
    await s.reloader.reloadNow("SIGHUP");
    expect(s.applied).toEqual([]);
    expect(s.log.lines[0]).toMatch(
      /^error .*invalid configuration: .*scalesets.*keeping the last good configuration/,
    );
  });
});

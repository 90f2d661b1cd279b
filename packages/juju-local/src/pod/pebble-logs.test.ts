import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { JujuLocalError } from "../errors.js";
import { pebbleLogs } from "./pebble-logs.js";

describe("pebble logs, from the container's service log files", () => {
  const dir = mkdtempSync(join(tmpdir(), "pebble-logs-"));
  mkdirSync(join(dir, "logs"));
  writeFileSync(join(dir, "logs", "garm.log"), "one\ntwo\nthree\n");
  writeFileSync(join(dir, "logs", "other.log"), "x\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const socket = join(dir, "pebble.socket");

  it("prints the last lines of the services named, each tagged [service] as pebble does", () => {
    expect(pebbleLogs(socket, ["garm", "-n", "2"])).toBe("[garm] two\n[garm] three\n");
    expect(pebbleLogs(socket, ["-n=all", "garm"])).toBe("[garm] one\n[garm] two\n[garm] three\n");
  });

  it("prints every service's lines when none is named, 30 by default", () => {
    expect(pebbleLogs(socket, [])).toBe("[garm] one\n[garm] two\n[garm] three\n[other] x\n");
  });

  it("refuses an unknown service, a bad -n and --follow with a message naming them", () => {
    expect(() => pebbleLogs(socket, ["nope"])).toThrow(JujuLocalError);
    expect(() => pebbleLogs(socket, ["nope"])).toThrow('cannot find service "nope"');
    expect(() => pebbleLogs(socket, ["-n", "x"])).toThrow('expected a number or "all" after -n, got "x"');
    expect(() => pebbleLogs(socket, ["-f"])).toThrow("--follow");
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CONTAINER_ROOT_VARIABLE,
  CommandError,
  containerProcess,
  splitCommand,
} from "./container-command.js";
import { parseDuration } from "./host-services.js";

describe("a container command, as Pebble splits and the stand-in resolves it", () => {
  const root = mkdtempSync(join(tmpdir(), "container-root-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("splits shell-like: quotes, escapes, Pebble's [ default args ] brackets", () => {
    expect(splitCommand(`/usr/local/bin/garm --config /etc/garm/config.toml`)).toEqual([
      "/usr/local/bin/garm",
      "--config",
      "/etc/garm/config.toml",
    ]);
    expect(splitCommand(`sh -c 'echo up $X; sleep 1' "a \\"b\\"" c\\ d [ --x ]`)).toEqual([
      "sh",
      "-c",
      "echo up $X; sleep 1",
      'a "b"',
      "c d",
      "--x",
    ]);
    expect(() => splitCommand(`sh -c 'oops`)).toThrow(CommandError);
  });

  it("resolves an absolute argv[0] under the root and gives the process the root", () => {
    mkdirSync(join(root, "usr/local/bin"), { recursive: true });
    writeFileSync(join(root, "usr/local/bin/app"), "#!/bin/sh\n", { mode: 0o755 });
    const proc = containerProcess(root, ["/usr/local/bin/app", "--x"], { env: { A: "1" } });
    expect(proc).toMatchObject({ file: join(root, "usr/local/bin/app"), args: ["--x"], cwd: root });
    expect(proc.env).toMatchObject({ A: "1", [CONTAINER_ROOT_VARIABLE]: root });
    expect(() => containerProcess(root, ["/usr/bin/missing"])).toThrow(
      'cannot find executable "/usr/bin/missing"',
    );
  });

  it("reads Go durations for the backoff settings", () => {
    expect(parseDuration("500ms", 1)).toBe(500);
    expect(parseDuration("1m30s", 1)).toBe(90_000);
    expect(parseDuration("soon", 7)).toBe(7);
    expect(parseDuration(undefined, 7)).toBe(7);
  });
});

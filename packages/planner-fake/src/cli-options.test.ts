import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli-options.js";
import type { CliOptions } from "./cli-options.js";

async function tokenFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "planner-fake-"));
  const path = join(dir, "token");
  await writeFile(path, content);
  return path;
}

const base = { port: "0", host: "127.0.0.1", flavor: [], heartbeatMs: "30000" };

describe("planner-fake command line", () => {
  it("reads the token from its file, trimmed, and parses flavors with optional pressures", async () => {
    const cli: CliOptions = {
      ...base,
      tokenFile: await tokenFile("s3cret\n"),
      prefix: "/planner",
      flavor: ["small=3", "large"],
    };
    expect(await parseCliOptions(cli)).toEqual({
      port: 0,
      host: "127.0.0.1",
      token: "s3cret",
      prefix: "/planner",
      flavors: [{ name: "small", pressure: 3 }, { name: "large" }],
      heartbeatMs: 30_000,
    });
  });

  it("names an unreadable or empty token file without printing its content", async () => {
    await expect(parseCliOptions({ ...base, tokenFile: "/nonexistent/token" })).rejects.toThrow(
      "cannot read the token file /nonexistent/token (ENOENT)",
    );
    await expect(parseCliOptions({ ...base, tokenFile: await tokenFile(" \n") })).rejects.toThrow(/is empty/);
  });

  it("rejects a bad port, heartbeat or flavor", async () => {
    const tokenPath = await tokenFile("t");
    await expect(parseCliOptions({ ...base, tokenFile: tokenPath, port: "70000" })).rejects.toThrow(
      "--port 70000",
    );
    await expect(parseCliOptions({ ...base, tokenFile: tokenPath, heartbeatMs: "0" })).rejects.toThrow(
      "--heartbeat-ms",
    );
    await expect(parseCliOptions({ ...base, tokenFile: tokenPath, flavor: ["a=-1"] })).rejects.toThrow(
      "--flavor a=-1",
    );
  });
});

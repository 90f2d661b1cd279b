/**
 * Real executables for tests that must go through process spawning (argv limits are the kernel's,
 * not the fake's): each tool is a small node script on a temp PATH that appends its argv to a file.
 */
import { appendFile, chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

import * as z from "zod";

const recordedCall = z.object({ tool: z.string(), args: z.array(z.string()) });

export interface RecordedCall {
  readonly tool: string;
  readonly args: readonly string[];
}

export interface RecordedTools {
  /** The hook environment with the tools' directory first on PATH. */
  readonly env: NodeJS.ProcessEnv;
  calls(): Promise<RecordedCall[]>;
  remove(): Promise<void>;
}

export async function recordedTools(names: readonly string[]): Promise<RecordedTools> {
  const dir = await mkdtemp(join(tmpdir(), "hook-tools-"));
  const log = join(dir, "calls.jsonl");
  await appendFile(log, "");
  for (const name of names) {
    const script = [
      `#!${process.execPath}`,
      `require("node:fs").appendFileSync(${JSON.stringify(log)},`,
      `  JSON.stringify({ tool: ${JSON.stringify(name)}, args: process.argv.slice(2) }) + "\\n");`,
      "",
    ].join("\n");
    const path = join(dir, name);
    await writeFile(path, script);
    await chmod(path, 0o755);
  }
  return {
    env: { ...process.env, PATH: `${dir}${delimiter}${process.env["PATH"] ?? ""}` },
    async calls() {
      const text = await readFile(log, "utf8");
      return text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => recordedCall.parse(JSON.parse(line)));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

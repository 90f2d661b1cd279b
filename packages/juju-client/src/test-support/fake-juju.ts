/**
 * A `juju` stand-in for tests: an executable that records each call (argv, and the content and
 * mode of any file passed with `--file` or `--params`, which the client deletes afterwards) and
 * answers with canned output per command. Canned answers for a command are used in order; the
 * last one repeats (so a status can go waiting, then active, then stay active).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as z from "zod";

export interface CannedAnswer {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
}

const callSchema = z.object({
  argv: z.array(z.string()),
  files: z.record(z.string(), z.object({ content: z.string(), mode: z.number() })),
});
export type RecordedCall = z.infer<typeof callSchema>;

/** The fake itself, in CommonJS (an extension-less file); it reads its state dir from argv[1]'s dir. */
const FAKE_SOURCE = String.raw`
const fs = require("node:fs");
const path = require("node:path");
const state = path.join(path.dirname(process.argv[1]), "..", "state");
const argv = process.argv.slice(2);
const files = {};
argv.forEach((arg, i) => {
  if ((arg === "--file" || arg === "--params") && argv[i + 1] !== undefined && fs.existsSync(argv[i + 1])) {
    const file = argv[i + 1];
    files[file] = { content: fs.readFileSync(file, "utf8"), mode: fs.statSync(file).mode & 0o777 };
  }
});
fs.appendFileSync(path.join(state, "calls.jsonl"), JSON.stringify({ argv, files }) + "\n");
const command = argv[0] ?? "";
const answers = path.join(state, "answers", command + ".json");
let answer = {};
if (fs.existsSync(answers)) {
  const list = JSON.parse(fs.readFileSync(answers, "utf8"));
  const counter = path.join(state, "answers", command + ".count");
  const n = fs.existsSync(counter) ? Number(fs.readFileSync(counter, "utf8")) : 0;
  fs.writeFileSync(counter, String(n + 1));
  answer = list[Math.min(n, list.length - 1)] ?? {};
}
process.stdout.write(answer.stdout ?? "");
process.stderr.write(answer.stderr ?? "");
process.exitCode = answer.code ?? 0;
`;

export class FakeJuju {
  readonly root = mkdtempSync(join(tmpdir(), "fake-juju-"));
  /** The directory holding the `juju` executable: put it first on PATH. */
  readonly binDir = join(this.root, "bin");
  readonly binary = join(this.binDir, "juju");
  private readonly state = join(this.root, "state");

  constructor() {
    mkdirSync(this.binDir);
    mkdirSync(join(this.state, "answers"), { recursive: true });
    writeFileSync(this.binary, `#!${process.execPath}\n${FAKE_SOURCE}`);
    chmodSync(this.binary, 0o755);
  }

  /** Canned answers to `juju <command> ...`, used in order, the last one repeated. */
  answer(command: string, ...answers: CannedAnswer[]): this {
    writeFileSync(join(this.state, "answers", `${command}.json`), JSON.stringify(answers));
    rmSync(join(this.state, "answers", `${command}.count`), { force: true });
    return this;
  }

  calls(): RecordedCall[] {
    const file = join(this.state, "calls.jsonl");
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => callSchema.parse(JSON.parse(line)));
  }

  /** Each call's argv, with file paths (random temp names) replaced by `<file>`. */
  commands(): string[][] {
    return this.calls().map((call) => call.argv.map((arg) => (arg in call.files ? "<file>" : arg)));
  }

  /** PATH with the fake first. */
  path(): string {
    return `${this.binDir}:${process.env["PATH"] ?? ""}`;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A minimal `juju status --format=json` document: each application with its units' statuses. */
export function statusJson(
  apps: Readonly<
    Record<
      string,
      { status: string; message?: string; units?: Readonly<Record<string, string>>; agent?: string }
    >
  >,
): string {
  const applications = Object.fromEntries(
    Object.entries(apps).map(([name, app]) => [
      name,
      {
        charm: `local:${name}-0`,
        "charm-rev": 0,
        scale: Object.keys(app.units ?? {}).length,
        "application-status": {
          current: app.status,
          ...(app.message === undefined ? {} : { message: app.message }),
        },
        relations: {},
        units: Object.fromEntries(
          Object.entries(app.units ?? {}).map(([unit, workload]) => [
            unit,
            { "workload-status": { current: workload }, "juju-status": { current: app.agent ?? "idle" } },
          ]),
        ),
      },
    ]),
  );
  return JSON.stringify({ model: { name: "fake" }, applications });
}

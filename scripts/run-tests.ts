/**
 * Runs the vitest suites and ends with one plain summary line, `tests: N passed, N failed, N skipped`,
 * so CI logs say at a glance what ran. The exit code is the first failing run's.
 *
 * With no `--project` argument it runs in two phases: `unit` and `integration` together, then
 * `deploy` alone. The deploy files run whole local Juju models whose charms fix their ports
 * (GARM's 8080), so they must never run beside the other projects' files.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as z from "zod";

const report = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
});

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface PhaseResult {
  status: number;
  counts: Counts | undefined;
}

function runPhase(dir: string, name: string, args: readonly string[]): PhaseResult {
  const reportFile = join(dir, `${name}.json`);
  const result = spawnSync(
    "vitest",
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...args],
    { stdio: "inherit" },
  );
  let counts: Counts | undefined;
  try {
    const r = report.parse(JSON.parse(readFileSync(reportFile, "utf8")));
    counts = {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    };
  } catch {
    // no report: vitest failed before running tests
  }
  return { status: result.status ?? 1, counts };
}

function phases(args: readonly string[]): [string, string[]][] {
  if (args.some((a) => a === "--project" || a.startsWith("--project="))) return [["run", [...args]]];
  // A file filter may match files of one phase only: the other then finds none, which is fine.
  return [
    ["unit-integration", ["--project", "unit", "--project", "integration", "--passWithNoTests", ...args]],
    ["deploy", ["--project", "deploy", "--passWithNoTests", ...args]],
  ];
}

const dir = mkdtempSync(join(tmpdir(), "garm-charms-tests-"));
try {
  const results = phases(process.argv.slice(2)).map(([name, args]) => runPhase(dir, name, args));
  const missing = results.some((r) => r.counts === undefined);
  const total = results.reduce<Counts>(
    (sum, r) => ({
      passed: sum.passed + (r.counts?.passed ?? 0),
      failed: sum.failed + (r.counts?.failed ?? 0),
      skipped: sum.skipped + (r.counts?.skipped ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const note = missing ? " (a run wrote no report: vitest failed before running its tests)" : "";
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped${note}`);
  process.exitCode = results.find((r) => r.status !== 0)?.status ?? 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BOOTSTRAP = resolve(import.meta.dirname, "../../scripts/bootstrap.sh");
const elsewhere = mkdtempSync(join(tmpdir(), "bootstrap-caller-"));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

/** Runs `script` in bash from a directory outside the repository; returns its stdout. */
function bash(script: string): string {
  return execFileSync("bash", ["-c", script], { cwd: elsewhere, encoding: "utf8", env: process.env });
}

describe("scripts/bootstrap.sh", () => {
  it("sourced from another directory: finds the repository and leaves the caller's directory and options alone", () => {
    const out = bash(
      `set +e +u; set +o pipefail; source "${BOOTSTRAP}"; echo "rc=$?"; pwd; echo "opts=$-"; shopt -qo pipefail && echo pipefail-on || echo pipefail-off`,
    );
    expect(out.split("\n")).toEqual([
      "rc=0",
      elsewhere,
      expect.not.stringMatching(/[eu]/),
      "pipefail-off",
      "",
    ]);
  });

  it("sourced by a strict caller: keeps the caller's set -euo pipefail", () => {
    const out = bash(
      `set -euo pipefail; source "${BOOTSTRAP}"; echo "opts=$-"; shopt -qo pipefail && echo pipefail-on`,
    );
    expect(out).toMatch(/^opts=[^\n]*e[^\n]*\npipefail-on\n$/u);
    expect(out).toMatch(/^opts=[^\n]*u/u);
  });

  it("run as a command from another directory: succeeds", () => {
    expect(() => bash(`"${BOOTSTRAP}"`)).not.toThrow();
  });
});

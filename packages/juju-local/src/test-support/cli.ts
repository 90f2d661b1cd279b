/** Drives `juju-local` as a user would: separate processes, the model on disk under a temp home. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCharmZip } from "@garm-charms/charm-pack";

const BIN = fileURLToPath(new URL("../../bin/juju.mjs", import.meta.url));
export const SHELL_CHARM_DIR = fileURLToPath(new URL("../../stand-ins/shell-charm", import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class LocalJuju {
  readonly home = mkdtempSync(join(tmpdir(), "juju-local-test-"));

  juju(...args: string[]): CliResult {
    const run = spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, JUJU_LOCAL_HOME: this.home },
      encoding: "utf8",
    });
    return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
  }

  /** Runs a command that must succeed; returns its stdout. */
  ok(...args: string[]): string {
    const result = this.juju(...args);
    if (result.code !== 0)
      throw new Error(`juju ${args.join(" ")} failed (${String(result.code)}): ${result.stderr}`);
    return result.stdout;
  }

  json<T = Record<string, unknown>>(...args: string[]): T {
    return JSON.parse(this.ok(...args, "--format=json")) as T;
  }

  /** debug-log lines of `unit` that the charm logged with juju-log, text only. */
  charmLog(unit: string): string[] {
    const tag = `unit-${unit.replace("/", "-")}:`;
    return this.ok("debug-log", "--replay", "--no-tail")
      .split("\n")
      .filter((l) => l.startsWith(tag) && l.includes(".juju-log "))
      .map((l) => l.slice(l.indexOf(".juju-log ") + ".juju-log ".length));
  }

  async packShellCharm(): Promise<string> {
    const path = join(this.home, "shell-charm.charm");
    await writeCharmZip(SHELL_CHARM_DIR, path);
    return path;
  }

  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

export interface StatusDoc {
  applications: Record<
    string,
    {
      "application-status": { current: string; message?: string };
      relations: Record<string, { "related-application": string; interface: string; scope: string }[]>;
      units: Record<
        string,
        {
          "workload-status": { current: string; message?: string };
          "juju-status": { current: string; message?: string };
          leader?: boolean;
        }
      >;
    }
  >;
}

/**
 * Workloads in the local model, driven through the command line: a shell-script sidecar charm
 * whose pebble-ready hook plans a real service. One model for the whole file (Juju semantics
 * allow it, and each pod start costs a Node start): the steps run in order.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalJuju } from "./test-support/cli.js";
import type { StatusDoc } from "./test-support/cli.js";
import { processAlive } from "./process.js";

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PEBBLE = "PEBBLE_SOCKET=/charm/containers/workload/pebble.socket /charm/bin/pebble";

describe(
  "juju-local workloads: Pebble stand-in, real services, exec, pod lifecycle",
  { timeout: 60_000 },
  () => {
    let j: LocalJuju;
    let charm: string;
    const pods = (): string => join(j.home, "models", "local", "pods");
    const servicePid = (unit: string): number | undefined => {
      try {
        return Number(
          readFileSync(join(pods(), unit.replace("/", "-"), "workload", "pids", "echo.pid"), "utf8"),
        );
      } catch {
        return undefined;
      }
    };
    const serviceLog = (unit: string): string =>
      readFileSync(join(pods(), unit.replace("/", "-"), "workload", "logs", "echo.log"), "utf8");
    const hooks = (unit: string): string[] =>
      j.charmLog(unit).flatMap((l) => /running hooks\/(\S+)/.exec(l)?.[1] ?? []);

    beforeAll(async () => {
      j = await LocalJuju.create();
      charm = await j.packWorkloadCharm();
    }, 60_000);
    afterAll(() => j.remove());

    it("refuses a sidecar charm without its image, naming the resource", () => {
      const out = j.juju("deploy", charm, "w");
      expect(out.code).toBe(1);
      expect(out.stderr).toContain("ERROR local charm missing OCI images for: workload-image");
      expect(j.juju("deploy", charm, "w", "--resource", "workload-image=/no/such/dir").stderr).toContain(
        'resource "workload-image": "/no/such/dir" is neither a directory',
      );
    });

    it("runs the service pebble-ready planned, as a host process in the image's root with its env", async () => {
      const image = mkdtempSync(join(tmpdir(), "workload-image-"));
      mkdirSync(join(image, "usr", "share"), { recursive: true });
      writeFileSync(join(image, "usr", "share", "hello.txt"), "hello from the image\n");
      writeFileSync(join(image, "image.json"), JSON.stringify({ env: { IMAGE_VAR: "from-image" } }));
      j.ok("deploy", charm, "w", "--resource", `workload-image=${image}`);
      expect(hooks("w/0")).toEqual([
        "install",
        "leader-elected",
        "config-changed",
        "start",
        "workload-pebble-ready",
      ]);
      const status = j.json<StatusDoc>("status");
      expect(status.applications["w"]?.units["w/0"]?.["workload-status"]).toMatchObject({
        current: "active",
        message: "echo service planned",
      });
      const pid = await until("the service pid", () => servicePid("w/0"));
      expect(processAlive(pid)).toBe(true);
      await until("the service's output", () =>
        serviceLog("w/0").includes("up hi from-image") ? true : undefined,
      );
    });

    it("juju exec runs in the charm container's view: pebble ls, plan, services and exec see the workload", () => {
      expect(j.ok("exec", "--unit", "w/0", "--", `${PEBBLE} ls /usr/share/`)).toBe("hello.txt\n");
      expect(j.ok("exec", "--unit", "w/0", "--", `${PEBBLE} plan`)).toContain(
        "command: sh -c 'echo up $GREETING $IMAGE_VAR; exec sleep 1000'",
      );
      expect(j.ok("exec", "--unit", "w/0", "--", `${PEBBLE} services`)).toMatch(/^echo\s+enabled\s+active/m);
      expect(
        j.ok(
          "exec",
          "--unit",
          "w/0",
          "--",
          `${PEBBLE} exec sh -c 'cat "$PEBBLE_CONTAINER_ROOT/usr/share/hello.txt"'`,
        ),
      ).toBe("hello from the image\n");
      const failed = j.juju("exec", "--unit", "w/0", "--", "echo out; echo err >&2; exit 3");
      expect(failed).toMatchObject({ code: 1, stdout: "out\n" });
      expect(failed.stderr).toContain('err\nERROR the following task failed:\n id "');
      expect(failed.stderr).toContain("with return code 3");
      const json = JSON.parse(j.ok("exec", "--format=json", "--unit", "w/0", "--", "echo hi")) as Record<
        string,
        { results: Record<string, unknown>; status: string }
      >;
      expect(json["w/0"]).toMatchObject({
        status: "completed",
        results: { "return-code": 0, stdout: "hi\n" },
      });
    });

    it("restarts a killed service after a backoff, as Pebble does", async () => {
      const before = servicePid("w/0") ?? 0;
      process.kill(-before, "SIGKILL");
      const after = await until("a restarted service", () => {
        const pid = servicePid("w/0");
        return pid !== undefined && pid !== before && processAlive(pid) ? pid : undefined;
      });
      expect(processAlive(before)).toBe(false);
      expect(processAlive(after)).toBe(true);
      await until("the restarted service's output", () =>
        serviceLog("w/0").split("up hi from-image").length === 3 ? true : undefined,
      );
      expect(j.ok("exec", "--unit", "w/0", "--", `${PEBBLE} services echo`)).toMatch(
        /^echo\s+enabled\s+active/m,
      );
    });

    it("juju-local stop ends the pods and their services; the next command restarts them and runs pebble-ready", async () => {
      const pids = j.recordedPids();
      expect(pids.length).toBeGreaterThanOrEqual(2);
      j.ok("stop");
      expect(pids.filter(processAlive)).toEqual([]);
      j.ok("status");
      expect(hooks("w/0").filter((h) => h === "workload-pebble-ready")).toHaveLength(2);
      const pid = await until("the replanned service", () => {
        const p = servicePid("w/0");
        return p !== undefined && processAlive(p) && !pids.includes(p) ? p : undefined;
      });
      expect(processAlive(pid)).toBe(true);
    });

    it("remove-unit kills that unit's pod and services; destroy-model kills everything", () => {
      j.ok("add-unit", "w");
      const second = servicePid("w/1");
      expect(second !== undefined && processAlive(second)).toBe(true);
      const before = j.recordedPids();
      j.ok("remove-unit", "w/1", "--no-prompt");
      expect(second !== undefined && processAlive(second)).toBe(false);
      expect(servicePid("w/0") !== undefined && processAlive(servicePid("w/0") ?? 0)).toBe(true);
      j.ok("destroy-model", "local", "--no-prompt");
      expect(before.filter(processAlive)).toEqual([]);
    });
  },
);

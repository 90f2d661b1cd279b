/**
 * Waits until every unit is active and idle, as `juju wait-for` would: `juju-local wait-for-idle`
 * runs the hooks that are due (the model has no daemon), then the status is read again.
 */
import type { LocalJuju, StatusDoc } from "@garm-charms/juju-local/test-support";
import { DemoError } from "./errors.js";

export function unitStatuses(
  status: StatusDoc,
): { unit: string; workload: string; agent: string; message: string }[] {
  return Object.values(status.applications).flatMap((app) =>
    Object.entries(app.units).map(([unit, u]) => ({
      unit,
      workload: u["workload-status"].current,
      agent: u["juju-status"].current,
      message: u["workload-status"].message ?? "",
    })),
  );
}

const settled = (status: StatusDoc): boolean =>
  unitStatuses(status).every((u) => u.workload === "active" && u.agent === "idle");

export async function waitForActive(juju: LocalJuju, timeoutMs: number): Promise<StatusDoc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = juju.json<StatusDoc>("status");
    if (settled(status)) return status;
    if (Date.now() > deadline) {
      const pending = unitStatuses(status)
        .filter((u) => u.workload !== "active" || u.agent !== "idle")
        .map((u) => `${u.unit} ${u.workload}/${u.agent}${u.message === "" ? "" : ` (${u.message})`}`);
      throw new DemoError(
        `not every unit is active after ${String(timeoutMs / 1000)} s: ${pending.join("; ")}; see juju debug-log`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    juju.ok("wait-for-idle");
  }
}

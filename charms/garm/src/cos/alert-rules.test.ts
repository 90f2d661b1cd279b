import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostHealthAlertGroup } from "@garm-charms/interfaces";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { garmAlertRules } from "./alert-rules.js";

const topology = {
  model: "garm-model",
  modelUuid: "1a2b3c4d-0000-4000-8000-000000000000",
  application: "garm",
  charmName: "garm",
};

/** promtool from Debian's `prometheus` package; CI installs it (.ci/run). */
const promtool = spawnSync("promtool", ["--version"]).error === undefined ? "promtool" : undefined;
if (promtool === undefined) {
  console.warn(
    "promtool not found (Debian package `prometheus`): the promtool check of the alert rules is skipped",
  );
}

describe("metrics-endpoint alert rules", () => {
  it("start with cosl's HostHealth group for the live topology, then GARM's and the pressure reconciler's", () => {
    const rules = garmAlertRules(topology);
    expect(rules.groups[0]).toEqual(hostHealthAlertGroup(topology));
    expect(rules.groups.map((g) => g.name)).toEqual([
      "garm_model_1a2b3c4d_garm_HostHealth_rules",
      "garm_model_1a2b3c4d_garm_Garm_rules",
      "garm_model_1a2b3c4d_garm_PressureReconciler_rules",
    ]);
    expect(rules.groups.flatMap((g) => g.rules.map((r) => r["alert"]))).toEqual([
      "HostDown",
      "HostMetricsMissing",
      "GarmDown",
      "GarmUnhealthy",
      "GarmScalesetInError",
      "GarmRunnersStuckPending",
      "PressureStreamDisconnected",
    ]);
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      expect(rule["labels"]).toMatchObject({
        juju_model: "garm-model",
        juju_model_uuid: "1a2b3c4d-0000-4000-8000-000000000000",
        juju_application: "garm",
        juju_charm: "garm",
      });
    }
  });

  it.skipIf(promtool === undefined)("pass promtool check rules", () => {
    const dir = mkdtempSync(join(tmpdir(), "garm-rules-"));
    try {
      const file = join(dir, "rules.yaml");
      writeFileSync(file, stringify(garmAlertRules(topology)));
      const run = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain("SUCCESS: 7 rules found");
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

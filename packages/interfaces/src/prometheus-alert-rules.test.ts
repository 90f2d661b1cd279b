import { describe, expect, it } from "vitest";
import {
  alertRulesDocument,
  hostHealthAlertGroup,
  topologyAlertGroup,
  topologyGroupName,
} from "./prometheus-alert-rules.js";
import { pythonJsonDumps } from "./python-json.js";

const topology = {
  model: "garm-model",
  modelUuid: "1a2b3c4d-0000-4000-8000-000000000000",
  application: "garm",
  charmName: "garm",
};

describe("cosl's HostHealth group (spec 8)", () => {
  it("is the Python charm's alert_rules value byte for byte", () => {
    expect(pythonJsonDumps(alertRulesDocument([hostHealthAlertGroup(topology)]))).toBe(
      '{"groups": [{"name": "garm_model_1a2b3c4d_garm_HostHealth_rules", "rules": [' +
        '{"alert": "HostDown", "expr": "up < 1", "for": "5m", ' +
        '"labels": {"severity": "critical", "juju_model": "garm-model", "juju_model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "juju_application": "garm", "juju_charm": "garm"}, ' +
        '"annotations": {"summary": "Host \'{{ $labels.instance }}\' is down.", ' +
        "\"description\": \"Juju application '{{ $labels.juju_application }}' in model '{{ $labels.juju_model }}' is down. Prometheus has been unable to scrape it during at least the past five minutes.\"}}, " +
        '{"alert": "HostMetricsMissing", "expr": "absent(up)", "for": "5m", ' +
        '"labels": {"severity": "warning", "juju_model": "garm-model", "juju_model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "juju_application": "garm", "juju_charm": "garm"}, ' +
        '"annotations": {"summary": "Unit \'{{ $labels.juju_unit }}\' of application \'{{ $labels.juju_application }}\' is down or failing to remote write.", ' +
        '"description": "`Up` missing for unit \'{{ $labels.juju_unit }}\' of application {{ $labels.juju_application }} in model {{ $labels.juju_model }}. Please ensure the unit or the collector scraping it is up and is able to successfully reach the metrics backend."}}]}]}',
    );
  });

  it("is built from the live topology", () => {
    const other = { ...topology, model: "prod.eu", modelUuid: "ffffffff-1111", application: "garm-b" };
    const group = hostHealthAlertGroup(other);
    expect(group.name).toBe("prod_eu_ffffffff_garm-b_HostHealth_rules".replace(/-/g, "_"));
    expect(group.rules[0]?.labels).toEqual({
      severity: "critical",
      juju_model: "prod.eu",
      juju_model_uuid: "ffffffff-1111",
      juju_application: "garm-b",
      juju_charm: "garm",
    });
  });
});

describe("the charm's own groups", () => {
  it("keeps a label the rule sets itself", () => {
    const group = topologyAlertGroup(topology, "Garm", [
      { alert: "A", expr: "vector(1)", labels: { juju_charm: "custom" } },
    ]);
    expect(group.name).toBe(topologyGroupName(topology, "Garm"));
    expect(group.rules[0]?.labels?.["juju_charm"]).toBe("custom");
  });
});

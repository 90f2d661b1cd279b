/**
 * Prometheus alert rules in the shape `prometheus_scrape`'s `alert_rules` carries, as `cosl`
 * `AlertRules(query_type="promql")` builds them: group names prefixed with the topology
 * identifier and sanitised, and the Juju topology labels added to every rule. Also `cosl`'s
 * generic `HostHealth` group, which every charm built on the Python library publishes.
 */
import type { AlertRules } from "./prometheus-scrape.js";

export interface AlertTopology {
  readonly model: string;
  readonly modelUuid: string;
  readonly application: string;
  readonly charmName: string;
}

/** One alerting rule, keys in the order the Python library writes them. */
export type AlertRule = {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
};

export type AlertRuleGroup = { readonly name: string; readonly rules: readonly AlertRule[] };

/** `JujuTopology.identifier`: `<model>_<first 8 of the model uuid>_<application>`. */
export function topologyIdentifier(topology: AlertTopology): string {
  return `${topology.model}_${topology.modelUuid.slice(0, 8)}_${topology.application}`;
}

/** `<identifier>_<name>_rules`, every character outside `[a-zA-Z0-9_:]` made `_`, as `cosl`. */
export function topologyGroupName(topology: AlertTopology, name: string): string {
  return `${topologyIdentifier(topology)}_${name}_rules`.replace(/[^a-zA-Z0-9_:]/g, "_");
}

/** The rule with the four topology labels added after its own, where it does not set them. */
export function withTopologyLabels(rule: AlertRule, topology: AlertTopology): AlertRule {
  const topologyLabels: Record<string, string> = {
    juju_model: topology.model,
    juju_model_uuid: topology.modelUuid,
    juju_application: topology.application,
    juju_charm: topology.charmName,
  };
  return { ...rule, labels: pick(rule.labels, topologyLabels) };
}

/** Keeps the rule's own labels first (Python dict update order), then the added ones. */
function pick(
  own: Readonly<Record<string, string>> | undefined,
  added: Readonly<Record<string, string>>,
): Record<string, string> {
  const ordered: Record<string, string> = { ...own };
  for (const [key, value] of Object.entries(added)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

/** A group of the charm's own rules, named and labelled for `topology`. */
export function topologyAlertGroup(
  topology: AlertTopology,
  name: string,
  rules: readonly AlertRule[],
): AlertRuleGroup {
  return {
    name: topologyGroupName(topology, name),
    rules: rules.map((rule) => withTopologyLabels(rule, topology)),
  };
}

/** `cosl` `generic_alert_groups.application_rules` (cos-lib f1850f2 and later). */
export const HOST_HEALTH_RULES: readonly AlertRule[] = [
  {
    alert: "HostDown",
    expr: "up < 1",
    for: "5m",
    labels: { severity: "critical" },
    annotations: {
      summary: "Host '{{ $labels.instance }}' is down.",
      description:
        "Juju application '{{ $labels.juju_application }}' in model '{{ $labels.juju_model }}' is down. Prometheus has been unable to scrape it during at least the past five minutes.",
    },
  },
  {
    alert: "HostMetricsMissing",
    expr: "absent(up)",
    for: "5m",
    labels: { severity: "warning" },
    annotations: {
      summary:
        "Unit '{{ $labels.juju_unit }}' of application '{{ $labels.juju_application }}' is down or failing to remote write.",
      description:
        "`Up` missing for unit '{{ $labels.juju_unit }}' of application {{ $labels.juju_application }} in model {{ $labels.juju_model }}. Please ensure the unit or the collector scraping it is up and is able to successfully reach the metrics backend.",
    },
  },
];

/** The `HostHealth` group the Python charm publishes, for `topology`. */
export function hostHealthAlertGroup(topology: AlertTopology): AlertRuleGroup {
  return topologyAlertGroup(topology, "HostHealth", HOST_HEALTH_RULES);
}

/** The `alert_rules` document: the given groups, in order. */
export function alertRulesDocument(groups: readonly AlertRuleGroup[]): AlertRules {
  return { groups: groups.map((group) => ({ name: group.name, rules: group.rules.map((r) => ({ ...r })) })) };
}

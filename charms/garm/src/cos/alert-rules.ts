/**
 * The Prometheus alert rules published in `metrics-endpoint`'s `alert_rules`: `cosl`'s HostHealth
 * group (as the Python charm), then GARM's own and the pressure reconciler's, each labelled with
 * the live Juju topology. Expressions carry no topology matchers: the Prometheus charm injects
 * them from the rule labels. Metric names are GARM's (`/metrics`, see the README for the source)
 * and the pressure reconciler's (packages/pressure-reconciler/README.md).
 */
import {
  alertRulesDocument,
  hostHealthAlertGroup,
  topologyAlertGroup,
  type AlertRule,
  type AlertRules,
  type AlertTopology,
} from "@garm-charms/interfaces";

export const GARM_ALERT_RULES: readonly AlertRule[] = [
  {
    alert: "GarmDown",
    expr: "absent(garm_health)",
    for: "5m",
    labels: { severity: "critical" },
    annotations: {
      summary: "GARM of '{{ $labels.juju_application }}' reports no health.",
      description:
        "No unit of '{{ $labels.juju_application }}' in model '{{ $labels.juju_model }}' has exported garm_health for five minutes: GARM is down, not configured, or cannot read its database.",
    },
  },
  {
    alert: "GarmUnhealthy",
    expr: "garm_health < 1",
    for: "5m",
    labels: { severity: "critical" },
    annotations: {
      summary: "GARM on unit '{{ $labels.juju_unit }}' is unhealthy.",
      description: "garm_health has been below 1 on '{{ $labels.juju_unit }}' for five minutes.",
    },
  },
  {
    alert: "GarmScalesetInError",
    expr: 'max by (id) (garm_scaleset_status{state="error"}) > 0',
    for: "10m",
    labels: { severity: "warning" },
    annotations: {
      summary: "GARM scale set {{ $labels.id }} is in error.",
      description:
        "Scale set {{ $labels.id }} has been in state error for ten minutes; `garm-cli scaleset show {{ $labels.id }}` gives GARM's status messages.",
    },
  },
  {
    alert: "GarmRunnersStuckPending",
    expr: 'count by (provider, pool_id) (garm_runner_status{runner_status="pending"}) > 0',
    for: "30m",
    labels: { severity: "warning" },
    annotations: {
      summary: "Runners of provider '{{ $labels.provider }}' are stuck pending.",
      description:
        "{{ $value }} runner(s) of provider '{{ $labels.provider }}' have been pending for thirty minutes: they were created but never registered with GitHub (check the provider, the image and the runners' network).",
    },
  },
];

/** Only while the stream is reopened (the counter moves): with no planner it never connects. */
export const PRESSURE_RECONCILER_ALERT_RULES: readonly AlertRule[] = [
  {
    alert: "PressureStreamDisconnected",
    expr: "stream_connected < 1 and increase(stream_reconnects_total[15m]) > 0",
    for: "10m",
    labels: { severity: "warning" },
    annotations: {
      summary: "The pressure reconciler of '{{ $labels.juju_application }}' lost the planner's stream.",
      description:
        "The planner pressure stream has been down and reconnecting for ten minutes: scale sets hold their last totals and follow no new pressure.",
    },
  },
];

/** The whole `alert_rules` document for this application. */
export function garmAlertRules(topology: AlertTopology): AlertRules {
  return alertRulesDocument([
    hostHealthAlertGroup(topology),
    topologyAlertGroup(topology, "Garm", GARM_ALERT_RULES),
    topologyAlertGroup(topology, "PressureReconciler", PRESSURE_RECONCILER_ALERT_RULES),
  ]);
}

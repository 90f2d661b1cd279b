/**
 * Hook section: configures the runner image's OpenTelemetry collector snap for this job and
 * starts it. The collector config heredoc is unquoted so the job's labels are filled in when the
 * hook runs; it references only the shell variables set just above it, and the endpoint reaches
 * it as a pre-quoted YAML string assigned from a single-quoted shell word, so nothing from the
 * operator or the job is ever evaluated by the shell.
 */
export const OTEL_COLLECTOR_TEMPLATE = String.raw`
# OpenTelemetry collector (option otel-collector-endpoint).
/usr/bin/logger -s "OpenTelemetry collector is enabled."
exporter_endpoint=@@ENDPOINT_YAML@@

# A job value as a double-quoted YAML scalar: control characters dropped, backslashes and quotes
# escaped, and "$" doubled so the collector does not expand it as a config variable.
yaml_string() {
    printf '"%s"' "$(printf '%s' "$1" | tr -d '\000-\037\177' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\$/$$/g')"
}
repository_label="$(yaml_string "$GITHUB_REPOSITORY")"
runner_label="$(yaml_string "$RUNNER_NAME")"
workflow_label="$(yaml_string "$GITHUB_WORKFLOW")"
job_label="$(yaml_string "$GITHUB_JOB")"
run_id_label="$(yaml_string "$GITHUB_RUN_ID")"
run_attempt_label="$(yaml_string "$GITHUB_RUN_ATTEMPT")"
host_arch_label="$(yaml_string "$(uname -m)")"

/usr/bin/sudo /usr/bin/mkdir -p /etc/otelcol/config.d
/usr/bin/sudo /usr/bin/tee /etc/otelcol/config.d/github.yaml > /dev/null <<GARM_CHARM_OTEL_CONFIG
receivers:
  hostmetrics:
    collection_interval: 10s
    scrapers:
      cpu:
        metrics:
          system.cpu.logical.count:
            enabled: true
          system.cpu.physical.count:
            enabled: true
      memory:
      disk:
      filesystem:
      network:
      load:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:44317
      http:
        endpoint: 0.0.0.0:44318
  loki:
    protocols:
      http:
        endpoint: 0.0.0.0:43100
    use_incoming_timestamp: true
  filelog/aproxy:
    include:
      - /var/log/syslog
    operators:
      - type: filter
        expr: 'body not matches "aproxy[.]aproxy"'

processors:
  attributes/self_hosted_runner_github_labels:
    actions:
      - { key: service.name, value: self-hosted-runner, action: upsert }
      - { key: github.repository, value: $repository_label, action: upsert }
      - { key: github.runner, value: $runner_label, action: upsert }
      - { key: github.workflow, value: $workflow_label, action: upsert }
      - { key: github.job, value: $job_label, action: upsert }
      - { key: github.run.id, value: $run_id_label, action: upsert }
      - { key: github.run.attempt, value: $run_attempt_label, action: upsert }
      - { key: host.arch, value: $host_arch_label, action: upsert }
  resource/self_hosted_runner_github_labels:
    attributes:
      - { key: service.name, value: self-hosted-runner, action: upsert }
      - { key: github.repository, value: $repository_label, action: upsert }
      - { key: github.runner, value: $runner_label, action: upsert }
      - { key: github.workflow, value: $workflow_label, action: upsert }
      - { key: github.job, value: $job_label, action: upsert }
      - { key: github.run.id, value: $run_id_label, action: upsert }
      - { key: github.run.attempt, value: $run_attempt_label, action: upsert }
      - { key: host.arch, value: $host_arch_label, action: upsert }
  resource/self_hosted_runner_github_aproxy_labels:
    attributes:
      - { key: service.name, value: aproxy, action: upsert }
  transform/self_hosted_runner_loki_labels:
    log_statements:
      - context: resource
        statements:
          - set(attributes["loki.resource.labels"], Concat([attributes["loki.resource.labels"], "service.name, github.repository, github.runner, github.workflow, github.job, github.run.id, github.run.attempt, host.arch"], ", ")) where attributes["loki.resource.labels"] != nil
          - set(attributes["loki.resource.labels"], "service.name, github.repository, github.runner, github.workflow, github.job, github.run.id, github.run.attempt, host.arch") where attributes["loki.resource.labels"] == nil
  batch:

exporters:
  otlp/self_hosted_runner:
    endpoint: $exporter_endpoint
    tls:
      insecure: true

service:
  pipelines:
    metrics:
      receivers: [hostmetrics]
      processors: [resource/self_hosted_runner_github_labels, batch]
      exporters: [otlp/self_hosted_runner]
    metrics/otlp:
      receivers: [otlp]
      processors: [attributes/self_hosted_runner_github_labels, resource/self_hosted_runner_github_labels, batch]
      exporters: [otlp/self_hosted_runner]
    logs/otlp:
      receivers: [otlp]
      processors: [attributes/self_hosted_runner_github_labels, resource/self_hosted_runner_github_labels, batch]
      exporters: [otlp/self_hosted_runner]
    logs/loki:
      receivers: [loki]
      processors: [resource/self_hosted_runner_github_labels, transform/self_hosted_runner_loki_labels, batch]
      exporters: [otlp/self_hosted_runner]
    logs/aproxy:
      receivers: [filelog/aproxy]
      processors: [resource/self_hosted_runner_github_aproxy_labels, batch]
      exporters: [otlp/self_hosted_runner]
    traces:
      receivers: [otlp]
      processors: [attributes/self_hosted_runner_github_labels, resource/self_hosted_runner_github_labels, batch]
      exporters: [otlp/self_hosted_runner]
GARM_CHARM_OTEL_CONFIG

/usr/bin/sudo /usr/bin/snap enable opentelemetry-collector
/usr/bin/sudo /usr/bin/snap start opentelemetry-collector
`;

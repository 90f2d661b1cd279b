import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as z from "zod";
import { renderRunnerTemplate } from "./render-runner-template.js";
import { PRE_JOB_HOOK_PATH } from "./runner-paths.js";
import { BASH_ARGS } from "./test-support/bash.js";
import { executeGoTemplate } from "./test-support/go-template.js";
import { extractHeredoc } from "./test-support/heredoc.js";
import { STANDIN_SYSTEM_TEMPLATE } from "./test-support/standin-system-template.js";

const ENDPOINT = "http://otel.example.com:4317/a'b";

/** The hook's collector section, writing the config to stdout instead of through sudo tee. */
function collectorConfigScript(): string {
  const result = renderRunnerTemplate(STANDIN_SYSTEM_TEMPLATE, { otelCollectorEndpoint: ENDPOINT });
  if (result.kind !== "custom") throw new Error("expected a custom template");
  const install = executeGoTemplate(result.content, { EnableBootDebug: "", HTTPProxy: "" });
  const hook = extractHeredoc(install, `cat > ${PRE_JOB_HOOK_PATH} <<'`).body;
  const start = hook.indexOf("exporter_endpoint=");
  const end = hook.indexOf("\nGARM_CHARM_OTEL_CONFIG\n") + "\nGARM_CHARM_OTEL_CONFIG\n".length;
  return hook
    .slice(start, end)
    .replace("/usr/bin/sudo /usr/bin/mkdir -p /etc/otelcol/config.d\n", "")
    .replace("/usr/bin/sudo /usr/bin/tee /etc/otelcol/config.d/github.yaml > /dev/null <<", "cat <<");
}

const configSchema = z.object({
  processors: z.object({
    "resource/self_hosted_runner_github_labels": z.object({
      attributes: z.array(z.object({ key: z.string(), value: z.string(), action: z.literal("upsert") })),
    }),
  }),
  exporters: z.object({ "otlp/self_hosted_runner": z.object({ endpoint: z.string() }) }),
  service: z.object({ pipelines: z.record(z.string(), z.object({ exporters: z.array(z.string()) })) }),
});

function renderConfig(env: Record<string, string>): z.infer<typeof configSchema> {
  const run = spawnSync("bash", [...BASH_ARGS, "-c", collectorConfigScript()], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", ...env },
  });
  expect(run.stderr).toBe("");
  return configSchema.parse(parse(run.stdout));
}

function label(config: z.infer<typeof configSchema>, key: string): string | undefined {
  return config.processors["resource/self_hosted_runner_github_labels"].attributes.find((a) => a.key === key)
    ?.value;
}

describe("OpenTelemetry collector config written by the hook", () => {
  it("is YAML that exports every pipeline to the configured endpoint", () => {
    const config = renderConfig({ GITHUB_REPOSITORY: "org/repo", RUNNER_NAME: "runner-1" });
    expect(config.exporters["otlp/self_hosted_runner"].endpoint).toBe(ENDPOINT);
    expect(Object.keys(config.service.pipelines).sort()).toEqual([
      "logs/aproxy",
      "logs/loki",
      "logs/otlp",
      "metrics",
      "metrics/otlp",
      "traces",
    ]);
    for (const pipeline of Object.values(config.service.pipelines)) {
      expect(pipeline.exporters).toEqual(["otlp/self_hosted_runner"]);
    }
    expect(label(config, "github.repository")).toBe("org/repo");
    expect(label(config, "github.runner")).toBe("runner-1");
    expect(label(config, "host.arch")).toMatch(/^\S+$/);
  });

  it("keeps hostile job values as data: quotes, backslashes, $(...), newlines, collector variables", () => {
    const workflow = `deploy "prod" \\ 'x' $(touch /tmp/pwned) \`id\` \${env:HOME}\nnext: line # c`;
    const config = renderConfig({ GITHUB_WORKFLOW: workflow, GITHUB_JOB: "{{ .CallbackToken }}" });
    // Control characters are dropped and "$" is doubled, the collector's escape for a literal "$".
    expect(label(config, "github.workflow")).toBe(
      `deploy "prod" \\ 'x' $$(touch /tmp/pwned) \`id\` $\${env:HOME}next: line # c`,
    );
    expect(label(config, "github.job")).toBe("{{ .CallbackToken }}");
  });
});

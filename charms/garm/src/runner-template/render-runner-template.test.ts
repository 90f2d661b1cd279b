import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UnsafeRunnerOptionError, UnsupportedSystemTemplateError } from "./errors.js";
import { renderRunnerTemplate, type RenderResult } from "./render-runner-template.js";
import type { RunnerOptions } from "./runner-options.js";
import { PRE_JOB_HOOK_PATH, RUNNER_ENV_PATH, RUNNER_HOME } from "./runner-paths.js";
import { bashSyntaxErrors, runBash } from "./test-support/bash.js";
import { ALL_OPTIONS, SAMPLE_PRE_JOB_SCRIPT } from "./test-support/fixtures.js";
import { executeGoTemplate } from "./test-support/go-template.js";
import { expectGolden } from "./test-support/golden.js";
import { extractHeredoc } from "./test-support/heredoc.js";
import { STANDIN_SYSTEM_TEMPLATE } from "./test-support/standin-system-template.js";

function customContent(result: RenderResult): string {
  if (result.kind !== "custom") throw new Error("expected a custom template");
  return result.content;
}

function render(options: RunnerOptions): string {
  return customContent(renderRunnerTemplate(STANDIN_SYSTEM_TEMPLATE, options));
}

/** What the runner executes: GARM runs the stored template through text/template first. */
function executed(content: string): string {
  return executeGoTemplate(content, { EnableBootDebug: "", HTTPProxy: "" });
}

/** Writes the hook file by running the rendered `cat > pre-job.sh <<'…'` command with bash. */
function writtenHook(installScript: string): string {
  const dir = mkdtempSync(join(tmpdir(), "garm-hook-"));
  const heredoc = extractHeredoc(installScript, `cat > ${PRE_JOB_HOOK_PATH} <<'`);
  runBash(heredoc.text.replace(`cat > ${PRE_JOB_HOOK_PATH}`, "cat > pre-job.sh"), dir);
  return readFileSync(join(dir, "pre-job.sh"), "utf8");
}

const GOLDEN_CASES: [string, RunnerOptions][] = [
  ["dockerhub-mirror.sh.golden", { dockerhubMirror: "https://mirror.example.com:5000" }],
  ["otel-collector-endpoint.sh.golden", { otelCollectorEndpoint: "http://otel.example.com:4317" }],
  ["pre-job-script.sh.golden", { preJobScript: SAMPLE_PRE_JOB_SCRIPT }],
  ["all-options.sh.golden", ALL_OPTIONS],
];

describe("renderRunnerTemplate", () => {
  it.each(GOLDEN_CASES)("renders %s exactly", (golden, options) => {
    expectGolden(golden, render(options));
  });

  it.each(GOLDEN_CASES)("%s parses as Go template and then as bash", (_golden, options) => {
    const script = executed(render(options));
    expect(bashSyntaxErrors(script)).toBeUndefined();
  });

  it.each<[string, RunnerOptions]>([
    ["no options", {}],
    [
      "cleared options",
      {
        dockerhubMirror: "",
        httpProxy: "",
        aproxyExcludeAddresses: [],
        aproxyRedirectPorts: [],
        otelCollectorEndpoint: "",
        preJobScript: "",
      },
    ],
    ["a whitespace-only pre-job script", { preJobScript: " \n\t\n" }],
    ["only the HTTP proxy (it travels as an extra spec)", { httpProxy: "http://proxy.example.com:3128" }],
    ["only aproxy options", { aproxyExcludeAddresses: ["10.0.0.0/8"], aproxyRedirectPorts: ["443"] }],
  ])("returns the default template for %s", (_name, options) => {
    expect(renderRunnerTemplate(STANDIN_SYSTEM_TEMPLATE, options)).toEqual({ kind: "default" });
  });

  it("does not look at the system template when the default applies", () => {
    expect(renderRunnerTemplate("no shebang, no set -e", {})).toEqual({ kind: "default" });
  });

  it("is byte-stable: the same input renders the same template", () => {
    expect(render(ALL_OPTIONS)).toBe(render({ ...ALL_OPTIONS }));
  });

  it("keeps the system template intact after the injected block, and the block before its set -e", () => {
    const content = render(ALL_OPTIONS);
    expect(content.startsWith("#!/bin/bash\n# ===== garm charm: pre-install setup")).toBe(true);
    expect(content.endsWith(STANDIN_SYSTEM_TEMPLATE.slice("#!/bin/bash\n".length))).toBe(true);
    expect(content.indexOf("# ===== garm charm: end of runner job hooks")).toBeLessThan(
      content.indexOf("\nset -e\n"),
    );
  });

  it("writes a hook that embeds the pre-job script byte for byte, after Go template execution", () => {
    const hook = writtenHook(executed(render({ preJobScript: SAMPLE_PRE_JOB_SCRIPT })));
    expect(bashSyntaxErrors(hook)).toBeUndefined();
    const custom = extractHeredoc(hook, `cat > "$custom_pre_job_script" <<'`);
    expect(custom.body).toBe(SAMPLE_PRE_JOB_SCRIPT);
    const dir = mkdtempSync(join(tmpdir(), "garm-custom-"));
    runBash(custom.text.replace(`"$custom_pre_job_script"`, "custom.sh"), dir);
    expect(readFileSync(join(dir, "custom.sh"), "utf8")).toBe(SAMPLE_PRE_JOB_SCRIPT);
  });

  it("adds a final newline to a pre-job script without one", () => {
    const hook = writtenHook(executed(render({ preJobScript: "echo one\necho two" })));
    expect(extractHeredoc(hook, `cat > "$custom_pre_job_script" <<'`).body).toBe("echo one\necho two\n");
  });

  it("keeps a script whose lines look like the heredoc delimiters intact", () => {
    const other = executed(
      render({ preJobScript: "echo a\n", otelCollectorEndpoint: "http://otel.example.com" }),
    );
    const otherHook = extractHeredoc(other, `cat > ${PRE_JOB_HOOK_PATH} <<'`);
    const otherCustom = extractHeredoc(otherHook.body, `cat > "$custom_pre_job_script" <<'`);
    const forged = [
      otherCustom.delimiter,
      otherHook.delimiter,
      "GARM_CHARM_CUSTOM_PRE_JOB",
      "GARM_CHARM_PRE_JOB_HOOK",
      "GARM_CHARM_OTEL_CONFIG",
      "EOF",
      "rm -rf /",
      "",
    ].join("\n");
    const hook = writtenHook(
      executed(render({ preJobScript: forged, otelCollectorEndpoint: "http://otel.example.com" })),
    );
    expect(bashSyntaxErrors(hook)).toBeUndefined();
    expect(extractHeredoc(hook, `cat > "$custom_pre_job_script" <<'`).body).toBe(forged);
  });

  it("points the runner at the hook and the mirror through its .env file", () => {
    const content = executed(render(ALL_OPTIONS));
    const dir = mkdtempSync(join(tmpdir(), "garm-env-"));
    const printf = content.slice(
      content.indexOf("printf '%s\\n' \\\n    'DOCKERHUB"),
      content.indexOf(RUNNER_ENV_PATH),
    );
    runBash(`${printf} .env`, dir);
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(
      [
        "DOCKERHUB_MIRROR=https://mirror.example.com:5000",
        "CONTAINER_REGISTRY_URL=https://mirror.example.com:5000",
        `ACTIONS_RUNNER_HOOK_JOB_STARTED=${PRE_JOB_HOOK_PATH}`,
        "ACTION_OTEL_EXPORTER_OTLP_ENDPOINT=http://otel.example.com:4317",
        "",
      ].join("\n"),
    );
  });

  it("installs no hook when only the mirror is set", () => {
    const content = render({ dockerhubMirror: "https://mirror.example.com" });
    expect(content).not.toContain("pre-job.sh");
    expect(content).toContain(`mkdir -p ${RUNNER_HOME}`);
  });

  it("writes daemon.json as JSON the docker daemon can read", () => {
    const content = executed(render({ dockerhubMirror: "https://mirror.example.com/a'b" }));
    const line = content.split("\n").find((l) => l.includes("/etc/docker/daemon.json")) ?? "";
    const json = runBash(line.replace(/\| sudo tee .*$/, ""), tmpdir());
    expect(JSON.parse(json)).toEqual({ "registry-mirrors": ["https://mirror.example.com/a'b"] });
  });

  it("hands the collector the endpoint as a YAML string assigned from a single-quoted word", () => {
    const endpoint = "http://otel.example.com:4317/a'b;c";
    const hook = writtenHook(executed(render({ otelCollectorEndpoint: endpoint })));
    const assignment = hook.split("\n").find((line) => line.startsWith("exporter_endpoint=")) ?? "";
    expect(runBash(`${assignment}; printf %s "$exporter_endpoint"`, tmpdir())).toBe(JSON.stringify(endpoint));
  });

  it("rejects an OTLP endpoint with '$', which the collector would expand", () => {
    expect(() => render({ otelCollectorEndpoint: "http://otel.example.com:4317/$(id)" })).toThrow(
      UnsafeRunnerOptionError,
    );
  });

  it("fails with a typed error on a system template it cannot inject into", () => {
    expect(() => renderRunnerTemplate("set -e\necho hi\n", ALL_OPTIONS)).toThrow(
      UnsupportedSystemTemplateError,
    );
    expect(() => renderRunnerTemplate("#!/bin/bash\necho hi\n", ALL_OPTIONS)).toThrow(
      UnsupportedSystemTemplateError,
    );
  });
});

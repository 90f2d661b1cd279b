import {
  hasPreJobScript,
  isSet,
  RUNNER_OPTION_NAMES,
  type RunnerOptionName,
  type RunnerOptions,
} from "./runner-options.js";
import { PRE_JOB_HOOK_PATH } from "./runner-paths.js";
import { ShellFragment } from "./shell-fragment.js";
import { checkEnvValue, checkHttpUrl, checkPreJobScript } from "./validation.js";
import { CUSTOM_PRE_JOB_TEMPLATE } from "./templates/custom-pre-job.template.js";
import { DOCKER_MIRROR_TEMPLATE } from "./templates/docker-mirror.template.js";
import { JOB_HOOKS_TEMPLATE } from "./templates/job-hooks.template.js";
import { OTEL_COLLECTOR_TEMPLATE } from "./templates/otel-collector.template.js";
import { PRE_INSTALL_TEMPLATE } from "./templates/pre-install.template.js";
import { PRE_JOB_HOOK_FILE_TEMPLATE } from "./templates/pre-job-hook-file.template.js";
import { PRE_JOB_HOOK_TEMPLATE } from "./templates/pre-job-hook.template.js";
import { UnsafeRunnerOptionError } from "./errors.js";

/**
 * The shell block injected into the runner-install template, as plain shell (the caller escapes
 * it for Go's text/template). Every option is re-validated here, at the point of rendering.
 */
export function renderInjectedBlock(options: RunnerOptions): string {
  const mirror = isSet(options.dockerhubMirror)
    ? checkHttpUrl(RUNNER_OPTION_NAMES.dockerhubMirror, options.dockerhubMirror).url
    : undefined;
  const otelEndpoint = isSet(options.otelCollectorEndpoint)
    ? checkOtelEndpoint(options.otelCollectorEndpoint)
    : undefined;
  const preJobScript = hasPreJobScript(options)
    ? checkPreJobScript(RUNNER_OPTION_NAMES.preJobScript, options.preJobScript ?? "")
    : undefined;

  const preInstall = ShellFragment.render(PRE_INSTALL_TEMPLATE, {
    DOCKER_MIRROR: mirror === undefined ? ShellFragment.empty : renderDockerMirror(mirror),
  });

  const hookSections = [
    otelEndpoint === undefined ? ShellFragment.empty : renderOtelSection(otelEndpoint),
    preJobScript === undefined ? ShellFragment.empty : renderCustomPreJob(preJobScript),
  ];
  const hasHook = hookSections.some((section) => section.text !== "");

  const envLines: ShellFragment[] = [];
  if (mirror !== undefined) {
    envLines.push(envLine("DOCKERHUB_MIRROR", mirror, RUNNER_OPTION_NAMES.dockerhubMirror));
    envLines.push(envLine("CONTAINER_REGISTRY_URL", mirror, RUNNER_OPTION_NAMES.dockerhubMirror));
  }
  if (hasHook) {
    envLines.push(
      envLine("ACTIONS_RUNNER_HOOK_JOB_STARTED", PRE_JOB_HOOK_PATH, RUNNER_OPTION_NAMES.preJobScript),
    );
  }
  if (otelEndpoint !== undefined) {
    envLines.push(
      envLine("ACTION_OTEL_EXPORTER_OTLP_ENDPOINT", otelEndpoint, RUNNER_OPTION_NAMES.otelCollectorEndpoint),
    );
  }

  const jobHooks = ShellFragment.render(JOB_HOOKS_TEMPLATE, {
    PRE_JOB_HOOK_FILE: hasHook
      ? renderHookFile(ShellFragment.join(hookSections, "section"))
      : ShellFragment.empty,
    ENV_LINES: ShellFragment.join(envLines, "continuation"),
  });

  return `${ShellFragment.join([preInstall, jobHooks], "section").text}\n`;
}

function renderDockerMirror(mirror: string): ShellFragment {
  const daemonConfig = JSON.stringify({ "registry-mirrors": [mirror] });
  return ShellFragment.render(DOCKER_MIRROR_TEMPLATE, { DAEMON_JSON: ShellFragment.quote(daemonConfig) });
}

/** The collector expands `$` in its config, so the endpoint may not carry one. */
function checkOtelEndpoint(value: string): string {
  const { url } = checkHttpUrl(RUNNER_OPTION_NAMES.otelCollectorEndpoint, value);
  if (url.includes("$")) {
    throw new UnsafeRunnerOptionError(
      RUNNER_OPTION_NAMES.otelCollectorEndpoint,
      "the endpoint must not contain '$' (the collector would expand it)",
    );
  }
  return url;
}

function renderOtelSection(endpoint: string): ShellFragment {
  // A JSON string is a valid double-quoted YAML scalar.
  return ShellFragment.render(OTEL_COLLECTOR_TEMPLATE, {
    ENDPOINT_YAML: ShellFragment.quote(JSON.stringify(endpoint)),
  });
}

function renderCustomPreJob(script: string): ShellFragment {
  const heredoc = ShellFragment.quotedHeredoc(script, "GARM_CHARM_CUSTOM_PRE_JOB");
  return ShellFragment.render(CUSTOM_PRE_JOB_TEMPLATE, {
    SCRIPT_DELIMITER: heredoc.delimiter,
    SCRIPT_BODY: heredoc.body,
  });
}

function renderHookFile(sections: ShellFragment): ShellFragment {
  const hook = ShellFragment.render(PRE_JOB_HOOK_TEMPLATE, { SECTIONS: sections });
  const heredoc = ShellFragment.quotedHeredoc(`${hook.text}\n`, "GARM_CHARM_PRE_JOB_HOOK");
  return ShellFragment.render(PRE_JOB_HOOK_FILE_TEMPLATE, {
    HOOK_DELIMITER: heredoc.delimiter,
    HOOK_BODY: heredoc.body,
  });
}

/** One `KEY=value` line of the runner's `.env`, as a single-quoted printf argument. */
function envLine(key: string, value: string, option: RunnerOptionName): ShellFragment {
  return ShellFragment.quote(`${key}=${checkEnvValue(option, value)}`);
}

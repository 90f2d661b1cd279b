import { describe, expect, it } from "vitest";
import { PRE_JOB_HOOK_PATH, RUNNER_ENV_PATH, RUNNER_HOME, RUNNER_USER } from "./runner-paths.js";
import { APROXY_BOOTSTRAP_TEMPLATE } from "./templates/aproxy-bootstrap.template.js";
import { CUSTOM_PRE_JOB_TEMPLATE } from "./templates/custom-pre-job.template.js";
import { DOCKER_MIRROR_TEMPLATE } from "./templates/docker-mirror.template.js";
import { JOB_HOOKS_TEMPLATE } from "./templates/job-hooks.template.js";
import { OTEL_COLLECTOR_TEMPLATE } from "./templates/otel-collector.template.js";
import { PRE_INSTALL_TEMPLATE } from "./templates/pre-install.template.js";
import { PRE_JOB_HOOK_FILE_TEMPLATE } from "./templates/pre-job-hook-file.template.js";
import { PRE_JOB_HOOK_TEMPLATE } from "./templates/pre-job-hook.template.js";

const TEMPLATES = {
  APROXY_BOOTSTRAP_TEMPLATE,
  CUSTOM_PRE_JOB_TEMPLATE,
  DOCKER_MIRROR_TEMPLATE,
  JOB_HOOKS_TEMPLATE,
  OTEL_COLLECTOR_TEMPLATE,
  PRE_INSTALL_TEMPLATE,
  PRE_JOB_HOOK_FILE_TEMPLATE,
  PRE_JOB_HOOK_TEMPLATE,
};

describe("template files", () => {
  it.each(Object.entries(TEMPLATES))("%s has no Go template delimiters of its own", (_name, text) => {
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it("spell the runner paths as runner-paths.ts does", () => {
    expect(JOB_HOOKS_TEMPLATE).toContain(`mkdir -p ${RUNNER_HOME}\n`);
    expect(JOB_HOOKS_TEMPLATE).toContain(`>> ${RUNNER_ENV_PATH}\n`);
    expect(JOB_HOOKS_TEMPLATE).toContain(`chown -R ${RUNNER_USER}:${RUNNER_USER} ${RUNNER_HOME} `);
    expect(PRE_JOB_HOOK_FILE_TEMPLATE).toContain(`cat > ${PRE_JOB_HOOK_PATH} <<'`);
    expect(PRE_JOB_HOOK_FILE_TEMPLATE).toContain(`chmod 0755 ${PRE_JOB_HOOK_PATH}\n`);
    const paths = Object.values(TEMPLATES).flatMap((text) => text.match(/\/home\/[^\s'"]*/g) ?? []);
    expect(new Set(paths)).toEqual(new Set([RUNNER_HOME, RUNNER_ENV_PATH, PRE_JOB_HOOK_PATH]));
  });

  it("open every heredoc that holds operator text with a quoted, generated delimiter", () => {
    expect(CUSTOM_PRE_JOB_TEMPLATE).toContain(
      "<<'@@SCRIPT_DELIMITER@@'\n@@SCRIPT_BODY@@\n@@SCRIPT_DELIMITER@@\n",
    );
    expect(PRE_JOB_HOOK_FILE_TEMPLATE).toContain(
      "<<'@@HOOK_DELIMITER@@'\n@@HOOK_BODY@@\n@@HOOK_DELIMITER@@\n",
    );
  });

  it("reference only shell variables inside the unquoted heredocs", () => {
    for (const [template, delimiter] of [
      [OTEL_COLLECTOR_TEMPLATE, "GARM_CHARM_OTEL_CONFIG"],
      [APROXY_BOOTSTRAP_TEMPLATE, "GARM_CHARM_APROXY_NFT"],
    ] as const) {
      const start = template.indexOf(`<<${delimiter}\n`);
      const body = template.slice(start, template.indexOf(`\n${delimiter}\n`, start));
      expect(start).toBeGreaterThan(0);
      expect(body).not.toMatch(/[`\\]|\$[^A-Za-z_]|@@/);
    }
  });
});

/**
 * Regression tests named after the runner-template bugs the Python garm charm fixed
 * (reference-charms.md §5, items 9-12) and the two template gaps it still has (§3.4, §3.5).
 */
import { describe, expect, it } from "vitest";
import { prependAfterShebang, renderDebugSshSnippet } from "../reconcile/debug-ssh-snippet.js";
import { buildPreInstallExtraSpecs, renderAproxyPreInstallScript } from "./proxy-extra-specs.js";
import { renderRunnerTemplate } from "./render-runner-template.js";
import { PRE_JOB_HOOK_PATH, RUNNER_ENV_PATH, RUNNER_HOME } from "./runner-paths.js";
import { ALL_OPTIONS } from "./test-support/fixtures.js";
import { STANDIN_SYSTEM_TEMPLATE } from "./test-support/standin-system-template.js";

const TMATE = {
  host: "tmate.example.com",
  port: 2200,
  rsaFingerprint: "SHA256:fakefingerprint1234",
  ed25519Fingerprint: "SHA256:fakeed25519abcd",
};

function customTemplate(): string {
  const result = renderRunnerTemplate(STANDIN_SYSTEM_TEMPLATE, ALL_OPTIONS);
  if (result.kind !== "custom") throw new Error("expected a custom template");
  return result.content;
}

/** The lines the charm injects, between the shebang and the system template's own body. */
function injectedLines(template: string): string[] {
  const lines = template.split("\n");
  const end = lines.findIndex((line) => line.includes("end of runner job hooks"));
  return lines.slice(1, end === -1 ? lines.length : end);
}

describe("runner-template bugs the Python garm charm fixed (reference-charms.md §5)", () => {
  it("9a01fa6: tmate settings go to the runner's .env under actions-runner, one shared path", () => {
    expect(RUNNER_ENV_PATH).toBe("/home/runner/actions-runner/.env");
    const snippet = renderDebugSshSnippet(TMATE);
    expect(snippet).toContain(`cat >> '${RUNNER_ENV_PATH}'`);
    expect(snippet).not.toContain("/home/runner/.env");
    expect(customTemplate()).toContain(`>> ${RUNNER_ENV_PATH}`);
  });

  it("9a01fa6: prepend after the shebang newline-terminates the snippet and ignores an empty one", () => {
    const base = "#!/bin/bash\nset -e\necho body\n";
    expect(prependAfterShebang(base, "")).toBe(base);
    expect(prependAfterShebang(base, "echo injected")).toBe(
      "#!/bin/bash\necho injected\nset -e\necho body\n",
    );
    expect(prependAfterShebang("echo body\n", "echo injected")).toBe("echo injected\necho body\n");
  });

  it("e1d81f3: runner options are written to the dotfile .env the runner reads, never to 'env'", () => {
    const template = customTemplate();
    expect(RUNNER_ENV_PATH.endsWith("/.env")).toBe(true);
    expect(template).not.toMatch(new RegExp(`${RUNNER_HOME}/env\\b`));
    expect(template).toContain(`ACTIONS_RUNNER_HOOK_JOB_STARTED=${PRE_JOB_HOOK_PATH}`);
  });

  it("d1bbfe8: privileged pre-install steps use sudo, and files under /etc are written with sudo tee", () => {
    const lines = injectedLines(customTemplate()).filter((line) => !line.trimStart().startsWith("#"));
    const privileged = lines.filter((line) =>
      /^\s*(mkdir -p \/etc|systemctl|adduser|tee \/etc|.*\| *tee \/etc)/.test(line),
    );
    expect(privileged).toEqual([]);
    expect(lines.some((line) => /sudo tee \/etc\/docker\/daemon\.json/.test(line))).toBe(true);
    // A redirect after sudo runs as the unprivileged user: no "> /etc/..." anywhere outside tee.
    expect(lines.filter((line) => /[^|]\s*>>?\s*\/etc\//.test(line) && !line.includes("tee"))).toEqual([]);
  });

  it("11b7322: the aproxy bootstrap is the first pre-install script, not part of the template", () => {
    expect(customTemplate()).not.toContain("snap install aproxy");
    const specs = buildPreInstallExtraSpecs({ "pre_install.sh": "echo operator\n" }, ALL_OPTIONS);
    expect(Object.keys(specs.pre_install_scripts ?? {})).toEqual(["00-aproxy", "pre_install.sh"]);
    expect(specs.disable_updates).toBe(true);
  });

  it("11b7322: every pre_install_scripts value is base64, the operator's script included", () => {
    const operator = "#!/bin/bash\necho 'operator step'\n";
    const specs = buildPreInstallExtraSpecs({ "pre_install.sh": operator }, {});
    expect(specs).toEqual({
      pre_install_scripts: { "pre_install.sh": Buffer.from(operator).toString("base64") },
    });
    // Without a proxy, apt updates at boot are left alone.
    expect(specs).not.toHaveProperty("disable_updates");
  });

  it("11b7322: aproxy gets a bare host:port, redirects only once it is active, and nothing is persisted", () => {
    const script = renderAproxyPreInstallScript({ httpProxy: "http://user:pw@proxy.example.com:3128" }) ?? "";
    expect(script).toContain("proxy_authority='user:pw@proxy.example.com:3128'");
    expect(script).toContain('snap set aproxy "proxy=$proxy_authority"');
    const activeCheck = script.indexOf("until aproxy_active");
    const redirect = script.indexOf("nft -f -");
    expect(activeCheck).toBeGreaterThan(-1);
    expect(redirect).toBeGreaterThan(activeCheck);
    for (const persisting of [
      "nft list ruleset",
      "/etc/nftables",
      "enable nftables",
      "netfilter-persistent",
    ]) {
      expect(script).not.toContain(persisting);
    }
  });
});

describe("runner-template gaps left in the Python garm charm (reference-charms.md §3.4, §3.5)", () => {
  it("§3.4: aproxy's state is compared exactly, so 'inactive' does not enable the redirect", () => {
    const script = renderAproxyPreInstallScript({ httpProxy: "http://proxy.example.com:3128" }) ?? "";
    expect(script).not.toMatch(/grep -q active/);
    expect(script).toContain('$3 == "active"');
  });

  it("§3.5: the OTLP endpoint never lands unquoted in a shell heredoc that expands it", () => {
    const template = customTemplate();
    const endpointLines = template.split("\n").filter((line) => line.includes("otel.example.com:4317"));
    expect(endpointLines.length).toBeGreaterThan(0);
    for (const line of endpointLines) {
      // Either a single-quoted shell word or a line of a quoted heredoc, never `endpoint: http://...`.
      expect(line).not.toMatch(/endpoint:\s*http/);
    }
  });
});

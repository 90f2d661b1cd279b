import { describe, expect, it } from "vitest";
import { UnsafeRunnerOptionError } from "./errors.js";
import { renderAproxyPreInstallScript } from "./proxy-extra-specs.js";
import { renderRunnerTemplate } from "./render-runner-template.js";
import type { RunnerOptionName, RunnerOptions } from "./runner-options.js";
import { PRE_JOB_HOOK_PATH } from "./runner-paths.js";
import { bashSyntaxErrors } from "./test-support/bash.js";
import { executeGoTemplate } from "./test-support/go-template.js";
import { extractHeredoc } from "./test-support/heredoc.js";
import { occursOnlyInert } from "./test-support/shell-scan.js";
import { STANDIN_SYSTEM_TEMPLATE } from "./test-support/standin-system-template.js";

type Outcome = { rejected: RunnerOptionName } | { canary: string };

const PROXY = "http://proxy.example.com:3128";
const LONG_SCRIPT = `${"echo 'padding' $(date) `x`\n".repeat(2_000)}touch /tmp/pwned\n`;

// Each hostile input is either refused with the typed error naming its option, or rendered so
// that the canary (the part that would do harm if the shell ever evaluated it) is inert data.
const CASES: [string, RunnerOptions, Outcome][] = [
  // pre-job script: arbitrary text, embedded through a quoted heredoc
  [
    "script forging the custom heredoc delimiter",
    { preJobScript: "echo a\nGARM_CHARM_CUSTOM_PRE_JOB\ntouch /tmp/pwned\n" },
    { canary: "touch /tmp/pwned" },
  ],
  [
    "script forging the reference's fixed delimiters",
    { preJobScript: "GARM_CHARM_PREJOB\nGARM_CHARM_ENV\nEOF\ntouch /tmp/pwned\n" },
    { canary: "touch /tmp/pwned" },
  ],
  ["script with $(...)", { preJobScript: "echo $(touch /tmp/pwned)" }, { canary: "$(touch /tmp/pwned)" }],
  ["script with backticks", { preJobScript: "echo `touch /tmp/pwned`" }, { canary: "`touch /tmp/pwned`" }],
  [
    "script breaking out of quotes",
    { preJobScript: "'; touch /tmp/pwned; '" },
    { canary: "; touch /tmp/pwned; " },
  ],
  [
    "script with && and ;",
    { preJobScript: "true && touch /tmp/pwned; echo" },
    { canary: "&& touch /tmp/pwned;" },
  ],
  [
    "script with a Go action",
    { preJobScript: "echo {{ .CallbackToken }}" },
    { canary: "{{ .CallbackToken }}" },
  ],
  [
    "script with reversed Go delimiters",
    { preJobScript: "echo }}{{ .MetadataURL }}{{" },
    { canary: "}}{{ .MetadataURL }}{{" },
  ],
  ["script with a Go comment", { preJobScript: "echo {{/* hidden */}}" }, { canary: "{{/* hidden */}}" }],
  [
    "script with GitHub expressions",
    { preJobScript: "echo ${{ github.ref }}" },
    { canary: "${{ github.ref }}" },
  ],
  ["script with odd brace runs", { preJobScript: "echo {}}{{{ x" }, { canary: "{}}{{{ x" }],
  [
    "script with CRLF line endings",
    { preJobScript: "echo a\r\nGARM_CHARM_CUSTOM_PRE_JOB\r\ntouch /tmp/pwned\r\n" },
    { canary: "touch /tmp/pwned" },
  ],
  [
    "script with unicode line separators and spaces",
    { preJobScript: "echo a\u2028touch\u00a0/tmp/pwned\u3000" },
    { canary: "touch\u00a0/tmp/pwned" },
  ],
  [
    "script opening an unterminated heredoc",
    { preJobScript: "cat <<'X'\ntouch /tmp/pwned" },
    { canary: "touch /tmp/pwned" },
  ],
  [
    "script ending in a line continuation",
    { preJobScript: "touch /tmp/pwned \\" },
    { canary: "touch /tmp/pwned \\" },
  ],
  ["a very long script", { preJobScript: LONG_SCRIPT }, { canary: "touch /tmp/pwned" }],
  ["script with NUL", { preJobScript: "echo \u0000touch /tmp/pwned" }, { rejected: "pre-job-script" }],
  ["script over the size limit", { preJobScript: "#".repeat(70_000) }, { rejected: "pre-job-script" }],
  ["script with a lone surrogate", { preJobScript: "echo \udc00" }, { rejected: "pre-job-script" }],
  // docker hub mirror: a URL, quoted wherever it lands
  [
    "mirror with $(...)",
    { dockerhubMirror: "https://mirror.example.com/$(touch$IFS/tmp/pwned)" },
    { canary: "$(touch$IFS/tmp/pwned)" },
  ],
  [
    "mirror breaking out of single quotes",
    { dockerhubMirror: "https://mirror.example.com/';touch$IFS/tmp/pwned;'" },
    { canary: ";touch$IFS/tmp/pwned;" },
  ],
  [
    "mirror with &&",
    { dockerhubMirror: "https://mirror.example.com/a&&touch$IFS/tmp/pwned" },
    { canary: "&&touch$IFS/tmp/pwned" },
  ],
  [
    "mirror with a newline",
    { dockerhubMirror: "https://mirror.example.com\nEVIL=1" },
    { rejected: "dockerhub-mirror" },
  ],
  [
    "mirror with a CR",
    { dockerhubMirror: "https://mirror.example.com\rEVIL=1" },
    { rejected: "dockerhub-mirror" },
  ],
  [
    "mirror with backticks",
    { dockerhubMirror: "https://mirror.example.com/`id`" },
    { rejected: "dockerhub-mirror" },
  ],
  [
    "mirror with a Go action",
    { dockerhubMirror: "https://m.example.com/{{.CallbackToken}}" },
    { rejected: "dockerhub-mirror" },
  ],
  [
    "mirror with a no-break space",
    { dockerhubMirror: "https://mirror\u00a0example.com" },
    { rejected: "dockerhub-mirror" },
  ],
  ["mirror on port 0", { dockerhubMirror: "https://mirror.example.com:0" }, { rejected: "dockerhub-mirror" }],
  [
    "mirror on port 65536",
    { dockerhubMirror: "https://mirror.example.com:65536" },
    { rejected: "dockerhub-mirror" },
  ],
  ["mirror that is a file URL", { dockerhubMirror: "file:///etc/passwd" }, { rejected: "dockerhub-mirror" }],
  [
    "mirror with NUL",
    { dockerhubMirror: "https://mirror.example.com/\u0000" },
    { rejected: "dockerhub-mirror" },
  ],
  [
    "a very long mirror URL",
    { dockerhubMirror: `https://mirror.example.com/${"a".repeat(5_000)}` },
    { rejected: "dockerhub-mirror" },
  ],
  // OpenTelemetry endpoint: a URL in .env and, as a YAML string, in the collector config
  [
    "endpoint with $(...)",
    { otelCollectorEndpoint: "http://otel.example.com:4317/$(touch$IFS/tmp/pwned)" },
    { rejected: "otel-collector-endpoint" },
  ],
  [
    "endpoint with && and quotes",
    { otelCollectorEndpoint: "http://otel.example.com/'&&touch'" },
    { canary: "&&touch" },
  ],
  [
    "endpoint with a double quote",
    { otelCollectorEndpoint: 'http://otel.example.com/"' },
    { rejected: "otel-collector-endpoint" },
  ],
  [
    "endpoint with a newline",
    { otelCollectorEndpoint: "http://otel.example.com\n" },
    { rejected: "otel-collector-endpoint" },
  ],
  // HTTP proxy and aproxy options: the pre-install script
  [
    "proxy with $(...)",
    { httpProxy: "http://proxy.example.com:3128/$(touch$IFS/tmp/pwned)" },
    { canary: "$(touch$IFS/tmp/pwned)" },
  ],
  [
    "proxy credentials with ; and &&",
    { httpProxy: "http://us;er:p&&w@proxy.example.com:3128" },
    { canary: "us;er:p&&w" },
  ],
  [
    "proxy with a newline",
    { httpProxy: "http://proxy.example.com:3128\nflush ruleset" },
    { rejected: "runner-http-proxy" },
  ],
  ["proxy without a scheme", { httpProxy: "proxy.example.com:3128" }, { rejected: "runner-http-proxy" }],
  [
    "exclude smuggling nft syntax",
    { httpProxy: PROXY, aproxyExcludeAddresses: ["10.0.0.0/8 }; flush ruleset; {"] },
    { rejected: "aproxy-exclude-addresses" },
  ],
  [
    "IPv6 exclude",
    { httpProxy: PROXY, aproxyExcludeAddresses: ["::1"] },
    { rejected: "aproxy-exclude-addresses" },
  ],
  [
    "IPv6 CIDR exclude",
    { httpProxy: PROXY, aproxyExcludeAddresses: ["fd00::/8"] },
    { rejected: "aproxy-exclude-addresses" },
  ],
  ["port 0", { httpProxy: PROXY, aproxyRedirectPorts: ["0"] }, { rejected: "aproxy-redirect-ports" }],
  ["port 65536", { httpProxy: PROXY, aproxyRedirectPorts: ["65536"] }, { rejected: "aproxy-redirect-ports" }],
  [
    "reversed range 80-20",
    { httpProxy: PROXY, aproxyRedirectPorts: ["80-20"] },
    { rejected: "aproxy-redirect-ports" },
  ],
  [
    "port smuggling nft syntax",
    { httpProxy: PROXY, aproxyRedirectPorts: ["80 } ; flush"] },
    { rejected: "aproxy-redirect-ports" },
  ],
  [
    "port with a newline",
    { httpProxy: PROXY, aproxyRedirectPorts: ["443\n"] },
    { rejected: "aproxy-redirect-ports" },
  ],
  [
    "exclude with a unicode space",
    { httpProxy: PROXY, aproxyExcludeAddresses: ["10.0.0.0/8\u2003"] },
    { rejected: "aproxy-exclude-addresses" },
  ],
  [
    "too many excludes",
    {
      httpProxy: PROXY,
      aproxyExcludeAddresses: Array.from({ length: 300 }, (_, i) => `10.0.${i % 256}.${i >> 8}`),
    },
    { rejected: "aproxy-exclude-addresses" },
  ],
  [
    "a very long port token",
    { httpProxy: PROXY, aproxyRedirectPorts: ["8".repeat(10_000)] },
    { rejected: "aproxy-redirect-ports" },
  ],
  [
    "port in non-ASCII digits",
    { httpProxy: PROXY, aproxyRedirectPorts: ["\u0668\u0660"] },
    { rejected: "aproxy-redirect-ports" },
  ],
];

/** Every script the options produce, as bash would run it (after GARM's template execution). */
function renderedScripts(options: RunnerOptions): { name: string; text: string }[] {
  const scripts: { name: string; text: string }[] = [];
  const template = renderRunnerTemplate(STANDIN_SYSTEM_TEMPLATE, options);
  if (template.kind === "custom") {
    const install = executeGoTemplate(template.content, { EnableBootDebug: "", HTTPProxy: "" });
    scripts.push({ name: "install", text: install });
    if (install.includes(`cat > ${PRE_JOB_HOOK_PATH} <<'`)) {
      const hook = extractHeredoc(install, `cat > ${PRE_JOB_HOOK_PATH} <<'`).body;
      scripts.push({ name: "hook", text: hook });
      if (options.preJobScript !== undefined) {
        const script = options.preJobScript.endsWith("\n")
          ? options.preJobScript
          : `${options.preJobScript}\n`;
        expect(extractHeredoc(hook, `cat > "$custom_pre_job_script" <<'`).body).toBe(script);
      }
    }
  }
  const aproxy = renderAproxyPreInstallScript(options);
  if (aproxy !== undefined) {
    scripts.push({ name: "aproxy", text: aproxy });
  }
  return scripts;
}

function render(options: RunnerOptions): void {
  renderRunnerTemplate(STANDIN_SYSTEM_TEMPLATE, options);
  renderAproxyPreInstallScript(options);
}

describe("hostile runner options", () => {
  it("cover at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)("%s", (_name, options, outcome) => {
    if ("rejected" in outcome) {
      expect(() => render(options)).toThrow(
        expect.objectContaining({ name: "UnsafeRunnerOptionError", option: outcome.rejected }),
      );
      try {
        render(options);
      } catch (error) {
        expect(error).toBeInstanceOf(UnsafeRunnerOptionError);
        expect((error as Error).message).not.toContain("pwned");
        expect((error as Error).message).not.toContain("EVIL");
      }
      return;
    }
    const scripts = renderedScripts(options);
    expect(scripts.some((script) => script.text.includes(outcome.canary))).toBe(true);
    for (const script of scripts) {
      expect(bashSyntaxErrors(script.text), `${script.name} script`).toBeUndefined();
      expect(occursOnlyInert(script.text, outcome.canary), `${script.name} script`).toBe(true);
    }
  });
});

describe("the inertness check itself", () => {
  it("flags text outside quotes, in double quotes and in unquoted heredocs", () => {
    expect(occursOnlyInert("echo touch /tmp/pwned", "touch")).toBe(false);
    expect(occursOnlyInert('echo "touch"', "touch")).toBe(false);
    expect(occursOnlyInert("cat <<EOF\ntouch\nEOF\n", "touch")).toBe(false);
    expect(occursOnlyInert("echo 'a' touch 'b'", "touch")).toBe(false);
  });

  it("accepts text inside single quotes and quoted heredocs", () => {
    expect(occursOnlyInert("echo 'touch'", "touch")).toBe(true);
    expect(occursOnlyInert("cat <<'EOF'\ntouch\nEOF\necho done\n", "touch")).toBe(true);
    expect(occursOnlyInert('x="$(printf \'%s\' "touch")"', "touch")).toBe(false);
  });
});

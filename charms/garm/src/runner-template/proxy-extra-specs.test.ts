import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { PreInstallScriptOrderError, UnsafeRunnerOptionError } from "./errors.js";
import {
  APROXY_PRE_INSTALL_SCRIPT_NAME,
  buildPreInstallExtraSpecs,
  mergePreInstallScripts,
  renderAproxyPreInstallScript,
} from "./proxy-extra-specs.js";
import type { RunnerOptions } from "./runner-options.js";
import { ShellFragment } from "./shell-fragment.js";
import { bashSyntaxErrors, runBash } from "./test-support/bash.js";
import { ALL_OPTIONS } from "./test-support/fixtures.js";
import { expectGolden } from "./test-support/golden.js";

const decode = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");

function aproxyScript(options: RunnerOptions): string {
  const script = renderAproxyPreInstallScript(options);
  if (script === undefined) throw new Error("expected an aproxy script");
  return script;
}

/** The values the script assigns at its top, as bash sees them. */
function assignedValues(script: string): Record<string, string> {
  const assignments = script
    .split("\n")
    .filter((line) => /^(proxy_url|proxy_authority|exclude_networks|redirect_ports)=/.test(line))
    .join("\n");
  const out = runBash(
    `${assignments}\nprintf '%s\\0' "$proxy_url" "$proxy_authority" "$exclude_networks" "$redirect_ports"`,
    tmpdir(),
  );
  const [proxyUrl, proxyAuthority, excludeNetworks, redirectPorts] = out.split("\u0000");
  return {
    proxyUrl: proxyUrl ?? "",
    proxyAuthority: proxyAuthority ?? "",
    excludeNetworks: excludeNetworks ?? "",
    redirectPorts: redirectPorts ?? "",
  };
}

describe("renderAproxyPreInstallScript", () => {
  it.each<[string, RunnerOptions]>([
    ["http-proxy.aproxy.sh.golden", { httpProxy: "http://proxy.example.com:3128" }],
    [
      "http-proxy-exclude-addresses.aproxy.sh.golden",
      { httpProxy: "http://proxy.example.com:3128", aproxyExcludeAddresses: ["10.0.0.0/8", "192.168.1.1"] },
    ],
    [
      "http-proxy-redirect-ports.aproxy.sh.golden",
      { httpProxy: "http://proxy.example.com:3128", aproxyRedirectPorts: ["8080", "8000-9000"] },
    ],
    ["all-options.aproxy.sh.golden", ALL_OPTIONS],
  ])("renders %s exactly", (golden, options) => {
    expectGolden(golden, aproxyScript(options));
  });

  it("passes bash -n", () => {
    expect(bashSyntaxErrors(aproxyScript(ALL_OPTIONS))).toBeUndefined();
  });

  it("defaults the redirect to ports 80 and 443 and always excludes loopback", () => {
    expect(assignedValues(aproxyScript({ httpProxy: "http://proxy.example.com:3128" }))).toEqual({
      proxyUrl: "http://proxy.example.com:3128",
      proxyAuthority: "proxy.example.com:3128",
      excludeNetworks: "127.0.0.0/8",
      redirectPorts: "80, 443",
    });
  });

  it("hands aproxy the bare authority, keeping credentials and IPv6 brackets", () => {
    const values = assignedValues(aproxyScript({ httpProxy: "http://us'er:p%40ss@[fd00::1]:3128/x" }));
    expect(values.proxyAuthority).toBe("us'er:p%40ss@[fd00::1]:3128");
    expect(values.proxyUrl).toBe("http://us'er:p%40ss@[fd00::1]:3128/x");
  });

  it("redirects the configured ports, minus the excluded networks", () => {
    expect(assignedValues(aproxyScript(ALL_OPTIONS))).toMatchObject({
      excludeNetworks: "127.0.0.0/8, 10.0.0.0/8, 192.168.1.1",
      redirectPorts: "80, 443, 8000-9000",
    });
  });

  it("tests the aproxy state column exactly, so 'inactive' does not count as running", () => {
    const script = aproxyScript(ALL_OPTIONS);
    const fn = script.slice(script.indexOf("aproxy_active() {"), script.indexOf("}\nattempt=") + 1);
    const check = (services: string): boolean => {
      try {
        runBash(
          `snap() { printf '%s\\n' ${ShellFragment.quote(services).text}; }\n${fn}\naproxy_active`,
          tmpdir(),
        );
        return true;
      } catch {
        return false;
      }
    };
    const header = "Service        Startup  Current   Notes";
    expect(check(`${header}\naproxy.aproxy  enabled  active    -`)).toBe(true);
    expect(check(`${header}\naproxy.aproxy  enabled  inactive  -`)).toBe(false);
  });

  it("ignores the aproxy options without an HTTP proxy", () => {
    expect(
      renderAproxyPreInstallScript({ aproxyExcludeAddresses: ["::1"], aproxyRedirectPorts: ["0"] }),
    ).toBe(undefined);
  });

  it.each<[string, RunnerOptions, string]>([
    [
      "an IPv6 exclude",
      { httpProxy: "http://p:3128", aproxyExcludeAddresses: ["fd00::/8"] },
      "aproxy-exclude-addresses",
    ],
    [
      "a reversed port range",
      { httpProxy: "http://p:3128", aproxyRedirectPorts: ["90-80"] },
      "aproxy-redirect-ports",
    ],
    ["a proxy that is not a URL", { httpProxy: "proxy.example.com:3128" }, "runner-http-proxy"],
  ])("rejects %s, naming the option", (_name, options, option) => {
    expect(() => renderAproxyPreInstallScript(options)).toThrow(
      expect.objectContaining({ name: "UnsafeRunnerOptionError", option }),
    );
  });
});

describe("mergePreInstallScripts", () => {
  it("puts the proxy script first, then the others in byte order", () => {
    const merged = mergePreInstallScripts({ "pre_install.sh": "op", "10-early": "x", Zed: "z" }, "proxy");
    expect(Object.entries(merged)).toEqual([
      ["00-aproxy", "proxy"],
      ["10-early", "x"],
      ["Zed", "z"],
      ["pre_install.sh", "op"],
    ]);
  });

  it("returns the other scripts unchanged without a proxy script", () => {
    expect(mergePreInstallScripts({ "pre_install.sh": "op" }, undefined)).toEqual({ "pre_install.sh": "op" });
    expect(mergePreInstallScripts({}, undefined)).toEqual({});
  });

  it.each(["0", "00", "00-a", "00-aproxy", "00-0", "00-Z"])(
    "refuses %s, which GARM would run before the proxy script",
    (name) => {
      expect(() => mergePreInstallScripts({ [name]: "x" }, "proxy")).toThrow(PreInstallScriptOrderError);
    },
  );

  it.each(["x; rm -rf /", "../etc/passwd", "-rf", ".hidden", "a b", "é", "a".repeat(65), ""])(
    "refuses the script name %j, which lands in a root command line",
    (name) => {
      expect(() => mergePreInstallScripts({ [name]: "x" }, undefined)).toThrow(UnsafeRunnerOptionError);
    },
  );
});

describe("buildPreInstallExtraSpecs", () => {
  it("combines the operator script and the proxy script, base64-encoded, proxy first", () => {
    const specs = buildPreInstallExtraSpecs({ "pre_install.sh": "#!/bin/bash\necho op\n" }, ALL_OPTIONS);
    expectGolden("all-options.extra-specs.json.golden", `${JSON.stringify(specs, null, 2)}\n`);
    expect(Object.keys(specs.pre_install_scripts ?? {})).toEqual(["00-aproxy", "pre_install.sh"]);
    expect(decode(specs.pre_install_scripts?.["pre_install.sh"] ?? "")).toBe("#!/bin/bash\necho op\n");
  });

  it("sends only the operator script, without disable_updates, when there is no proxy", () => {
    expect(buildPreInstallExtraSpecs({ "pre_install.sh": "echo op" }, {})).toEqual({
      pre_install_scripts: { "pre_install.sh": Buffer.from("echo op").toString("base64") },
    });
  });

  it("sends only the base64 proxy script under 00-aproxy, and disable_updates, without operator scripts", () => {
    const specs = buildPreInstallExtraSpecs({}, ALL_OPTIONS);
    expect(specs.disable_updates).toBe(true);
    expect(Object.keys(specs.pre_install_scripts ?? {})).toEqual([APROXY_PRE_INSTALL_SCRIPT_NAME]);
    expect(decode(specs.pre_install_scripts?.[APROXY_PRE_INSTALL_SCRIPT_NAME] ?? "")).toBe(
      aproxyScript(ALL_OPTIONS),
    );
  });

  it("is empty with neither", () => {
    expect(buildPreInstallExtraSpecs({}, { dockerhubMirror: "https://m.example.com" })).toEqual({});
    expect(buildPreInstallExtraSpecs({}, { httpProxy: "" })).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { parseConfiguratorConfig, type RawConfig } from "./config.js";
import { VALID_RAW_CONFIG } from "./test-support/valid-config.js";

const valid: RawConfig = {
  ...VALID_RAW_CONFIG,
  "github-app-private-key": "secret://7f3c0000-1111-4222-8333-444455556666/d1k3abcdefghijklmnop",
  "runner-group": "Default",
};

function messages(raw: RawConfig): string[] {
  const result = parseConfiguratorConfig(raw);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

function without(option: string): RawConfig {
  return Object.fromEntries(Object.entries(valid).filter(([key]) => key !== option));
}

describe("parseConfiguratorConfig: a valid config", () => {
  it("gives the typed scaleset description", () => {
    const result = parseConfiguratorConfig({
      ...valid,
      labels: " noble , large,,",
      "pre-install-scripts": "  echo hi\n",
      "pre-job-script": "\n echo job \n",
      "runner-http-proxy": " http://proxy.example:3128 ",
      "aproxy-exclude-addresses": "10.0.0.0/8, 192.168.1.1",
      "aproxy-redirect-ports": "80, 443,8000-9000",
    });
    expect(result).toEqual({
      ok: true,
      config: {
        openstack: {
          authUrl: "https://keystone.example.com:5000/v3",
          username: "garm-runners",
          passwordSecretId: "secret:d1k2abcdefghijklmnop",
          projectName: "garm-runners",
          userDomainName: "Default",
          projectDomainName: "Default",
          regionName: "RegionOne",
          network: "runners-net",
        },
        githubApp: {
          appId: 99999,
          installationId: 67890,
          privateKeySecretId: "secret://7f3c0000-1111-4222-8333-444455556666/d1k3abcdefghijklmnop",
        },
        scaleset: {
          name: "small",
          flavor: "m1.small",
          osArch: "amd64",
          minIdleRunners: 0,
          maxRunners: 5,
          labels: ["noble", "large"],
          runnerGroup: "Default",
          target: { kind: "repository", name: "myorg/myrepo" },
          preInstallScript: "  echo hi\n",
        },
        runner: {
          dockerhubMirror: undefined,
          runnerHttpProxy: "http://proxy.example:3128",
          aproxyExcludeAddresses: ["10.0.0.0/8", "192.168.1.1"],
          aproxyRedirectPorts: [
            { first: 80, last: 80 },
            { first: 443, last: 443 },
            { first: 8000, last: 9000 },
          ],
          otelCollectorEndpoint: undefined,
          preJobScript: "echo job",
        },
        planner: { priority: 50, minimumPressure: 0 },
      },
    });
  });

  it("takes the planner options, a minimum pressure up to max-runner", () => {
    const result = parseConfiguratorConfig({
      ...valid,
      "planner-priority": 80,
      "planner-minimum-pressure": 5,
    });
    expect(result.ok && result.config.planner).toEqual({ priority: 80, minimumPressure: 5 });
  });

  it("applies the defaults of min-idle-runner and max-runner when they are absent", () => {
    const result = parseConfiguratorConfig(without("max-runner"));
    expect(result.ok && result.config.scaleset.maxRunners).toBe(1);
  });

  it.each<[string, RawConfig]>([
    ["http auth-url", { "openstack-auth-url": "http://keystone:5000/v3" }],
    ["org instead of repo", { repo: "", org: "myorg" }],
    ["org with runner group", { repo: undefined, org: "myorg", "runner-group": "ci" }],
    ["min equal to max", { "min-idle-runner": 5, "max-runner": 5 }],
    ["username with spaces kept", { "openstack-username": " user " }],
    ["IPv6 proxy", { "runner-http-proxy": "http://[::1]:3128" }],
    ["proxy with userinfo", { "runner-http-proxy": "http://user:pw@proxy.example:3128" }],
    ["mirror", { "dockerhub-mirror": "https://mirror.example:5000" }],
    ["otel", { "otel-collector-endpoint": "http://otel.example:4317" }],
    ["single port", { "runner-http-proxy": "http://p:3128", "aproxy-redirect-ports": "65535" }],
    ["full-range CIDR", { "runner-http-proxy": "http://p:3128", "aproxy-exclude-addresses": "0.0.0.0/0" }],
    ["int options as digit strings", { "github-app-id": "99999", "max-runner": "3" }],
  ])("accepts %s", (_label, change) => {
    expect(messages({ ...valid, ...change })).toEqual([]);
  });
});

describe("parseConfiguratorConfig: every rule has its message", () => {
  it.each<[string, RawConfig, string]>([
    ["missing auth-url", without("openstack-auth-url"), "openstack-auth-url is required"],
    ["empty username", { ...valid, "openstack-username": "" }, "openstack-username is required"],
    ["missing password", without("openstack-password"), "openstack-password is required"],
    ["blank project", { ...valid, "openstack-project-name": "  " }, "openstack-project-name is required"],
    ["missing user domain", without("openstack-user-domain-name"), "openstack-user-domain-name is required"],
    [
      "missing project domain",
      without("openstack-project-domain-name"),
      "openstack-project-domain-name is required",
    ],
    ["missing region", without("openstack-region-name"), "openstack-region-name is required"],
    ["whitespace network", { ...valid, "openstack-network": " \t" }, "openstack-network is required"],
    [
      "ftp auth-url",
      { ...valid, "openstack-auth-url": "ftp://keystone" },
      "openstack-auth-url must start with http:// or https://",
    ],
    [
      "upper-case scheme",
      { ...valid, "openstack-auth-url": "HTTPS://k" },
      "openstack-auth-url must start with http:// or https://",
    ],
    [
      "auth-url port 0",
      { ...valid, "openstack-auth-url": "https://k:0/v3" },
      "openstack-auth-url must be a valid http(s) URL",
    ],
    [
      "password not a secret",
      { ...valid, "openstack-password": "hunter2" },
      "openstack-password must be a Juju secret URI (secret:...)",
    ],
    [
      "network on two lines",
      { ...valid, "openstack-network": "a\nb" },
      "openstack-network must be a single line",
    ],
    ["missing app id", without("github-app-id"), "github-app-id is required"],
    ["zero app id", { ...valid, "github-app-id": 0 }, "github-app-id must be a positive integer"],
    ["fractional app id", { ...valid, "github-app-id": 1.5 }, "github-app-id must be an integer"],
    [
      "missing installation id",
      without("github-app-installation-id"),
      "github-app-installation-id is required",
    ],
    ["missing private key", without("github-app-private-key"), "github-app-private-key is required"],
    [
      "key not a secret",
      { ...valid, "github-app-private-key": "-----BEGIN" },
      "github-app-private-key must be a Juju secret URI (secret:...)",
    ],
    ["missing name", without("name"), "name is required"],
    ["empty flavor", { ...valid, flavor: "" }, "flavor is required"],
    ["whitespace os-arch", { ...valid, "os-arch": "  " }, "os-arch is required"],
    ["negative min idle", { ...valid, "min-idle-runner": -1 }, "min-idle-runner must be non-negative"],
    ["negative max", { ...valid, "max-runner": -5 }, "max-runner must be greater than 0"],
    ["zero max", { ...valid, "max-runner": 0 }, "max-runner must be greater than 0"],
    [
      "max below min",
      { ...valid, "min-idle-runner": 5, "max-runner": 3 },
      "max-runner must be greater than or equal to min-idle-runner",
    ],
    [
      "negative planner priority",
      { ...valid, "planner-priority": -1 },
      "planner-priority must be non-negative",
    ],
    [
      "planner priority over the limit",
      { ...valid, "planner-priority": 2 ** 31 },
      "planner-priority must be at most 2147483647",
    ],
    [
      "negative planner minimum pressure",
      { ...valid, "planner-minimum-pressure": -1 },
      "planner-minimum-pressure must be non-negative",
    ],
    [
      "planner minimum pressure above max-runner",
      { ...valid, "planner-minimum-pressure": 6 },
      "planner-minimum-pressure must be at most max-runner",
    ],
    [
      "fractional planner minimum pressure",
      { ...valid, "planner-minimum-pressure": 1.5 },
      "planner-minimum-pressure must be an integer",
    ],
    ["neither repo nor org", without("repo"), "At least one of repo or org must be provided"],
    ["both repo and org", { ...valid, org: "myorg" }, "repo and org are mutually exclusive"],
    ["repo without owner", { ...valid, repo: "myrepo" }, "repo must have the form owner/name"],
    ["bad org", { ...valid, repo: "", org: "my org" }, "org must be a GitHub organisation name"],
    [
      "ftp mirror",
      { ...valid, "dockerhub-mirror": "ftp://mirror.example" },
      "dockerhub-mirror must be a valid http(s) URL",
    ],
    [
      "proxy not a url",
      { ...valid, "runner-http-proxy": "not-a-url" },
      "runner-http-proxy must be a valid http(s) URL",
    ],
    [
      "proxy with a space",
      { ...valid, "runner-http-proxy": "http://proxy .example:3128" },
      "runner-http-proxy must be a valid http(s) URL",
    ],
    [
      "proxy bad port",
      { ...valid, "runner-http-proxy": "http://proxy.example:bad" },
      "runner-http-proxy must be a valid http(s) URL",
    ],
    [
      "proxy port 0",
      { ...valid, "runner-http-proxy": "http://proxy.example:0" },
      "runner-http-proxy must be a valid http(s) URL",
    ],
    [
      "proxy with newline",
      { ...valid, "runner-http-proxy": "http://x\nEVIL=1" },
      "runner-http-proxy must be a valid http(s) URL",
    ],
    [
      "otel missing host",
      { ...valid, "otel-collector-endpoint": "://missing-host" },
      "otel-collector-endpoint must be a valid http(s) URL",
    ],
    [
      "otel with backticks",
      { ...valid, "otel-collector-endpoint": "http://h:4317/`id`" },
      "otel-collector-endpoint must be a valid http(s) URL",
    ],
    [
      "bad exclude token",
      { ...valid, "runner-http-proxy": "http://p:3128", "aproxy-exclude-addresses": "10.0.0.1,not-an-ip" },
      "aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token: 'not-an-ip'",
    ],
    [
      "non-strict CIDR",
      { ...valid, "runner-http-proxy": "http://p:3128", "aproxy-exclude-addresses": "10.0.0.1/8" },
      "aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token: '10.0.0.1/8'",
    ],
    [
      "empty exclude token",
      { ...valid, "runner-http-proxy": "http://p:3128", "aproxy-exclude-addresses": "10.0.0.1," },
      "aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token: ''",
    ],
    [
      "IPv6 exclude",
      { ...valid, "runner-http-proxy": "http://p:3128", "aproxy-exclude-addresses": "2001:db8::1" },
      "aproxy-exclude-addresses only supports IPv4 addresses or CIDRs (the aproxy nft ruleset is IPv4-only); got: '2001:db8::1'",
    ],
    ...["80,not-a-port", "0", "65536", "443-80", "80 - 90", "+80", "80,"].map(
      (ports): [string, RawConfig, string] => [
        `ports ${ports}`,
        { ...valid, "runner-http-proxy": "http://p:3128", "aproxy-redirect-ports": ports },
        "aproxy-redirect-ports must be a comma-separated list of ports or N-M ranges in 1..65535",
      ],
    ),
    [
      "ports without proxy",
      { ...valid, "aproxy-redirect-ports": "80" },
      "aproxy-exclude-addresses and aproxy-redirect-ports require runner-http-proxy to be set",
    ],
    [
      "excludes without proxy",
      { ...valid, "aproxy-exclude-addresses": "10.0.0.0/8" },
      "aproxy-exclude-addresses and aproxy-redirect-ports require runner-http-proxy to be set",
    ],
    [
      "NUL in pre-install-scripts",
      { ...valid, "pre-install-scripts": "echo a\u0000b" },
      "pre-install-scripts must not contain NUL characters",
    ],
    [
      "NUL in pre-job-script",
      { ...valid, "pre-job-script": "echo a\u0000b" },
      "pre-job-script must not contain NUL characters",
    ],
    ["string where an int belongs", { ...valid, "max-runner": "five" }, "max-runner must be an integer"],
    ["int where a string belongs", { ...valid, flavor: 3 }, "flavor must be a string"],
  ])("%s", (_label, raw, message) => {
    const problems = messages(raw);
    expect(problems[0]).toBe(message);
  });

  it("reports problems in the reference's order: network before password, provider before scaleset", () => {
    const raw = { ...without("openstack-network"), "openstack-password": undefined, flavor: "", repo: "" };
    expect(messages(raw)).toEqual([
      "openstack-network is required",
      "openstack-password is required",
      "flavor is required",
      "At least one of repo or org must be provided",
    ]);
  });

  it("keeps every message on one line, even for hostile tokens", () => {
    const raw = {
      ...valid,
      "runner-http-proxy": "http://p:3128",
      "aproxy-exclude-addresses": "10.0.0.1\nEVIL",
    };
    for (const message of messages(raw)) expect(message).not.toMatch(/[\n\r]/u);
  });

  it("names the option of each problem", () => {
    const result = parseConfiguratorConfig({ ...valid, "max-runner": 0 });
    expect(result).toEqual({
      ok: false,
      problems: [{ option: "max-runner", message: "max-runner must be greater than 0" }],
    });
  });
});

/**
 * One state-transition test per validation rule, through the harness. Each starts from a running
 * configurator (everything published, secrets created and granted) and:
 *   1. runs config-changed with a bad value: blocked with the exact one-line message, the full
 *      detail logged at WARNING, and nothing new published (no databag or secret changes);
 *   2. runs config-changed with a good value on that blocked state: active again, and the
 *      published databags carry the (normalised) value.
 *
 * `REFERENCE_RULES` lists every rule of the Python charm (reference-charms.md part 1, by its
 * original message, and the part 3 rules the configurator enforces); a test checks each is proved
 * by at least one row below. Rows marked `ref: "ours"` are rules this charm adds.
 */
import {
  events,
  getSecret,
  secret,
  type Context,
  type RelationState,
  type SecretState,
  type State,
} from "@garm-charms/charm-testing";
import { readGarmConfiguratorUnitData } from "@garm-charms/interfaces";
import { beforeAll, describe, expect, it } from "vitest";

import { GITHUB_KEY_SECRET_LABEL, PASSWORD_SECRET_LABEL, STATUS_READY } from "../src/index.js";
import {
  baseState,
  garmRelation,
  imageRelation,
  keySecret,
  newContext,
  PASSWORD,
  passwordSecret,
  PRIVATE_KEY,
  published,
  validConfig,
  withConfig,
  writeCalls,
} from "./fixtures.js";

/** The reference charm's rules, named by its own message (or the part 3 rule). */
const REFERENCE_RULES = [
  "Missing required configuration: openstack-auth-url",
  "openstack-auth-url must start with http:// or https://",
  "Missing required configuration: openstack-username",
  "Missing required configuration: openstack-password",
  "openstack-password secret is invalid or missing 'value' key (not found)",
  "openstack-password secret is invalid or missing 'value' key (no value key)",
  "Missing required configuration: openstack-project-name",
  "Missing required configuration: openstack-user-domain-name",
  "Missing required configuration: openstack-project-domain-name",
  "Missing required configuration: openstack-region-name",
  "Missing required configuration: openstack-network",
  "order: the seven OpenStack strings before the password",
  "order: provider, then GitHub App, then scaleset, then runner options",
  "Missing required configuration: github-app-id",
  "Missing required configuration: github-app-installation-id",
  "Missing required configuration: github-app-private-key",
  "github-app-private-key secret is invalid or missing 'value' key (not found)",
  "github-app-private-key secret is invalid or missing 'value' key (no value key)",
  "Missing required configuration: name",
  "Missing required configuration: flavor",
  "Missing required configuration: os-arch",
  "min-idle-runner must be non-negative",
  "max-runner must be greater than 0",
  "max-runner must be greater than or equal to min-idle-runner",
  "repo and org are mutually exclusive",
  "At least one of repo or org must be provided",
  "dockerhub-mirror must be a valid http(s) URL",
  "runner-http-proxy must be a valid http(s) URL",
  "otel-collector-endpoint must be a valid http(s) URL",
  "URLs: no whitespace anywhere, port not 0 (part 3 §3.5.5)",
  "aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token",
  "aproxy-exclude-addresses only supports IPv4 addresses or CIDRs",
  "aproxy-redirect-ports must be a comma-separated list of ports or N-M ranges in 1..65535",
  "ports within 1..65535 and N <= M (part 3 §3.5.5)",
  "aproxy-exclude-addresses and aproxy-redirect-ports require runner-http-proxy to be set",
  "normalisation: labels, runner-group, repo/org and the runner options stripped",
  "normalisation: pre-install-scripts published raw as pre_install.sh",
  "normalisation: pre-job-script stripped, multi-line kept",
  "normalisation: a blank runner option is unset (its key removed)",
  "normalisation: the operator's URL string is published as given, not re-serialised",
] as const;

type ReferenceRule = (typeof REFERENCE_RULES)[number];

interface Change {
  /** Options to set; `undefined` unsets one. Applied over the valid config. */
  readonly config?: Readonly<Record<string, string | number | undefined>>;
  /** Replaces the model's secrets (user secrets and the relation secrets already created). */
  readonly secrets?: (secrets: readonly SecretState[]) => SecretState[];
}

interface RuleCase {
  readonly ref: ReferenceRule | "ours";
  readonly title: string;
  readonly bad: readonly Change[];
  readonly message: string;
  readonly good: Change;
  /** Keys the garm-configurator databag holds after the good run. */
  readonly garm?: Readonly<Record<string, string>>;
  /** Keys the image databag holds after the good run. */
  readonly image?: Readonly<Record<string, string>>;
  /** Keys absent from the garm-configurator databag after the good run. */
  readonly absent?: readonly string[];
  /** Further checks of the good run's State. */
  readonly check?: (out: State) => void;
}

const NEW_PASSWORD = "pw-n3w-operator-Rt90";
const NEW_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEnew-key-material-Pq31\n-----END RSA PRIVATE KEY-----";
const newPasswordSecret = secret({
  id: "secret:newpw000000000000000",
  content: { value: NEW_PASSWORD },
  granted: true,
});
const newKeySecret = secret({
  id: "secret:newkey00000000000000",
  content: { value: NEW_KEY },
  granted: true,
});

const without =
  (id: string) =>
  (secrets: readonly SecretState[]): SecretState[] =>
    secrets.filter((s) => s.id !== id);
const replacing =
  (replacement: SecretState) =>
  (secrets: readonly SecretState[]): SecretState[] =>
    secrets.map((s) => (s.id === replacement.id ? replacement : s));
const adding =
  (extra: SecretState) =>
  (secrets: readonly SecretState[]): SecretState[] => [...secrets, extra];

const READ_HINT = "check it exists and run juju grant-secret <secret> garm-configurator";
const PROXY = "http://proxy.example:3128";

/** A new password secret as the good value: published to the image builder and into the relation secret. */
const newPassword: Pick<RuleCase, "good" | "image" | "check"> = {
  good: { config: { "openstack-password": newPasswordSecret.id }, secrets: adding(newPasswordSecret) },
  image: { password: NEW_PASSWORD },
  check: (out) =>
    expect(getSecret(out, { label: PASSWORD_SECRET_LABEL })?.revisions.at(-1)?.content).toEqual({
      value: NEW_PASSWORD,
    }),
};
const newKey: Pick<RuleCase, "good" | "check"> = {
  good: { config: { "github-app-private-key": newKeySecret.id }, secrets: adding(newKeySecret) },
  check: (out) =>
    expect(getSecret(out, { label: GITHUB_KEY_SECRET_LABEL })?.revisions.at(-1)?.content).toEqual({
      value: NEW_KEY,
    }),
};

/** A required OpenStack string: blank or unset is blocked; a new value reaches both databags. */
function requiredOpenStack(
  option: string,
  ref: ReferenceRule,
  value: string,
  garmKey: string,
  imageKey?: string,
): RuleCase {
  return {
    ref,
    title: `${option} is required`,
    bad: [{ config: { [option]: undefined } }, { config: { [option]: "" } }, { config: { [option]: " \t" } }],
    message: `${option} is required`,
    good: { config: { [option]: value } },
    garm: { [garmKey]: value },
    ...(imageKey === undefined ? {} : { image: { [imageKey]: value } }),
  };
}

function requiredScaleset(option: string, ref: ReferenceRule, value: string, key: string): RuleCase {
  return {
    ref,
    title: `${option} is required (stripped)`,
    bad: [{ config: { [option]: undefined } }, { config: { [option]: "" } }, { config: { [option]: "   " } }],
    message: `${option} is required`,
    good: { config: { [option]: `  ${value} ` } },
    garm: { [key]: value },
  };
}

function badUrls(option: string, values: readonly string[]): Change[] {
  return values.map((value) => ({ config: { [option]: value } }));
}

const BAD_URLS = [
  "ftp://host.example",
  "not-a-url",
  "://missing-host",
  "http://host .example:3128",
  "http://host.example:bad",
  "http://x\nEVIL=1",
  "HTTP://host.example",
];

const RULES: readonly RuleCase[] = [
  // OpenStack provider
  {
    ...requiredOpenStack(
      "openstack-auth-url",
      "Missing required configuration: openstack-auth-url",
      "http://keystone.internal:5000/v3",
      "openstack_auth_url",
      "auth_url",
    ),
  },
  {
    ref: "openstack-auth-url must start with http:// or https://",
    title: "openstack-auth-url scheme",
    bad: [
      { config: { "openstack-auth-url": "ftp://keystone" } },
      { config: { "openstack-auth-url": "keystone.example.com:5000/v3" } },
      { config: { "openstack-auth-url": "HTTPS://keystone" } },
    ],
    message: "openstack-auth-url must start with http:// or https://",
    good: { config: { "openstack-auth-url": " https://keystone.example.org/v3 " } },
    garm: { openstack_auth_url: "https://keystone.example.org/v3" },
    image: { auth_url: "https://keystone.example.org/v3" },
  },
  {
    ref: "URLs: no whitespace anywhere, port not 0 (part 3 §3.5.5)",
    title: "openstack-auth-url is a whole valid URL",
    bad: [
      { config: { "openstack-auth-url": "https://keystone:0/v3" } },
      { config: { "openstack-auth-url": "https://key stone/v3" } },
      { config: { "openstack-auth-url": "https://keystone:70000/v3" } },
    ],
    message: "openstack-auth-url must be a valid http(s) URL",
    good: { config: { "openstack-auth-url": "https://keystone:65535/v3" } },
    garm: { openstack_auth_url: "https://keystone:65535/v3" },
  },
  {
    ...requiredOpenStack(
      "openstack-username",
      "Missing required configuration: openstack-username",
      " runner-user ",
      "openstack_username",
      "username",
    ),
    title: "openstack-username is required (kept unstripped, as the reference)",
  },
  {
    ref: "Missing required configuration: openstack-password",
    title: "openstack-password is required",
    // Juju itself refuses a secret option that is not a secret URI, so unset is the only bad value.
    bad: [{ config: { "openstack-password": undefined } }],
    message: "openstack-password is required",
    ...newPassword,
  },
  {
    ref: "openstack-password secret is invalid or missing 'value' key (not found)",
    title: "openstack-password secret not found or not granted",
    bad: [
      { secrets: without(passwordSecret.id) },
      { secrets: replacing({ ...passwordSecret, granted: false }) },
    ],
    message: `openstack-password secret cannot be read: ${READ_HINT}`,
    ...newPassword,
  },
  {
    ref: "openstack-password secret is invalid or missing 'value' key (no value key)",
    title: "openstack-password secret without a value key",
    bad: [
      {
        secrets: replacing(secret({ id: passwordSecret.id, content: { password: PASSWORD }, granted: true })),
      },
    ],
    message: "openstack-password secret has no 'value' key",
    ...newPassword,
  },
  {
    ref: "ours",
    title: "openstack-password secret with an empty value",
    bad: [{ secrets: replacing(secret({ id: passwordSecret.id, content: { value: "" }, granted: true })) }],
    message: "openstack-password secret's 'value' is empty",
    ...newPassword,
  },
  requiredOpenStack(
    "openstack-project-name",
    "Missing required configuration: openstack-project-name",
    "other-project",
    "openstack_project_name",
    "project_name",
  ),
  requiredOpenStack(
    "openstack-user-domain-name",
    "Missing required configuration: openstack-user-domain-name",
    "users",
    "openstack_user_domain_name",
    "user_domain_name",
  ),
  requiredOpenStack(
    "openstack-project-domain-name",
    "Missing required configuration: openstack-project-domain-name",
    "projects",
    "openstack_project_domain_name",
    "project_domain_name",
  ),
  requiredOpenStack(
    "openstack-region-name",
    "Missing required configuration: openstack-region-name",
    "RegionTwo",
    "openstack_region_name",
  ),
  requiredOpenStack(
    "openstack-network",
    "Missing required configuration: openstack-network",
    "tenant-net-2",
    "openstack_network",
  ),
  {
    ref: "ours",
    title: "OpenStack strings are single lines",
    bad: [{ config: { "openstack-network": "net\nEVIL=1" } }],
    message: "openstack-network must be a single line",
    good: { config: { "openstack-network": "net-3" } },
    garm: { openstack_network: "net-3" },
  },
  {
    ref: "order: the seven OpenStack strings before the password",
    title: "with network and password both missing, the status names the network",
    bad: [{ config: { "openstack-network": "", "openstack-password": undefined } }],
    message: "openstack-network is required",
    good: {},
    garm: { openstack_network: "runners-net" },
  },
  {
    ref: "order: provider, then GitHub App, then scaleset, then runner options",
    title: "the GitHub App is checked before the scaleset",
    bad: [{ config: { flavor: "", "github-app-id": undefined } }],
    message: "github-app-id is required",
    good: {},
    garm: { flavor: "m1.small", github_app_id: "99999" },
  },
  {
    ref: "order: provider, then GitHub App, then scaleset, then runner options",
    title: "the provider is checked before the GitHub App",
    bad: [{ config: { "github-app-id": undefined, "openstack-region-name": "" } }],
    message: "openstack-region-name is required",
    good: {},
    garm: { openstack_region_name: "RegionOne" },
  },
  {
    ref: "order: provider, then GitHub App, then scaleset, then runner options",
    title: "the scaleset is checked before the runner options",
    bad: [{ config: { "dockerhub-mirror": "ftp://mirror", "max-runner": 0 } }],
    message: "max-runner must be greater than 0",
    good: {},
    garm: { max_runner: "5" },
  },
  // GitHub App
  {
    ref: "Missing required configuration: github-app-id",
    title: "github-app-id is required",
    bad: [{ config: { "github-app-id": undefined } }],
    message: "github-app-id is required",
    good: { config: { "github-app-id": 12345 } },
    garm: { github_app_id: "12345" },
  },
  {
    ref: "ours",
    title: "github-app-id is positive",
    bad: [{ config: { "github-app-id": 0 } }, { config: { "github-app-id": -3 } }],
    message: "github-app-id must be a positive integer",
    good: { config: { "github-app-id": 1 } },
    garm: { github_app_id: "1" },
  },
  {
    ref: "Missing required configuration: github-app-installation-id",
    title: "github-app-installation-id is required",
    bad: [{ config: { "github-app-installation-id": undefined } }],
    message: "github-app-installation-id is required",
    good: { config: { "github-app-installation-id": 424242 } },
    garm: { github_installation_id: "424242" },
  },
  {
    ref: "Missing required configuration: github-app-private-key",
    title: "github-app-private-key is required",
    bad: [{ config: { "github-app-private-key": undefined } }],
    message: "github-app-private-key is required",
    ...newKey,
  },
  {
    ref: "github-app-private-key secret is invalid or missing 'value' key (not found)",
    title: "github-app-private-key secret not found or not granted",
    bad: [{ secrets: without(keySecret.id) }, { secrets: replacing({ ...keySecret, granted: false }) }],
    message: `github-app-private-key secret cannot be read: ${READ_HINT}`,
    ...newKey,
  },
  {
    ref: "github-app-private-key secret is invalid or missing 'value' key (no value key)",
    title: "github-app-private-key secret without a value key",
    bad: [{ secrets: replacing(secret({ id: keySecret.id, content: { pem: PRIVATE_KEY }, granted: true })) }],
    message: "github-app-private-key secret has no 'value' key",
    ...newKey,
  },
  {
    ref: "ours",
    title: "github-app-private-key secret with an empty value",
    bad: [{ secrets: replacing(secret({ id: keySecret.id, content: { value: "" }, granted: true })) }],
    message: "github-app-private-key secret's 'value' is empty",
    ...newKey,
  },
  // Scaleset
  requiredScaleset("name", "Missing required configuration: name", "large", "name"),
  requiredScaleset("flavor", "Missing required configuration: flavor", "m1.large", "flavor"),
  requiredScaleset("os-arch", "Missing required configuration: os-arch", "arm64", "os_arch"),
  {
    ref: "min-idle-runner must be non-negative",
    title: "min-idle-runner >= 0",
    bad: [{ config: { "min-idle-runner": -1 } }],
    message: "min-idle-runner must be non-negative",
    good: { config: { "min-idle-runner": 2 } },
    garm: { min_idle_runner: "2", max_runner: "5" },
  },
  {
    ref: "max-runner must be greater than 0",
    title: "max-runner > 0",
    bad: [{ config: { "max-runner": 0 } }, { config: { "max-runner": -5 } }],
    message: "max-runner must be greater than 0",
    good: { config: { "max-runner": 10 } },
    garm: { max_runner: "10" },
  },
  {
    ref: "max-runner must be greater than or equal to min-idle-runner",
    title: "max-runner >= min-idle-runner",
    bad: [{ config: { "min-idle-runner": 5, "max-runner": 3 } }],
    message: "max-runner must be greater than or equal to min-idle-runner",
    good: { config: { "min-idle-runner": 3, "max-runner": 3 } },
    garm: { min_idle_runner: "3", max_runner: "3" },
  },
  {
    ref: "repo and org are mutually exclusive",
    title: "repo xor org",
    bad: [{ config: { org: "myorg" } }],
    message: "repo and org are mutually exclusive",
    good: { config: { repo: undefined, org: " myorg " } },
    garm: { org: "myorg" },
    absent: ["repo"],
  },
  {
    ref: "At least one of repo or org must be provided",
    title: "repo or org is required",
    bad: [{ config: { repo: undefined } }, { config: { repo: "  ", org: "" } }],
    message: "At least one of repo or org must be provided",
    good: { config: { repo: " other/repo " } },
    garm: { repo: "other/repo" },
    absent: ["org"],
  },
  {
    ref: "ours",
    title: "repo is owner/name",
    bad: [{ config: { repo: "myrepo" } }, { config: { repo: "a/b/c" } }],
    message: "repo must have the form owner/name",
    good: { config: { repo: "my-org/my.repo" } },
    garm: { repo: "my-org/my.repo" },
  },
  {
    ref: "ours",
    title: "org is a GitHub organisation name",
    bad: [{ config: { repo: undefined, org: "my org" } }, { config: { repo: undefined, org: "-org" } }],
    message: "org must be a GitHub organisation name",
    good: { config: { repo: undefined, org: "my-org" } },
    garm: { org: "my-org" },
  },
  {
    ref: "normalisation: labels, runner-group, repo/org and the runner options stripped",
    title: "labels and runner-group are single lines, stripped",
    bad: [{ config: { labels: "noble\nEVIL" } }],
    message: "labels must be a single line",
    good: { config: { labels: " noble , large,,", "runner-group": " ci " } },
    garm: { labels: "noble,large", runner_group: "ci" },
  },
  {
    ref: "ours",
    title: "runner-group is a single line",
    bad: [{ config: { "runner-group": "ci\nEVIL" } }],
    message: "runner-group must be a single line",
    good: { config: { "runner-group": "" } },
    absent: ["runner_group"],
  },
  {
    ref: "normalisation: pre-install-scripts published raw as pre_install.sh",
    title: "pre-install-scripts has no NUL",
    bad: [{ config: { "pre-install-scripts": "echo a\u0000b" } }],
    message: "pre-install-scripts must not contain NUL characters",
    good: { config: { "pre-install-scripts": "  apt-get install -y jq\n" } },
    garm: { pre_install_scripts: '{"pre_install.sh": "  apt-get install -y jq\\n"}' },
  },
  // Runner options
  {
    ref: "dockerhub-mirror must be a valid http(s) URL",
    title: "dockerhub-mirror is an http(s) URL",
    bad: badUrls("dockerhub-mirror", BAD_URLS),
    message: "dockerhub-mirror must be a valid http(s) URL",
    good: { config: { "dockerhub-mirror": " https://mirror.example.org:5000 " } },
    garm: { dockerhub_mirror: "https://mirror.example.org:5000" },
  },
  {
    ref: "runner-http-proxy must be a valid http(s) URL",
    title: "runner-http-proxy is an http(s) URL (userinfo and IPv6 allowed)",
    bad: badUrls("runner-http-proxy", BAD_URLS),
    message: "runner-http-proxy must be a valid http(s) URL",
    good: { config: { "runner-http-proxy": "http://user:pass@[2001:db8::1]:3128" } },
    garm: { runner_http_proxy: "http://user:pass@[2001:db8::1]:3128" },
  },
  {
    ref: "otel-collector-endpoint must be a valid http(s) URL",
    title: "otel-collector-endpoint is an http(s) URL",
    bad: [
      ...badUrls("otel-collector-endpoint", BAD_URLS),
      { config: { "otel-collector-endpoint": "http://h/`id`" } },
    ],
    message: "otel-collector-endpoint must be a valid http(s) URL",
    good: { config: { "otel-collector-endpoint": "http://otel.example:4317" } },
    garm: { otel_collector_endpoint: "http://otel.example:4317" },
  },
  {
    ref: "URLs: no whitespace anywhere, port not 0 (part 3 §3.5.5)",
    title: "URL ports are 1..65535 and whitespace is rejected anywhere",
    bad: badUrls("dockerhub-mirror", [
      "https://mirror.example:0",
      "https://mirror.example:65536",
      "https://mirror.example/a b",
      "https://mirror.example/\tx",
    ]),
    message: "dockerhub-mirror must be a valid http(s) URL",
    good: { config: { "dockerhub-mirror": "https://mirror.example:1/v2" } },
    garm: { dockerhub_mirror: "https://mirror.example:1/v2" },
  },
  {
    ref: "normalisation: the operator's URL string is published as given, not re-serialised",
    title: "URLs are published as the operator wrote them",
    bad: badUrls("otel-collector-endpoint", ["https://Otel.Example:0"]),
    message: "otel-collector-endpoint must be a valid http(s) URL",
    good: { config: { "otel-collector-endpoint": "https://Otel.Example:04317/v1/../v1" } },
    garm: { otel_collector_endpoint: "https://Otel.Example:04317/v1/../v1" },
  },
  {
    ref: "normalisation: a blank runner option is unset (its key removed)",
    title: "a blank runner option removes its key",
    bad: badUrls("dockerhub-mirror", ["mirror.example"]),
    message: "dockerhub-mirror must be a valid http(s) URL",
    good: { config: { "dockerhub-mirror": "   ", "pre-job-script": " \n " } },
    absent: ["dockerhub_mirror", "pre_job_script"],
  },
  ...(
    [
      ["10.0.0.1,not-an-ip", "not-an-ip"],
      ["10.0.0.1/8", "10.0.0.1/8"],
      ["10.0.0.1,", ""],
      ["10.0.0.0/33", "10.0.0.0/33"],
      ["256.1.1.1", "256.1.1.1"],
    ] as const
  ).map(([value, token]): RuleCase => ({
    ref: "aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token",
    title: `aproxy-exclude-addresses rejects ${JSON.stringify(value)}`,
    bad: [{ config: { "runner-http-proxy": PROXY, "aproxy-exclude-addresses": value } }],
    message: `aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token: '${token}'`,
    good: {
      config: { "runner-http-proxy": PROXY, "aproxy-exclude-addresses": " 10.0.0.0/8 , 192.168.1.1 " },
    },
    garm: { runner_http_proxy: PROXY, aproxy_exclude_addresses: "10.0.0.0/8,192.168.1.1" },
  })),
  {
    ref: "aproxy-exclude-addresses only supports IPv4 addresses or CIDRs",
    title: "aproxy-exclude-addresses is IPv4 only",
    bad: [{ config: { "runner-http-proxy": PROXY, "aproxy-exclude-addresses": "10.0.0.0/8,2001:db8::/32" } }],
    message:
      "aproxy-exclude-addresses only supports IPv4 addresses or CIDRs (the aproxy nft ruleset is IPv4-only); got: '2001:db8::/32'",
    good: { config: { "runner-http-proxy": PROXY, "aproxy-exclude-addresses": "0.0.0.0/0" } },
    garm: { aproxy_exclude_addresses: "0.0.0.0/0" },
  },
  {
    ref: "aproxy-redirect-ports must be a comma-separated list of ports or N-M ranges in 1..65535",
    title: "aproxy-redirect-ports syntax",
    bad: ["80,not-a-port", "80,", "80 - 90", "+80", "80;443"].map((ports) => ({
      config: { "runner-http-proxy": PROXY, "aproxy-redirect-ports": ports },
    })),
    message: "aproxy-redirect-ports must be a comma-separated list of ports or N-M ranges in 1..65535",
    good: { config: { "runner-http-proxy": PROXY, "aproxy-redirect-ports": " 80, 443,8000-9000 " } },
    garm: { aproxy_redirect_ports: "80,443,8000-9000" },
  },
  {
    ref: "ports within 1..65535 and N <= M (part 3 §3.5.5)",
    title: "aproxy-redirect-ports bounds and order",
    bad: ["0", "65536", "443-80", "1-65536"].map((ports) => ({
      config: { "runner-http-proxy": PROXY, "aproxy-redirect-ports": ports },
    })),
    message: "aproxy-redirect-ports must be a comma-separated list of ports or N-M ranges in 1..65535",
    good: { config: { "runner-http-proxy": PROXY, "aproxy-redirect-ports": "1,80-80,65535" } },
    garm: { aproxy_redirect_ports: "1,80,65535" },
  },
  {
    ref: "aproxy-exclude-addresses and aproxy-redirect-ports require runner-http-proxy to be set",
    title: "aproxy options need a proxy",
    bad: [
      { config: { "aproxy-redirect-ports": "80" } },
      { config: { "aproxy-exclude-addresses": "10.0.0.0/8" } },
      { config: { "runner-http-proxy": "  ", "aproxy-redirect-ports": "80" } },
    ],
    message: "aproxy-exclude-addresses and aproxy-redirect-ports require runner-http-proxy to be set",
    good: { config: { "runner-http-proxy": PROXY, "aproxy-redirect-ports": "80" } },
    garm: { runner_http_proxy: PROXY, aproxy_redirect_ports: "80" },
  },
  {
    ref: "normalisation: pre-job-script stripped, multi-line kept",
    title: "pre-job-script has no NUL; stripped, multi-line kept",
    bad: [{ config: { "pre-job-script": "echo a\u0000b" } }],
    message: "pre-job-script must not contain NUL characters",
    good: { config: { "pre-job-script": "\n echo one\necho two \n" } },
    garm: { pre_job_script: "echo one\necho two" },
  },
];

let ctx: Context;
let running: State;

beforeAll(async () => {
  ctx = newContext();
  running = await ctx.run(
    events.configChanged(),
    baseState({ relations: [imageRelation(true), garmRelation()] }),
  );
  expect(running.unitStatus).toEqual({ name: "active", message: STATUS_READY });
});

/** `change` over the valid config and the running model's secrets, on top of `from`. */
function applying(from: State, change: Change): State {
  return {
    ...from,
    config: withConfig(validConfig, change.config ?? {}),
    secrets: change.secrets === undefined ? [...running.secrets] : change.secrets(running.secrets),
  };
}

function relationOf(s: State, endpoint: string): RelationState {
  const found = s.relations.find((r) => r.endpoint === endpoint);
  if (found === undefined) throw new Error(`no ${endpoint} relation in the state`);
  return found;
}

function relationData(s: State): unknown {
  return s.relations.map((r) => ({ id: r.id, unit: r.localUnitData, app: r.localAppData }));
}

describe("every validation rule through config-changed", () => {
  it("covers every rule of the reference charm", () => {
    const covered = new Set<string>(RULES.map((rule) => rule.ref));
    expect(REFERENCE_RULES.filter((rule) => !covered.has(rule))).toEqual([]);
  });

  describe.each(RULES.map((rule) => [rule.title, rule] as const))("%s", (_title, rule) => {
    it.each(rule.bad.map((change, i) => [i, change] as const))(
      "bad value #%i: blocked with the exact message, logged, nothing new published",
      async (_i, change) => {
        const input = applying(running, change);
        const out = await ctx.run(events.configChanged(), input);
        expect(out.unitStatus).toEqual({ name: "blocked", message: rule.message });
        const warning = ctx.jujuLog.find((line) => line.level === "WARNING")?.message ?? "";
        expect(warning).toMatch(/^Invalid charm config:\n/u);
        expect(warning).toContain(rule.message);
        expect(relationData(out)).toEqual(relationData(running));
        expect(out.secrets).toEqual(input.secrets);
        expect(writeCalls(ctx)).toEqual([]);
      },
    );

    it("good value: active, and the databags carry it", async () => {
      const blocked = await ctx.run(events.configChanged(), applying(running, rule.bad[0]!));
      expect(blocked.unitStatus.name).toBe("blocked");
      const out = await ctx.run(events.configChanged(), applying(blocked, rule.good));
      expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
      const garmBag = published(out, relationOf(out, "garm-configurator"));
      expect(garmBag).toMatchObject(rule.garm ?? {});
      expect(published(out, relationOf(out, "image"))).toMatchObject(rule.image ?? {});
      for (const key of rule.absent ?? []) expect(garmBag).not.toHaveProperty(key);
      // What was published is exactly what the garm charm's reader accepts.
      expect(readGarmConfiguratorUnitData(garmBag).ok).toBe(true);
      rule.check?.(out);
    });
  });
});

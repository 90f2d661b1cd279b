import { describe, expect, it } from "vitest";
import {
  GARM_CONFIGURATOR_KEYS,
  pythonJsonStringMap,
  readGarmConfiguratorUnitData,
  writeGarmConfiguratorUnitData,
  type ConfiguratorPublication,
} from "./garm-configurator-v0.js";

const PASSWORD_URI = "secret://7f3c0000-1111-4222-8333-444455556666/d1k2abcdefghijklmnop";
const KEY_URI = "secret:d1k3abcdefghijklmnop";

const publication: ConfiguratorPublication = {
  providerName: "garm-configurator-0",
  imageId: "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c",
  scaleset: {
    name: "small",
    flavor: "m1.small",
    osArch: "amd64",
    minIdleRunners: 1,
    maxRunners: 5,
    labels: ["self-hosted", "noble"],
    runnerGroup: "Default",
    target: { kind: "repository", name: "myorg/myrepo" },
    preInstallScripts: { "pre_install.sh": "echo héllo\n" },
    runner: {
      dockerhubMirror: "https://mirror.example:5000",
      runnerHttpProxy: "http://proxy.example:3128",
      aproxyExcludeAddresses: ["10.0.0.0/8", "192.168.1.1"],
      aproxyRedirectPorts: [
        { first: 80, last: 80 },
        { first: 8000, last: 9000 },
      ],
      otelCollectorEndpoint: "http://otel.example:4317",
      preJobScript: "echo pre-job\necho done",
    },
  },
  credentials: {
    openstack: {
      authUrl: "https://keystone.example.com:5000/v3",
      username: "garm-runners",
      passwordSecretUri: PASSWORD_URI,
      projectName: "garm-runners",
      userDomainName: "Default",
      projectDomainName: "Default",
      regionName: "RegionOne",
      network: "runners-net",
    },
    githubApp: { appId: 99999, installationId: 67890, privateKeySecretUri: KEY_URI },
  },
};

/** What Juju keeps after relation-set: empty values delete keys. */
function applied(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== ""));
}

/** A databag as the Python garm-configurator writes it (reference §1.4), with a stale org key. */
const pythonBag: Record<string, string> = {
  name: "small",
  provider_name: "garm-configurator-0",
  image_id: "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c",
  flavor: "m1.small",
  os_arch: "amd64",
  min_idle_runner: "0",
  max_runner: "5",
  labels: "self-hosted, noble",
  runner_group: "Default",
  pre_install_scripts: '{"pre_install.sh": "echo hi"}',
  repo: "myorg/myrepo",
  aproxy_exclude_addresses: "10.0.0.0/8",
  aproxy_redirect_ports: "80,443",
  runner_http_proxy: "http://proxy.example:3128",
  openstack_auth_url: "https://keystone.example.com:5000/v3",
  openstack_username: "garm-runners",
  openstack_password_secret_uri: PASSWORD_URI,
  openstack_project_name: "garm-runners",
  openstack_user_domain_name: "Default",
  openstack_project_domain_name: "Default",
  openstack_region_name: "RegionOne",
  openstack_network: "runners-net",
  github_app_id: "99999",
  github_installation_id: "67890",
  github_private_key_secret_uri: KEY_URI,
};

describe("writeGarmConfiguratorUnitData", () => {
  it("encodes every field with the Python charm's key names and encodings", () => {
    const { data } = writeGarmConfiguratorUnitData(publication);
    expect(applied(data)).toEqual({
      name: "small",
      provider_name: "garm-configurator-0",
      image_id: "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c",
      flavor: "m1.small",
      os_arch: "amd64",
      min_idle_runner: "1",
      max_runner: "5",
      labels: "self-hosted,noble",
      runner_group: "Default",
      pre_install_scripts: '{"pre_install.sh": "echo h\\u00e9llo\\n"}',
      repo: "myorg/myrepo",
      dockerhub_mirror: "https://mirror.example:5000",
      runner_http_proxy: "http://proxy.example:3128",
      aproxy_exclude_addresses: "10.0.0.0/8,192.168.1.1",
      aproxy_redirect_ports: "80,8000-9000",
      otel_collector_endpoint: "http://otel.example:4317",
      pre_job_script: "echo pre-job\necho done",
      openstack_auth_url: "https://keystone.example.com:5000/v3",
      openstack_username: "garm-runners",
      openstack_password_secret_uri: PASSWORD_URI,
      openstack_project_name: "garm-runners",
      openstack_user_domain_name: "Default",
      openstack_project_domain_name: "Default",
      openstack_region_name: "RegionOne",
      openstack_network: "runners-net",
      github_app_id: "99999",
      github_installation_id: "67890",
      github_private_key_secret_uri: KEY_URI,
    });
  });

  it("deletes cleared options, the other target and plaintext secret keys", () => {
    const { data, removedKeys } = writeGarmConfiguratorUnitData({
      ...publication,
      imageId: undefined,
      credentials: undefined,
      scaleset: {
        ...publication.scaleset,
        labels: [],
        runnerGroup: undefined,
        preInstallScripts: {},
        target: { kind: "organization", name: "myorg" },
        runner: {
          dockerhubMirror: undefined,
          runnerHttpProxy: undefined,
          aproxyExcludeAddresses: [],
          aproxyRedirectPorts: [],
          otelCollectorEndpoint: undefined,
          preJobScript: undefined,
        },
      },
    });
    expect(applied(data)).toEqual({
      name: "small",
      provider_name: "garm-configurator-0",
      flavor: "m1.small",
      os_arch: "amd64",
      min_idle_runner: "1",
      max_runner: "5",
      org: "myorg",
    });
    for (const key of [
      "repo",
      "image_id",
      "labels",
      "pre_job_script",
      "openstack_auth_url",
      "openstack_password",
    ]) {
      expect(removedKeys).toContain(key);
      expect(data[key]).toBe("");
    }
    expect(Object.keys(data)).toEqual(expect.arrayContaining(Object.keys(GARM_CONFIGURATOR_KEYS)));
  });

  it("matches Python's json.dumps for pre-install scripts", () => {
    expect(pythonJsonStringMap({ "pre_install.sh": 'a "b"\n\u00e9\u4e2d' })).toBe(
      '{"pre_install.sh": "a \\"b\\"\\n\\u00e9\\u4e2d"}',
    );
  });
});

describe("readGarmConfiguratorUnitData", () => {
  it("round-trips what the writer wrote", () => {
    const read = readGarmConfiguratorUnitData(applied(writeGarmConfiguratorUnitData(publication).data));
    expect(read).toEqual({
      ok: true,
      scalesetName: "small",
      value: {
        providerName: publication.providerName,
        imageId: publication.imageId,
        scaleset: publication.scaleset,
        ...publication.credentials,
      },
    });
  });

  it("reads a databag written by the Python configurator (org preferred when both are present)", () => {
    const read = readGarmConfiguratorUnitData({ ...pythonBag, org: "stale-org" });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.scaleset.target).toEqual({ kind: "organization", name: "stale-org" });
    expect(read.value.scaleset.labels).toEqual(["self-hosted", "noble"]);
    expect(read.value.scaleset.preInstallScripts).toEqual({ "pre_install.sh": "echo hi" });
    expect(read.value.scaleset.runner.aproxyRedirectPorts).toEqual([
      { first: 80, last: 80 },
      { first: 443, last: 443 },
    ]);
    expect(read.value.githubApp).toEqual({
      appId: 99999,
      installationId: 67890,
      privateKeySecretUri: KEY_URI,
    });
  });

  it("ignores a legacy plaintext password and never returns it", () => {
    const read = readGarmConfiguratorUnitData({ ...pythonBag, openstack_password: "s3cr3t" });
    expect(JSON.stringify(read)).not.toContain("s3cr3t");
  });

  it("is incomplete, not invalid, while the image id and credentials are still unpublished", () => {
    const stepOne = applied(
      writeGarmConfiguratorUnitData({ ...publication, imageId: undefined, credentials: undefined }).data,
    );
    const read = readGarmConfiguratorUnitData(stepOne);
    expect(read.ok).toBe(false);
    if (read.ok || read.state !== "incomplete")
      throw new Error(`expected incomplete, got ${JSON.stringify(read)}`);
    expect(read.scalesetName).toBe("small");
    expect(read.missing).toEqual(expect.arrayContaining(["image_id", "openstack_auth_url", "github_app_id"]));
    expect(read.missing).not.toContain("name");
  });

  it("is incomplete for an empty databag", () => {
    const read = readGarmConfiguratorUnitData({});
    expect(read).toMatchObject({ ok: false, state: "incomplete", scalesetName: undefined });
  });

  it.each([
    ["max_runner", "0", "max_runner must be a positive decimal integer"],
    ["max_runner", "five", "max_runner must be a positive decimal integer"],
    ["min_idle_runner", "9", "max_runner is less than min_idle_runner"],
    ["min_idle_runner", "-1", "min_idle_runner must be a non-negative decimal integer"],
    [
      "runner_http_proxy",
      "http://x\nEVIL=1",
      "runner_http_proxy must be a valid http(s) URL (contains control characters)",
    ],
    [
      "dockerhub_mirror",
      "ftp://mirror",
      "dockerhub_mirror must be a valid http(s) URL (must start with http:// or https://)",
    ],
    [
      "otel_collector_endpoint",
      "http://h:0",
      "otel_collector_endpoint must be a valid http(s) URL (has an invalid port '0' (must be 1..65535))",
    ],
    [
      "aproxy_exclude_addresses",
      "2001:db8::1",
      "aproxy_exclude_addresses must be a list of IPv4 addresses/CIDRs",
    ],
    ["aproxy_redirect_ports", "80 - 90", "aproxy_redirect_ports must be a list of ports or N-M ranges"],
    ["pre_install_scripts", "not json", "pre_install_scripts is not valid JSON"],
    [
      "pre_install_scripts",
      '{"../x": "a"}',
      "pre_install_scripts must be a JSON object of script name -> script text",
    ],
    [
      "pre_install_scripts",
      '["a"]',
      "pre_install_scripts must be a JSON object of script name -> script text",
    ],
    ["repo", "not-a-repo", "repo must have the form owner/name"],
    ["github_app_id", "12a", "github_app_id must be a positive decimal integer"],
    ["openstack_password_secret_uri", "s3cr3t", "openstack_password_secret_uri must be a Juju secret URI"],
    [
      "openstack_auth_url",
      "keystone:5000",
      "openstack_auth_url must be a valid http(s) URL (must start with http:// or https://)",
    ],
    ["flavor", "m1\nsmall", "flavor must be a single line"],
    ["provider_name", "garm-configurator/0", "provider_name must be a unit name with / replaced by -"],
    ["image_id", "abc def", "image_id must not contain spaces"],
  ])("rejects %s=%j as invalid", (key, value, message) => {
    const read = readGarmConfiguratorUnitData({ ...pythonBag, [key]: value });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.state).toBe("invalid");
    expect(read.problems).toContainEqual({
      key: key === "min_idle_runner" && value === "9" ? "max_runner" : key,
      message,
    });
  });

  it("rejects aproxy options without a proxy", () => {
    const { runner_http_proxy: _dropped, ...bag } = pythonBag;
    expect(readGarmConfiguratorUnitData(bag)).toMatchObject({
      ok: false,
      state: "invalid",
      problems: [{ key: "runner_http_proxy", message: "aproxy options are set without runner_http_proxy" }],
    });
  });

  it("is invalid, never throwing, for a non-string databag", () => {
    expect(readGarmConfiguratorUnitData({ name: 3 })).toMatchObject({ ok: false, state: "invalid" });
    expect(readGarmConfiguratorUnitData(null)).toMatchObject({ ok: false, state: "invalid" });
  });
});

import { describe, expect, it } from "vitest";
import {
  GARM_CONFIGURATOR_KEYS,
  GARM_CONFIGURATOR_LEADER_KEYS,
  GARM_CONFIGURATOR_PLANNER_KEYS,
  GARM_CONFIGURATOR_STRIPPED_KEYS,
  readGarmConfiguratorProvider,
  readGarmConfiguratorUnitData,
  writeGarmConfiguratorUnitData,
  type ConfiguratorPublication,
  type GarmConfiguratorKey,
} from "./garm-configurator-v0.js";
import {
  GITHUB_ID_MAX,
  LINE_MAX_LENGTH,
  LIST_MAX_ENTRIES,
  RUNNER_COUNT_MAX,
  SCRIPT_MAX_BYTES,
  URL_MAX_LENGTH,
} from "./limits.js";

const PASSWORD_URI = "secret://7f3c0000-1111-4222-8333-444455556666/d1k2abcdefghijklmnop";
const KEY_URI = "secret:d1k3abcdefghijklmnop";
const PLANNER_TOKEN_URI = "secret://7f3c0000-1111-4222-8333-444455556666/d1k4abcdefghijklmnop";

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
  planner: {
    endpoint: "https://planner.example/prefix",
    tokenSecretUri: PLANNER_TOKEN_URI,
    minimumPressure: 2,
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
      planner_endpoint: "https://planner.example/prefix",
      planner_token_secret_uri: PLANNER_TOKEN_URI,
      planner_minimum_pressure: "2",
    });
  });

  it("deletes cleared options, the other target and plaintext secret keys", () => {
    const { data, removedKeys } = writeGarmConfiguratorUnitData({
      ...publication,
      imageId: undefined,
      credentials: undefined,
      planner: undefined,
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
      "planner_endpoint",
      "planner_token_secret_uri",
      "planner_minimum_pressure",
    ]) {
      expect(removedKeys).toContain(key);
      expect(data[key]).toBe("");
    }
    expect(Object.keys(data)).toEqual(expect.arrayContaining(Object.keys(GARM_CONFIGURATOR_KEYS)));
  });

  it("writes pre-install scripts as Python's json.dumps does (DEL and non-BMP characters too)", () => {
    const scripts = { "pre_install.sh": 'a "b"\n\u00e9\u4e2d\u007f\u{1F600}' };
    const { data } = writeGarmConfiguratorUnitData({
      ...publication,
      scaleset: { ...publication.scaleset, preInstallScripts: scripts },
    });
    expect(data["pre_install_scripts"]).toBe(
      '{"pre_install.sh": "a \\"b\\"\\n\\u00e9\\u4e2d\\u007f\\ud83d\\ude00"}',
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
        planner: publication.planner,
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
    ["aproxy_redirect_ports", "80 - 9x", "aproxy_redirect_ports must be a list of ports or N-M ranges"],
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

/** A complete databag: every key of the interface present and valid (repo target). */
const fullBag = applied(writeGarmConfiguratorUnitData(publication).data);

/** A bad value for every key of the interface, each breaking only that key's rule. */
const BAD_VALUE: Readonly<Record<GarmConfiguratorKey, string>> = {
  name: "small\nEVIL=1",
  provider_name: "garm-configurator/0",
  image_id: "abc def",
  flavor: "m1\nsmall",
  os_arch: "amd\t64",
  min_idle_runner: "-1",
  max_runner: "0",
  labels: "noble\nEVIL",
  runner_group: "ci\r",
  pre_install_scripts: '{"pre_install.sh": 3}',
  org: "my org",
  repo: "not-a-repo",
  dockerhub_mirror: "ftp://mirror.example",
  runner_http_proxy: "http://x\nEVIL=1",
  aproxy_exclude_addresses: "10.0.0.0/8,2001:db8::1",
  aproxy_redirect_ports: "80,443-80",
  otel_collector_endpoint: "http://otel.example:0",
  pre_job_script: "echo a\u0000b",
  openstack_auth_url: "keystone.example.com:5000",
  openstack_username: "user\nname",
  openstack_password_secret_uri: "plain-password",
  openstack_project_name: "project\r\n",
  openstack_user_domain_name: "Default\u0007",
  openstack_project_domain_name: "Default\n",
  openstack_region_name: "Region\tOne",
  openstack_network: "net\n2",
  github_app_id: "12a",
  github_installation_id: "0",
  github_private_key_secret_uri: "-----BEGIN RSA PRIVATE KEY-----",
  planner_endpoint: "planner.example:8080",
  planner_token_secret_uri: "plain-token-value",
  planner_minimum_pressure: "-1",
};

describe("readGarmConfiguratorUnitData: a malformed databag, each field wrong in turn", () => {
  const keys = Object.keys(GARM_CONFIGURATOR_KEYS) as GarmConfiguratorKey[];

  it("has a bad value for every key of the interface", () => {
    expect(Object.keys(BAD_VALUE).sort()).toEqual([...keys].sort());
    expect(readGarmConfiguratorUnitData({ ...fullBag, org: "myorg" }).ok).toBe(true);
  });

  it.each(keys)("rejects a bad %s, naming that field only", (key) => {
    // org wins over repo when both are present, so a bad repo is read without an org beside it.
    const read = readGarmConfiguratorUnitData({ ...fullBag, [key]: BAD_VALUE[key] });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.state).toBe("invalid");
    expect(read.problems.map((p) => p.key)).toEqual([key]);
    for (const problem of read.problems) expect(problem.message).not.toMatch(/[\r\n]/u);
  });

  it.each(keys)("rejects a non-string %s, naming that field only", (key) => {
    for (const value of [42, null, true, ["x"], { nested: "x" }]) {
      const read = readGarmConfiguratorUnitData({ ...fullBag, [key]: value });
      expect(read).toEqual({
        ok: false,
        state: "invalid",
        problems: [{ key, message: `${key} must be a string` }],
        scalesetName: undefined,
      });
    }
  });

  it("reports every bad field at once", () => {
    const read = readGarmConfiguratorUnitData({
      ...fullBag,
      max_runner: BAD_VALUE.max_runner,
      github_app_id: BAD_VALUE.github_app_id,
      image_id: BAD_VALUE.image_id,
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => p.key).sort()).toEqual(["github_app_id", "image_id", "max_runner"]);
  });

  it("never throws, whatever the remote side sent", () => {
    const hostile: unknown[] = [
      undefined,
      null,
      "name=small",
      42,
      [fullBag],
      JSON.parse('{"__proto__": {"name": "x"}, "constructor": "y"}'),
      Object.assign(Object.create(null) as object, fullBag),
      { ...fullBag, pre_install_scripts: '{"a": {"b": '.repeat(1000) },
      { ...fullBag, max_runner: "9".repeat(400) },
      { ...fullBag, aproxy_redirect_ports: ",".repeat(10_000) },
    ];
    for (const bag of hostile) {
      const read = readGarmConfiguratorUnitData(bag);
      expect(read.ok === false || read.ok === true).toBe(true);
    }
    expect(readGarmConfiguratorUnitData(hostile[6]).ok).toBe(true);
  });
});

/**
 * The Python garm charm's reading of one configurator unit (reference-charms.md §2.7), modelled
 * here so the test can show a Python garm charm gets the same scaleset from what this writer wrote.
 */
function pythonGarmView(data: Readonly<Record<string, string>>) {
  const get = (key: string): string => data[key] ?? "";
  const portToken = (t: string): boolean => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/u.exec(t);
    if (m === null) return false;
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[1]);
    return a >= 1 && b <= 65535 && a <= b;
  };
  const ipv4Token = (t: string): boolean => /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/u.test(t);
  const preInstall: unknown = get("pre_install_scripts") === "" ? {} : JSON.parse(get("pre_install_scripts"));
  return {
    provider:
      get("openstack_auth_url") === ""
        ? undefined
        : {
            auth_url: get("openstack_auth_url"),
            username: get("openstack_username"),
            password_secret_uri: get("openstack_password_secret_uri"),
            project_name: get("openstack_project_name"),
            user_domain_name: get("openstack_user_domain_name"),
            project_domain_name: get("openstack_project_domain_name"),
            region_name: get("openstack_region_name"),
            network: get("openstack_network"),
          },
    credential:
      /^\d+$/u.test(get("github_app_id")) && /^\d+$/u.test(get("github_installation_id"))
        ? `app-${get("github_app_id")}-${get("github_installation_id")}`
        : undefined,
    privateKeySecretUri: get("github_private_key_secret_uri"),
    scaleset: {
      name: get("name"),
      provider_name: get("provider_name"),
      image: get("image_id"),
      flavor: get("flavor"),
      os_arch: get("os_arch"),
      min_idle_runners: Number(data["min_idle_runner"] ?? "0"),
      max_runners: Number(get("max_runner")),
      entity: get("org") !== "" ? ["organization", get("org")] : ["repository", get("repo")],
      labels: get("labels")
        .split(",")
        .map((l) => l.trim())
        .filter((l) => l !== ""),
      runner_group: get("runner_group"),
      pre_install_scripts: typeof preInstall === "object" && preInstall !== null ? preInstall : {},
      dockerhub_mirror: get("dockerhub_mirror")
        .trim()
        .replace(/[\r\n]/gu, ""),
      runner_http_proxy: get("runner_http_proxy")
        .trim()
        .replace(/[\r\n]/gu, ""),
      otel_collector_endpoint: get("otel_collector_endpoint")
        .trim()
        .replace(/[\r\n]/gu, ""),
      aproxy_redirect_ports: get("aproxy_redirect_ports").trim().split(",").filter(portToken),
      aproxy_exclude_addresses: get("aproxy_exclude_addresses").trim().split(",").filter(ipv4Token),
      pre_job_script: get("pre_job_script").trim(),
    },
  };
}

describe("compatibility with the Python charms, both directions", () => {
  it("a Python garm charm reads what this writer wrote as the same scaleset, provider and credential", () => {
    expect(pythonGarmView(fullBag)).toEqual({
      provider: {
        auth_url: "https://keystone.example.com:5000/v3",
        username: "garm-runners",
        password_secret_uri: PASSWORD_URI,
        project_name: "garm-runners",
        user_domain_name: "Default",
        project_domain_name: "Default",
        region_name: "RegionOne",
        network: "runners-net",
      },
      credential: "app-99999-67890",
      privateKeySecretUri: KEY_URI,
      scaleset: {
        name: "small",
        provider_name: "garm-configurator-0",
        image: "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c",
        flavor: "m1.small",
        os_arch: "amd64",
        min_idle_runners: 1,
        max_runners: 5,
        entity: ["repository", "myorg/myrepo"],
        labels: ["self-hosted", "noble"],
        runner_group: "Default",
        pre_install_scripts: { "pre_install.sh": "echo héllo\n" },
        dockerhub_mirror: "https://mirror.example:5000",
        runner_http_proxy: "http://proxy.example:3128",
        otel_collector_endpoint: "http://otel.example:4317",
        aproxy_redirect_ports: ["80", "8000-9000"],
        aproxy_exclude_addresses: ["10.0.0.0/8", "192.168.1.1"],
        pre_job_script: "echo pre-job\necho done",
      },
    });
  });

  it("a Python garm charm sees no provider or credential before the image id (step 1 only)", () => {
    const stepOne = applied(
      writeGarmConfiguratorUnitData({ ...publication, imageId: undefined, credentials: undefined }).data,
    );
    const view = pythonGarmView(stepOne);
    expect(view.provider).toBeUndefined();
    expect(view.credential).toBeUndefined();
    expect(view.scaleset.image).toBe("");
  });

  it("reads a Python configurator's step-1 databag as incomplete, keeping the scaleset name", () => {
    const stepOne = Object.fromEntries(
      Object.entries(pythonBag).filter(
        ([key]) => !key.startsWith("openstack_") && !key.startsWith("github_"),
      ),
    );
    const { image_id: _noImage, ...withoutImage } = stepOne;
    expect(readGarmConfiguratorUnitData(withoutImage)).toMatchObject({
      ok: false,
      state: "incomplete",
      scalesetName: "small",
    });
  });

  it("reads a Python configurator's databag after its image relation broke (stale credentials) as incomplete", () => {
    const { image_id: _gone, ...stale } = pythonBag;
    const read = readGarmConfiguratorUnitData(stale);
    expect(read).toMatchObject({
      ok: false,
      state: "incomplete",
      missing: ["image_id"],
      scalesetName: "small",
    });
  });

  it("reads a Python configurator's non-ASCII pre-install script", () => {
    const read = readGarmConfiguratorUnitData({
      ...pythonBag,
      pre_install_scripts: '{"pre_install.sh": "echo h\\u00e9llo\\n"}',
    });
    expect(read.ok && read.value.scaleset.preInstallScripts).toEqual({ "pre_install.sh": "echo héllo\n" });
  });

  it("reads the secret URI forms Juju prints (secret:<id> and secret://<model-uuid>/<id>)", () => {
    for (const uri of [KEY_URI, PASSWORD_URI]) {
      const read = readGarmConfiguratorUnitData({ ...pythonBag, github_private_key_secret_uri: uri });
      expect(read.ok && read.value.githubApp.privateKeySecretUri).toBe(uri);
    }
  });
});

describe("leader-only keys", () => {
  it("are exactly what a unit without the provider and GitHub App (a non-leader) leaves out", () => {
    const leader = Object.keys(applied(writeGarmConfiguratorUnitData(publication).data));
    const follower = Object.keys(
      applied(writeGarmConfiguratorUnitData({ ...publication, credentials: undefined }).data),
    );
    const missing = leader.filter((key) => !follower.includes(key)).sort();
    expect(missing).toEqual([...GARM_CONFIGURATOR_LEADER_KEYS].sort());
  });
});

describe("the planner link (planner_* keys, optional)", () => {
  const withoutPlanner = applied(writeGarmConfiguratorUnitData({ ...publication, planner: undefined }).data);

  it("reads a unit without the planner keys (an old or Python configurator) as having no planner", () => {
    const read = readGarmConfiguratorUnitData(withoutPlanner);
    expect(read.ok && read.value.planner).toBeUndefined();
    const python = readGarmConfiguratorUnitData(pythonBag);
    expect(python.ok).toBe(true);
    expect(python.ok && python.value.planner).toBeUndefined();
  });

  it("exposes the link typed: endpoint, token secret URI and minimum pressure as a number", () => {
    const read = readGarmConfiguratorUnitData(fullBag);
    expect(read.ok && read.value.planner).toEqual({
      endpoint: "https://planner.example/prefix",
      tokenSecretUri: PLANNER_TOKEN_URI,
      minimumPressure: 2,
    });
  });

  it("are leader-only: a follower's publication has none of them", () => {
    const follower = applied(
      writeGarmConfiguratorUnitData({ ...publication, credentials: undefined, planner: undefined }).data,
    );
    for (const key of GARM_CONFIGURATOR_PLANNER_KEYS) expect(follower).not.toHaveProperty(key);
    expect(GARM_CONFIGURATOR_LEADER_KEYS).not.toEqual(
      expect.arrayContaining([...GARM_CONFIGURATOR_PLANNER_KEYS]),
    );
  });

  it.each(GARM_CONFIGURATOR_PLANNER_KEYS)("refuses a partial link: %s alone is missing", (key) => {
    const { [key]: _dropped, ...bag } = fullBag;
    const problems = invalidProblems(bag);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe(key);
    expect(problems[0]?.message).toMatch(new RegExp(`^${key} is missing while planner_`, "u"));
  });

  it("refuses a minimum pressure above max_runner (the configurator refuses it too)", () => {
    expect(invalidProblems({ ...fullBag, planner_minimum_pressure: "6" })).toEqual([
      { key: "planner_minimum_pressure", message: "planner_minimum_pressure is greater than max_runner" },
    ]);
    const read = readGarmConfiguratorUnitData({ ...fullBag, planner_minimum_pressure: "5" });
    expect(read.ok && read.value.planner?.minimumPressure).toBe(5);
  });

  it("reads the endpoint in canonical form and keeps its path prefix", () => {
    const read = readGarmConfiguratorUnitData({
      ...fullBag,
      planner_endpoint: "HTTPS://planner.example:/a/b/",
    });
    expect(read.ok && read.value.planner?.endpoint).toBe("https://planner.example/a/b/");
  });

  it("refuses a plaintext token where the secret URI belongs, without echoing it", () => {
    const problems = invalidProblems({ ...fullBag, planner_token_secret_uri: "tok-3x4mpl3-plaintext" });
    expect(problems).toEqual([
      { key: "planner_token_secret_uri", message: "planner_token_secret_uri must be a Juju secret URI" },
    ]);
  });
});

/** Reads `bag` and returns its problems, failing the test when the read is not `invalid`. */
function invalidProblems(bag: Readonly<Record<string, string>>): readonly { key: string; message: string }[] {
  const read = readGarmConfiguratorUnitData(bag);
  if (read.ok || read.state !== "invalid") throw new Error(`expected invalid, got ${JSON.stringify(read)}`);
  return read.problems;
}

describe("a blank name deletes a live scale set: blank or padded values are refused", () => {
  it("refuses name '  ' as invalid (never a rename) and claims no scale set by it", () => {
    const read = readGarmConfiguratorUnitData({ ...fullBag, name: "  " });
    expect(read).toMatchObject({ ok: false, state: "invalid", scalesetName: undefined });
    expect(invalidProblems({ ...fullBag, name: "  " })).toContainEqual({
      key: "name",
      message: "name must not be blank",
    });
  });

  it.each(GARM_CONFIGURATOR_STRIPPED_KEYS)("refuses a blank or padded %s", (key) => {
    const bag: Readonly<Record<string, string>> = key === "org" ? { ...fullBag, org: "myorg" } : fullBag;
    const good = bag[key] ?? "";
    expect(good).not.toBe("");
    for (const blank of [" ", "\t\n", "\u00a0", "\u3000"]) {
      expect(invalidProblems({ ...bag, [key]: blank }).map((p) => p.key)).toContain(key);
    }
    for (const padded of [` ${good}`, `${good} `, `${good}\n`, `\u2028${good}`]) {
      expect(invalidProblems({ ...bag, [key]: padded })).toContainEqual({
        key,
        message: `${key} must not start or end with whitespace`,
      });
    }
  });

  it("refuses blank OpenStack strings but keeps padded ones as published (neither configurator strips them)", () => {
    for (const key of ["openstack_username", "openstack_network"] as const) {
      expect(invalidProblems({ ...fullBag, [key]: "   " })).toContainEqual({
        key,
        message: `${key} must not be blank`,
      });
    }
    const read = readGarmConfiguratorUnitData({ ...fullBag, openstack_username: " runner-user " });
    expect(read.ok && read.value.openstack.username).toBe(" runner-user ");
  });

  it("claims the stripped name of a padded scale set, so it is protected, not taken as another", () => {
    expect(readGarmConfiguratorUnitData({ ...fullBag, name: " small " })).toMatchObject({
      ok: false,
      state: "invalid",
      scalesetName: "small",
    });
  });
});

describe("reading what the Python configurator wrote: one-meaning forms accepted and normalised", () => {
  const proxied = { ...fullBag, aproxy_exclude_addresses: "10.0.0.0/8" };

  it("reads ports +443 and 8000 - 9000 as 443 and 8000-9000", () => {
    const read = readGarmConfiguratorUnitData({
      ...proxied,
      aproxy_redirect_ports: "+443,8000 - 9000,+80-+90",
    });
    expect(read.ok && read.value.scaleset.runner.aproxyRedirectPorts).toEqual([
      { first: 443, last: 443 },
      { first: 8000, last: 9000 },
      { first: 80, last: 90 },
    ]);
  });

  it("reads upper-case URL schemes (HTTPS://) as lower-case", () => {
    const read = readGarmConfiguratorUnitData({
      ...proxied,
      dockerhub_mirror: "HTTPS://mirror.example:5000",
      runner_http_proxy: "Http://proxy.example:3128",
      otel_collector_endpoint: "hTTp://otel.example:4317/v1",
    });
    expect(read.ok && read.value.scaleset.runner).toMatchObject({
      dockerhubMirror: "https://mirror.example:5000",
      runnerHttpProxy: "http://proxy.example:3128",
      otelCollectorEndpoint: "http://otel.example:4317/v1",
    });
  });

  it("reads an empty port (http://host:) as no port", () => {
    const read = readGarmConfiguratorUnitData({
      ...proxied,
      runner_http_proxy: "http://proxy.example:",
      otel_collector_endpoint: "http://[2001:db8::1]:/v1",
      openstack_auth_url: "https://keystone.example.com:/v3",
    });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.scaleset.runner.runnerHttpProxy).toBe("http://proxy.example");
    expect(read.value.scaleset.runner.otelCollectorEndpoint).toBe("http://[2001:db8::1]/v1");
    expect(read.value.openstack.authUrl).toBe("https://keystone.example.com/v3");
  });

  it("reads netmask CIDRs (10.0.0.0/255.0.0.0) as prefix lengths", () => {
    const read = readGarmConfiguratorUnitData({
      ...proxied,
      aproxy_exclude_addresses: "10.0.0.0/255.0.0.0,192.168.1.0/255.255.255.0,0.0.0.0/0.0.0.0,10.1.1.1",
    });
    expect(read.ok && read.value.scaleset.runner.aproxyExcludeAddresses).toEqual([
      "10.0.0.0/8",
      "192.168.1.0/24",
      "0.0.0.0/0",
      "10.1.1.1",
    ]);
  });

  it.each([
    ["aproxy_redirect_ports", "80 - 9x"],
    ["aproxy_redirect_ports", "-80"],
    ["aproxy_redirect_ports", "+-80"],
    ["aproxy_redirect_ports", "9000 - 8000"],
    ["aproxy_redirect_ports", "+0"],
    ["aproxy_exclude_addresses", "10.0.0.0/255.0.255.0"],
    ["aproxy_exclude_addresses", "10.0.0.1/255.0.0.0"],
    ["aproxy_exclude_addresses", "10.0.0.0/255.0.0.0.0"],
    ["dockerhub_mirror", "HTTPS://mirror.example:0"],
    ["dockerhub_mirror", "FTP://mirror.example"],
    ["dockerhub_mirror", "https://mirror.example::"],
    ["dockerhub_mirror", "http:/mirror.example"],
    ["openstack_auth_url", "https://:/v3"],
  ])("still refuses %s=%j (unsafe or meaningless)", (key, value) => {
    expect(invalidProblems({ ...proxied, [key]: value }).map((p) => p.key)).toContain(key);
  });
});

describe("the two charms disagree: each limit is one shared rule", () => {
  it("reads GitHub ids up to 2^53-1 and refuses larger ones", () => {
    const read = readGarmConfiguratorUnitData({ ...fullBag, github_app_id: String(GITHUB_ID_MAX) });
    expect(read.ok && read.value.githubApp.appId).toBe(GITHUB_ID_MAX);
    expect(invalidProblems({ ...fullBag, github_installation_id: "9007199254740992" })).toEqual([
      { key: "github_installation_id", message: `github_installation_id must be at most ${GITHUB_ID_MAX}` },
    ]);
  });

  it("reads runner counts up to the limit and refuses larger ones", () => {
    const max = String(RUNNER_COUNT_MAX);
    const read = readGarmConfiguratorUnitData({ ...fullBag, min_idle_runner: max, max_runner: max });
    expect(read.ok && read.value.scaleset.maxRunners).toBe(RUNNER_COUNT_MAX);
    expect(invalidProblems({ ...fullBag, max_runner: String(RUNNER_COUNT_MAX + 1) })).toEqual([
      { key: "max_runner", message: `max_runner must be at most ${RUNNER_COUNT_MAX}` },
    ]);
    expect(invalidProblems({ ...fullBag, min_idle_runner: "9".repeat(30) })).toContainEqual({
      key: "min_idle_runner",
      message: `min_idle_runner must be at most ${RUNNER_COUNT_MAX}`,
    });
  });

  it("reads a pre-job script up to the byte limit and refuses a larger one (counted in UTF-8 bytes)", () => {
    const atLimit = "é".repeat(SCRIPT_MAX_BYTES / 2);
    const read = readGarmConfiguratorUnitData({ ...fullBag, pre_job_script: atLimit });
    expect(read.ok && read.value.scaleset.runner.preJobScript).toBe(atLimit);
    expect(invalidProblems({ ...fullBag, pre_job_script: `${atLimit}a` })).toEqual([
      { key: "pre_job_script", message: `pre_job_script must be at most ${SCRIPT_MAX_BYTES} bytes` },
    ]);
    expect(invalidProblems({ ...fullBag, pre_job_script: "x".repeat(4 * 1024 * 1024) })).toHaveLength(1);
  });

  it("refuses a pre-install script over the byte limit", () => {
    const big = JSON.stringify({ "pre_install.sh": "x".repeat(SCRIPT_MAX_BYTES + 1) });
    expect(invalidProblems({ ...fullBag, pre_install_scripts: big })).toEqual([
      {
        key: "pre_install_scripts",
        message: `pre_install_scripts must hold scripts of at most ${SCRIPT_MAX_BYTES} bytes`,
      },
    ]);
  });

  it("refuses one-line values, URLs and lists over their limits", () => {
    const read = readGarmConfiguratorUnitData({ ...fullBag, flavor: "f".repeat(LINE_MAX_LENGTH) });
    expect(read.ok).toBe(true);
    expect(invalidProblems({ ...fullBag, flavor: "f".repeat(LINE_MAX_LENGTH + 1) })).toEqual([
      { key: "flavor", message: `flavor must be at most ${LINE_MAX_LENGTH} characters` },
    ]);
    const longUrl = `https://mirror.example/${"p".repeat(URL_MAX_LENGTH)}`;
    expect(invalidProblems({ ...fullBag, dockerhub_mirror: longUrl })).toEqual([
      {
        key: "dockerhub_mirror",
        message: `dockerhub_mirror must be a valid http(s) URL (is longer than ${URL_MAX_LENGTH} characters)`,
      },
    ]);
    const ports = Array.from({ length: LIST_MAX_ENTRIES + 1 }, (_, i) => String(i + 1)).join(",");
    expect(invalidProblems({ ...fullBag, aproxy_redirect_ports: ports })).toEqual([
      {
        key: "aproxy_redirect_ports",
        message: `aproxy_redirect_ports must have at most ${LIST_MAX_ENTRIES} entries`,
      },
    ]);
    const labels = Array.from({ length: LIST_MAX_ENTRIES + 1 }, (_, i) => `l${i}`).join(",");
    expect(invalidProblems({ ...fullBag, labels })).toEqual([
      { key: "labels", message: `labels must have at most ${LIST_MAX_ENTRIES} entries` },
    ]);
    expect(invalidProblems({ ...fullBag, labels: `ok,${"l".repeat(LINE_MAX_LENGTH + 1)}` })).toEqual([
      { key: "labels", message: `labels must hold labels of at most ${LINE_MAX_LENGTH} characters` },
    ]);
    expect(invalidProblems({ ...fullBag, labels: " noble" })).toEqual([
      { key: "labels", message: "labels must not start or end with whitespace" },
    ]);
  });
});

describe("echoed remote input is short", () => {
  it("a 1.1 MB bad value gives problem messages of a few dozen characters", () => {
    const huge = "9".repeat(1_100_000);
    for (const key of Object.keys(GARM_CONFIGURATOR_KEYS)) {
      const read = readGarmConfiguratorUnitData({ ...fullBag, [key]: `http://h:${huge}` });
      if (read.ok) continue;
      for (const problem of read.problems) expect(problem.message.length).toBeLessThan(160);
    }
  });

  it("a bad URL port is echoed cut short, with an ellipsis", () => {
    const [problem] = invalidProblems({ ...fullBag, dockerhub_mirror: `http://h:${"9".repeat(500)}` });
    expect(problem?.message).toBe(
      `dockerhub_mirror must be a valid http(s) URL (has an invalid port '${"9".repeat(40)}…' (must be 1..65535))`,
    );
  });
});

describe("readGarmConfiguratorProvider: the provider keys alone, by the same rules", () => {
  it("reads a unit's provider whatever the rest of its databag says, normalised as the full read", () => {
    const read = readGarmConfiguratorProvider({
      ...pythonBag,
      image_id: "",
      labels: "a\nb",
      openstack_auth_url: "HTTPS://keystone.example.com:/v3",
    });
    expect(read).toEqual({
      ok: true,
      value: {
        authUrl: "https://keystone.example.com/v3",
        username: "garm-runners",
        passwordSecretUri: PASSWORD_URI,
        projectName: "garm-runners",
        userDomainName: "Default",
        projectDomainName: "Default",
        regionName: "RegionOne",
        network: "runners-net",
      },
    });
  });

  it("reports a missing key as incomplete and a bad value as invalid, by key name", () => {
    const { openstack_region_name: _region, ...noRegion } = pythonBag;
    expect(readGarmConfiguratorProvider(noRegion)).toMatchObject({
      ok: false,
      state: "incomplete",
      missing: ["openstack_region_name"],
    });
    const bad = readGarmConfiguratorProvider({ ...pythonBag, openstack_network: "net\n[database]" });
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual([
      "openstack_network must be a single line",
    ]);
  });
});

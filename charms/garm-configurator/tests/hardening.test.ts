/**
 * Issue 10 (hardening), the configurator's items: each test is named after the defect it pins.
 * State-transition tests through the harness, plus one pure check that the configurator and the
 * garm charm's reader apply every shared limit alike.
 */
import { events, secret, type Context } from "@garm-charms/charm-testing";
import {
  GITHUB_ID_MAX,
  LINE_MAX_LENGTH,
  LIST_MAX_ENTRIES,
  readGarmConfiguratorUnitData,
  RUNNER_COUNT_MAX,
  SCRIPT_MAX_BYTES,
  URL_MAX_LENGTH,
  writeGarmConfiguratorUnitData,
} from "@garm-charms/interfaces";
import { beforeAll, describe, expect, it } from "vitest";

import { parseConfiguratorConfig, type RawConfig } from "../src/config.js";
import { buildCredentials, buildPublication } from "../src/publication.js";
import { STATUS_READY } from "../src/index.js";
import {
  baseState,
  garmRelation,
  IMAGE_ID,
  imageRelation,
  keySecret,
  newContext,
  passwordSecret,
  published,
  validConfig,
  withConfig,
} from "./fixtures.js";

let ctx: Context;

beforeAll(() => {
  ctx = newContext();
});

/** Runs config-changed on a configurator related to an image builder (with an id) and garm. */
async function configChanged(change: Readonly<Record<string, string | number | undefined>>) {
  const image = imageRelation(true);
  const garm = garmRelation();
  const config = withConfig(validConfig, change);
  const out = await ctx.run(events.configChanged(), baseState({ relations: [image, garm], config }));
  return { out, garmBag: published(out, garm) };
}

describe("configurator parity: strip before the single-line check", () => {
  it.each([
    ["name", "large\n", "name", "large"],
    ["flavor", "m1.large\n", "flavor", "m1.large"],
    ["os-arch", "arm64\r\n", "os_arch", "arm64"],
    ["flavor", "\u0085m1.large\u001c", "flavor", "m1.large"],
  ])(
    "%s=%j (a YAML block scalar) is stripped and published, as the Python charm does",
    async (option, value, key, expected) => {
      const { out, garmBag } = await configChanged({ [option]: value });
      expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
      expect(garmBag[key]).toBe(expected);
    },
  );

  it("the secret-URI options are stripped before they are checked", () => {
    // Juju hands a secret-typed option over as given; the harness insists on a bare URI, so this
    // is checked on the config parser directly.
    const parsed = parseConfiguratorConfig({
      ...validConfig,
      "openstack-password": `${passwordSecret.id}\n`,
      "github-app-private-key": ` ${keySecret.id}\u0085`,
    });
    expect(parsed.ok && parsed.config.openstack.passwordSecretId).toBe(passwordSecret.id);
    expect(parsed.ok && parsed.config.githubApp.privateKeySecretId).toBe(keySecret.id);
  });

  it("a control character inside the value is still refused", async () => {
    const { out } = await configChanged({ flavor: "m1\nlarge" });
    expect(out.unitStatus).toEqual({ name: "blocked", message: "flavor must be a single line" });
  });
});

describe("configurator parity: an empty secret value", () => {
  it.each([
    [
      "openstack-password",
      [secret({ id: passwordSecret.id, content: { value: "" }, granted: true }), keySecret],
    ],
    ["github-app-private-key", [passwordSecret, secret({ id: keySecret.id, content: { value: "" } })]],
  ])(
    "a %s secret {value: ''} is reported as empty, not as having no 'value' key",
    async (option, secrets) => {
      const image = imageRelation(true);
      const out = await ctx.run(events.configChanged(), {
        ...baseState({ relations: [image] }),
        secrets,
      });
      expect(out.unitStatus).toEqual({ name: "blocked", message: `${option} secret's 'value' is empty` });
    },
  );
});

describe("echoed input in statuses is short", () => {
  it("a 1.1 MB bad token gives a short blocked status", async () => {
    const token = `10.0.0.300${"9".repeat(1_100_000)}`;
    const { out, garmBag } = await configChanged({
      "runner-http-proxy": "http://proxy.example:3128",
      "aproxy-exclude-addresses": `10.0.0.0/8,${token}`,
    });
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toMatch(
      /^aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; got invalid token: '10\.0\.0\.3009+…'$/u,
    );
    expect(out.unitStatus.message.length).toBeLessThan(160);
    for (const line of ctx.jujuLog) expect(line.message.length).toBeLessThan(2_000);
    expect(garmBag["aproxy_exclude_addresses"]).toBeUndefined();
  });

  it("U+2028, U+2029 and U+0085 in an echoed token are escaped", async () => {
    const { out } = await configChanged({
      "runner-http-proxy": "http://proxy.example:3128",
      "aproxy-exclude-addresses": "10.0.0.1\u2028x\u2029y\u0085z",
    });
    expect(out.unitStatus.message).toContain("'10.0.0.1\\u2028x\\u2029y\\x85z'");
  });
});

describe("the two charms disagree: each limit is one shared rule", () => {
  it("a 4 MB pre-job-script blocks the configurator with a clear message instead of going Ready", async () => {
    const { out, garmBag } = await configChanged({ "pre-job-script": "echo x\n".repeat(600_000) });
    expect(out.unitStatus).toEqual({
      name: "blocked",
      message: `pre-job-script must be at most ${SCRIPT_MAX_BYTES} bytes`,
    });
    expect(garmBag).toEqual({});
  });

  it("github-app-id at 2^53-1 is published and read back by garm; larger is blocked", async () => {
    const { out, garmBag } = await configChanged({ "github-app-id": GITHUB_ID_MAX });
    expect(out.unitStatus.name).toBe("active");
    expect(garmBag["github_app_id"]).toBe(String(GITHUB_ID_MAX));
    const read = readGarmConfiguratorUnitData(garmBag);
    expect(read.ok && read.value.githubApp.appId).toBe(GITHUB_ID_MAX);
    const over = await configChanged({ "github-app-id": 2 ** 63 });
    expect(over.out.unitStatus).toEqual({
      name: "blocked",
      message: `github-app-id must be at most ${GITHUB_ID_MAX}`,
    });
  });

  /** What the configurator publishes for `raw` (leader, image id known), or its problems. */
  function publishedFor(raw: RawConfig): Record<string, string> | string[] {
    const parsed = parseConfiguratorConfig(raw);
    if (!parsed.ok) return parsed.problems.map((p) => p.message);
    const credentials = buildCredentials(parsed.config, {
      passwordSecretUri: passwordSecret.id,
      privateKeySecretUri: keySecret.id,
    });
    const { data } = writeGarmConfiguratorUnitData(
      buildPublication(parsed.config, "garm-configurator/0", IMAGE_ID, credentials),
    );
    return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== ""));
  }

  const proxy = { "runner-http-proxy": "http://proxy.example:3128" };
  const ports = (n: number): string => Array.from({ length: n }, (_, i) => String(i + 1)).join(",");
  const labels = (n: number): string => Array.from({ length: n }, (_, i) => `l${i}`).join(",");
  const url = (length: number): string => {
    const prefix = "https://mirror.example/";
    return `${prefix}${"p".repeat(length - prefix.length)}`;
  };

  it.each<[string, Record<string, string | number>, Record<string, string | number>, string, string]>([
    [
      "github-app-id",
      { "github-app-id": GITHUB_ID_MAX },
      { "github-app-id": 2 ** 53 },
      "github-app-id",
      "github_app_id",
    ],
    [
      "github-app-installation-id",
      { "github-app-installation-id": GITHUB_ID_MAX },
      { "github-app-installation-id": 2 ** 53 },
      "github-app-installation-id",
      "github_installation_id",
    ],
    [
      "max-runner",
      { "max-runner": RUNNER_COUNT_MAX, "min-idle-runner": RUNNER_COUNT_MAX },
      { "max-runner": RUNNER_COUNT_MAX + 1 },
      "max-runner",
      "max_runner",
    ],
    [
      "min-idle-runner",
      { "min-idle-runner": 1 },
      { "min-idle-runner": RUNNER_COUNT_MAX + 1, "max-runner": RUNNER_COUNT_MAX + 1 },
      "min-idle-runner",
      "min_idle_runner",
    ],
    [
      "pre-job-script",
      { "pre-job-script": "é".repeat(SCRIPT_MAX_BYTES / 2) },
      { "pre-job-script": `${"é".repeat(SCRIPT_MAX_BYTES / 2)}x` },
      "pre-job-script",
      "pre_job_script",
    ],
    [
      "pre-install-scripts",
      { "pre-install-scripts": "x".repeat(SCRIPT_MAX_BYTES) },
      { "pre-install-scripts": "x".repeat(SCRIPT_MAX_BYTES + 1) },
      "pre-install-scripts",
      "pre_install_scripts",
    ],
    [
      "flavor",
      { flavor: "f".repeat(LINE_MAX_LENGTH) },
      { flavor: "f".repeat(LINE_MAX_LENGTH + 1) },
      "flavor",
      "flavor",
    ],
    [
      "openstack-network",
      { "openstack-network": "n".repeat(LINE_MAX_LENGTH) },
      { "openstack-network": "n".repeat(LINE_MAX_LENGTH + 1) },
      "openstack-network",
      "openstack_network",
    ],
    [
      "dockerhub-mirror",
      { "dockerhub-mirror": url(URL_MAX_LENGTH) },
      { "dockerhub-mirror": url(URL_MAX_LENGTH + 1) },
      "dockerhub-mirror",
      "dockerhub_mirror",
    ],
    [
      "aproxy-redirect-ports",
      { ...proxy, "aproxy-redirect-ports": ports(LIST_MAX_ENTRIES) },
      { ...proxy, "aproxy-redirect-ports": ports(LIST_MAX_ENTRIES + 1) },
      "aproxy-redirect-ports",
      "aproxy_redirect_ports",
    ],
    [
      "labels",
      { labels: labels(LIST_MAX_ENTRIES) },
      { labels: labels(LIST_MAX_ENTRIES + 1) },
      "labels",
      "labels",
    ],
  ])(
    "%s: at the limit both charms accept it; over it both refuse it",
    (_title, atLimit, overLimit, option, key) => {
      const accepted = publishedFor({ ...validConfig, ...atLimit });
      if (Array.isArray(accepted)) throw new Error(`refused at the limit: ${accepted.join("; ")}`);
      expect(readGarmConfiguratorUnitData(accepted).ok).toBe(true);

      const refused = publishedFor({ ...validConfig, ...overLimit });
      if (!Array.isArray(refused)) throw new Error("accepted over the limit");
      expect(refused[0]).toMatch(new RegExp(`^${option} `, "u"));
      expect(refused[0]?.length).toBeLessThan(160);

      // The same over-limit value written into a databag by hand: the reader refuses it too.
      const raw = { ...validConfig, ...overLimit }[option];
      const forged = {
        ...accepted,
        [key]: key === "pre_install_scripts" ? JSON.stringify({ "pre_install.sh": raw }) : String(raw),
      };
      const read = readGarmConfiguratorUnitData(forged);
      expect(read.ok).toBe(false);
      expect(read.ok ? [] : read.problems.map((p) => p.key)).toContain(key);
    },
  );
});

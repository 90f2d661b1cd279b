/**
 * `garm_configurator_v0`: the unit databag a garm-configurator unit writes and the garm charm
 * reads. Key names and value encodings are those of the Python charms
 * (canonical/github-runner-operators), so either side may be the Python or the TypeScript charm.
 *
 * Only unit databags are used; the application databag stays empty. Secret values never travel
 * here: the OpenStack password, the GitHub App private key and the planner token are Juju secret
 * URIs, granted to the relation by the configurator's leader.
 *
 * The `planner_*` keys are TypeScript-configurator additions, all optional: a garm charm that
 * does not know them ignores them, and a databag without them (a Python configurator, or no
 * planner) reads as before.
 */
import * as z from "zod";
import {
  checkGithubIdLimit,
  checkLineLength,
  checkRunnerCountLimit,
  checkScriptSize,
  PRE_INSTALL_SCRIPTS_MAX_ENTRIES,
  SCRIPT_MAX_BYTES,
} from "./limits.js";
import {
  checkSingleLine,
  databagShapeProblems,
  documentedDatabagSchema,
  formatPortRanges,
  hasControlCharacters,
  isGithubOrgName,
  isGithubRepoName,
  isSecretUri,
  normaliseHttpUrl,
  parseIPv4NetworkList,
  parseLabelList,
  parseNonNegativeInteger,
  parsePortRangeList,
  stripWhitespace,
  type DatabagProblem,
  type DatabagRead,
  type DatabagWrite,
  type ListParse,
  type PortRange,
} from "./validators.js";
import { pythonJsonDumps } from "./python-json.js";

export const GARM_CONFIGURATOR_INTERFACE = "garm_configurator_v0";

/** Every key of the unit databag, with what it carries and how it is encoded. */
export const GARM_CONFIGURATOR_KEYS = {
  // Scaleset description: written by every unit whenever the configurator's config is valid.
  name: "Scaleset name (config `name`).",
  provider_name: "GARM provider name: the writer's unit name with `/` replaced by `-` (garm-configurator-0).",
  image_id: "OpenStack image id from the image builder; absent until the image builder has published one.",
  flavor: "OpenStack flavor of the runner VMs.",
  os_arch: "Runner OS architecture as GARM names it (amd64, arm64).",
  min_idle_runner: "Decimal integer >= 0: idle runners GARM keeps warm (absent means 0).",
  max_runner: "Decimal integer > 0 and >= min_idle_runner: runner cap.",
  labels: "Comma-separated runner labels; absent when none.",
  runner_group: "GitHub runner group; absent means GARM's default.",
  pre_install_scripts:
    'JSON object of script name -> script text, e.g. {"pre_install.sh": "..."}; absent when none.',
  org: "GitHub organisation the scaleset serves; exactly one of org and repo is present.",
  repo: "GitHub repository (`owner/name`) the scaleset serves.",
  dockerhub_mirror: "http(s) URL of a Docker Hub registry mirror for the runners.",
  runner_http_proxy: "http(s) URL of the proxy runners reach the internet through (via aproxy).",
  aproxy_exclude_addresses:
    "Comma-separated IPv4 addresses/CIDRs that bypass aproxy (needs runner_http_proxy).",
  aproxy_redirect_ports: "Comma-separated ports or N-M ranges aproxy intercepts (needs runner_http_proxy).",
  otel_collector_endpoint: "http(s) URL of the OpenTelemetry collector the runners export to.",
  pre_job_script: "Shell script run before each job (multi-line).",
  // Provider and GitHub App: written by the leader only, and only once image_id is known.
  openstack_auth_url: "OpenStack Keystone URL (http or https).",
  openstack_username: "OpenStack user name.",
  openstack_password_secret_uri: "Juju secret URI; content key `value` holds the OpenStack password.",
  openstack_project_name: "OpenStack project name.",
  openstack_user_domain_name: "OpenStack user domain name.",
  openstack_project_domain_name: "OpenStack project domain name.",
  openstack_region_name: "OpenStack region name.",
  openstack_network: "OpenStack network name or id for the runner VMs.",
  github_app_id: "Decimal GitHub App id.",
  github_installation_id: "Decimal GitHub App installation id.",
  github_private_key_secret_uri:
    "Juju secret URI; content key `value` holds the GitHub App private key (PEM).",
  // Planner link: written by the leader only, all three together, while the configurator's
  // `planner` relation has a valid endpoint and token; absent otherwise.
  planner_endpoint: "http(s) URL of the planner API (github_runner_planner_v0 `endpoint`), path prefix kept.",
  planner_token_secret_uri:
    "Juju secret URI; content key `value` holds the planner bearer token (re-wrapped by the configurator).",
  planner_minimum_pressure:
    "Decimal integer >= 0, at most max_runner: the total-runner floor the planner flavor declares.",
} as const;

export type GarmConfiguratorKey = keyof typeof GARM_CONFIGURATOR_KEYS;

/**
 * Keys only the configurator's leader writes (the OpenStack provider and the GitHub App), and only
 * once `image_id` is known: a non-leader unit's databag never has them, by design.
 */
export const GARM_CONFIGURATOR_LEADER_KEYS = [
  "openstack_auth_url",
  "openstack_username",
  "openstack_password_secret_uri",
  "openstack_project_name",
  "openstack_user_domain_name",
  "openstack_project_domain_name",
  "openstack_region_name",
  "openstack_network",
  "github_app_id",
  "github_installation_id",
  "github_private_key_secret_uri",
] as const satisfies readonly GarmConfiguratorKey[];

/**
 * The planner link: optional, leader only, published all together or not at all. The planner
 * flavor is the scaleset's `name`. Not among `GARM_CONFIGURATOR_LEADER_KEYS`, which a complete
 * leader databag must have.
 */
export const GARM_CONFIGURATOR_PLANNER_KEYS = [
  "planner_endpoint",
  "planner_token_secret_uri",
  "planner_minimum_pressure",
] as const satisfies readonly GarmConfiguratorKey[];

/**
 * Keys both configurators publish stripped (Python's `str.strip()`), or in a form that never has
 * surrounding whitespace. Neither writes a blank or padded value, so the reader refuses one
 * instead of guessing what it means: a blank `name` once read as a rename deleted a live scale
 * set. (The OpenStack strings are published unstripped; they may be padded, never blank.)
 */
export const GARM_CONFIGURATOR_STRIPPED_KEYS = [
  "name",
  "provider_name",
  "flavor",
  "os_arch",
  "labels",
  "runner_group",
  "org",
  "repo",
  "dockerhub_mirror",
  "runner_http_proxy",
  "aproxy_exclude_addresses",
  "aproxy_redirect_ports",
  "otel_collector_endpoint",
  "pre_job_script",
  "openstack_auth_url",
  "openstack_password_secret_uri",
  "github_app_id",
  "github_installation_id",
  "github_private_key_secret_uri",
  "planner_endpoint",
  "planner_token_secret_uri",
  "planner_minimum_pressure",
] as const satisfies readonly GarmConfiguratorKey[];

/**
 * Plaintext keys that must never be in this databag. An old Python configurator could publish the
 * password in clear; the writer always deletes both, and the reader ignores them.
 */
export const GARM_CONFIGURATOR_FORBIDDEN_KEYS = ["openstack_password", "github_private_key"] as const;

/** Shape check at the trust boundary: a flat map of strings, documented key by key. */
export const garmConfiguratorUnitDatabagSchema = documentedDatabagSchema(GARM_CONFIGURATOR_KEYS);

export type RunnerTarget =
  | { readonly kind: "organization"; readonly name: string }
  | { readonly kind: "repository"; readonly name: string };

/** The six runner options, validated; absent options are `undefined` or empty lists. */
export interface RunnerOptions {
  readonly dockerhubMirror: string | undefined;
  readonly runnerHttpProxy: string | undefined;
  readonly aproxyExcludeAddresses: readonly string[];
  readonly aproxyRedirectPorts: readonly PortRange[];
  readonly otelCollectorEndpoint: string | undefined;
  readonly preJobScript: string | undefined;
}

export interface ScalesetDescription {
  readonly name: string;
  readonly flavor: string;
  readonly osArch: string;
  readonly minIdleRunners: number;
  readonly maxRunners: number;
  readonly labels: readonly string[];
  readonly runnerGroup: string | undefined;
  readonly target: RunnerTarget;
  /** Script name -> script text; the configurator publishes its option as `pre_install.sh`. */
  readonly preInstallScripts: Readonly<Record<string, string>>;
  readonly runner: RunnerOptions;
}

export interface OpenStackProviderDescription {
  readonly authUrl: string;
  readonly username: string;
  readonly passwordSecretUri: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
  readonly regionName: string;
  readonly network: string;
}

export interface GithubAppDescription {
  readonly appId: number;
  readonly installationId: number;
  readonly privateKeySecretUri: string;
}

export interface ConfiguratorCredentials {
  readonly openstack: OpenStackProviderDescription;
  readonly githubApp: GithubAppDescription;
}

/**
 * The scaleset is planner-driven: where the planner is, how to authenticate, and the floor the
 * flavor declares. The planner flavor name is the scaleset name.
 */
export interface PlannerLink {
  /** http(s) URL of the planner API; join paths relative to it (it may carry a path prefix). */
  readonly endpoint: string;
  /** Juju secret URI; content key `value` holds the bearer token. */
  readonly tokenSecretUri: string;
  /** Floor on the scaleset's total runners (the flavor's `minimum-pressure`). */
  readonly minimumPressure: number;
}

/** What one configurator unit publishes; `imageId` and `credentials` come later or not at all. */
export interface ConfiguratorPublication {
  readonly providerName: string;
  readonly scaleset: ScalesetDescription;
  readonly imageId: string | undefined;
  readonly credentials: ConfiguratorCredentials | undefined;
  /** Leader only, while the planner relation is ready; absent (undefined) otherwise. */
  readonly planner?: PlannerLink | undefined;
}

/** A complete unit databag, as the garm charm needs it to run a scaleset. */
export interface ConfiguratorUnitData extends ConfiguratorCredentials {
  readonly providerName: string;
  readonly imageId: string;
  readonly scaleset: ScalesetDescription;
  /** Present when the configurator links the scaleset to a planner; undefined otherwise. */
  readonly planner: PlannerLink | undefined;
}

type KeyValues = Partial<Record<GarmConfiguratorKey, string | undefined>>;

function scalesetValues(publication: ConfiguratorPublication): KeyValues {
  const { scaleset } = publication;
  const runner = scaleset.runner;
  return {
    name: scaleset.name,
    provider_name: publication.providerName,
    image_id: publication.imageId,
    flavor: scaleset.flavor,
    os_arch: scaleset.osArch,
    min_idle_runner: String(scaleset.minIdleRunners),
    max_runner: String(scaleset.maxRunners),
    labels: scaleset.labels.join(","),
    runner_group: scaleset.runnerGroup,
    pre_install_scripts:
      Object.keys(scaleset.preInstallScripts).length > 0
        ? pythonJsonDumps(scaleset.preInstallScripts)
        : undefined,
    org: scaleset.target.kind === "organization" ? scaleset.target.name : undefined,
    repo: scaleset.target.kind === "repository" ? scaleset.target.name : undefined,
    dockerhub_mirror: runner.dockerhubMirror,
    runner_http_proxy: runner.runnerHttpProxy,
    aproxy_exclude_addresses: runner.aproxyExcludeAddresses.join(","),
    aproxy_redirect_ports: formatPortRanges(runner.aproxyRedirectPorts),
    otel_collector_endpoint: runner.otelCollectorEndpoint,
    pre_job_script: runner.preJobScript,
  };
}

function credentialValues(credentials: ConfiguratorCredentials | undefined): KeyValues {
  if (credentials === undefined) return {};
  const { openstack, githubApp } = credentials;
  return {
    openstack_auth_url: openstack.authUrl,
    openstack_username: openstack.username,
    openstack_password_secret_uri: openstack.passwordSecretUri,
    openstack_project_name: openstack.projectName,
    openstack_user_domain_name: openstack.userDomainName,
    openstack_project_domain_name: openstack.projectDomainName,
    openstack_region_name: openstack.regionName,
    openstack_network: openstack.network,
    github_app_id: String(githubApp.appId),
    github_installation_id: String(githubApp.installationId),
    github_private_key_secret_uri: githubApp.privateKeySecretUri,
  };
}

function plannerValues(planner: PlannerLink | undefined): KeyValues {
  if (planner === undefined) return {};
  return {
    planner_endpoint: planner.endpoint,
    planner_token_secret_uri: planner.tokenSecretUri,
    planner_minimum_pressure: String(planner.minimumPressure),
  };
}

/** Every key of the interface: the given ones set, the rest (and the forbidden ones) deleted. */
function fullWrite(values: KeyValues): DatabagWrite {
  const data: Record<string, string> = {};
  const removedKeys: string[] = [];
  for (const key of Object.keys(GARM_CONFIGURATOR_KEYS) as GarmConfiguratorKey[]) {
    const value = values[key];
    if (value === undefined || value === "") {
      data[key] = "";
      removedKeys.push(key);
    } else {
      data[key] = value;
    }
  }
  for (const key of GARM_CONFIGURATOR_FORBIDDEN_KEYS) {
    data[key] = "";
    removedKeys.push(key);
  }
  return { data, removedKeys };
}

/** Encodes one unit's publication; every other key of the interface is deleted. */
export function writeGarmConfiguratorUnitData(publication: ConfiguratorPublication): DatabagWrite {
  return fullWrite({
    ...scalesetValues(publication),
    ...credentialValues(publication.credentials),
    ...plannerValues(publication.planner),
  });
}

/** Keys published stripped, as a set (see `GARM_CONFIGURATOR_STRIPPED_KEYS`). */
const STRIPPED_KEYS: ReadonlySet<string> = new Set(GARM_CONFIGURATOR_STRIPPED_KEYS);

/** Collects problems and missing keys while reading a databag field by field. */
class BagReader {
  readonly problems: DatabagProblem[] = [];
  readonly missing: string[] = [];

  constructor(private readonly bag: Readonly<Record<string, string>>) {}

  /** The value as published; undefined when absent (Juju deletes a key set to ""). */
  private published(key: GarmConfiguratorKey): string | undefined {
    const value = this.bag[key];
    return value === undefined || value === "" ? undefined : value;
  }

  present(key: GarmConfiguratorKey): boolean {
    return this.published(key) !== undefined;
  }

  /**
   * A present value, or undefined when absent. A blank value is refused; so is a padded value of
   * a key published stripped, which is returned stripped so that the key's own rules still run.
   */
  optional(key: GarmConfiguratorKey): string | undefined {
    const value = this.published(key);
    if (value === undefined) return undefined;
    const stripped = stripWhitespace(value);
    if (stripped === "") {
      this.invalid(key, `${key} must not be blank`);
      return undefined;
    }
    if (!STRIPPED_KEYS.has(key)) return value;
    if (stripped !== value) this.invalid(key, `${key} must not start or end with whitespace`);
    return stripped;
  }

  /** A present value; `""` when absent (recorded as missing) or blank (recorded as invalid). */
  required(key: GarmConfiguratorKey): string {
    if (this.published(key) === undefined) {
      this.missing.push(key);
      this.problems.push({ key, message: `${key} is missing` });
      return "";
    }
    return this.optional(key) ?? "";
  }

  invalid(key: string, message: string): void {
    this.problems.push({ key, message });
  }

  /** `reason` from a shared rule, as a problem of `key`; whether there was one. */
  check(key: string, reason: string | undefined): boolean {
    if (reason !== undefined) this.invalid(key, `${key} ${reason}`);
    return reason !== undefined;
  }

  private checkLine(key: GarmConfiguratorKey, value: string | undefined): void {
    if (value === undefined || value === "") return;
    if (checkSingleLine(value) !== undefined) this.invalid(key, `${key} must be a single line`);
    else this.check(key, checkLineLength(value));
  }

  /** A required one-line value: no control characters, within the line length. */
  requiredLine(key: GarmConfiguratorKey): string {
    const value = this.required(key);
    this.checkLine(key, value);
    return value;
  }

  optionalLine(key: GarmConfiguratorKey): string | undefined {
    const value = this.optional(key);
    this.checkLine(key, value);
    return value;
  }

  secretUri(key: GarmConfiguratorKey): string {
    const value = this.required(key);
    if (value !== "" && !isSecretUri(value)) this.invalid(key, `${key} must be a Juju secret URI`);
    return value;
  }

  optionalSecretUri(key: GarmConfiguratorKey): string | undefined {
    const value = this.optional(key);
    if (value !== undefined && !isSecretUri(value)) this.invalid(key, `${key} must be a Juju secret URI`);
    return value;
  }

  /** A runner count: optional (0) when `min` is 0, required when it is 1; 0 when invalid. */
  runnerCount(key: GarmConfiguratorKey, min: 0 | 1): number {
    const text = min === 0 ? this.optional(key) : this.required(key);
    if (text === undefined || text === "") return 0;
    const value = parseNonNegativeInteger(text);
    if (value === undefined || value < min) {
      this.invalid(key, `${key} must be a ${min === 0 ? "non-negative" : "positive"} decimal integer`);
      return 0;
    }
    return this.check(key, checkRunnerCountLimit(value)) ? 0 : value;
  }

  /** A required GitHub id > 0; 0 when it is missing or invalid (recorded as such). */
  githubId(key: GarmConfiguratorKey): number {
    const text = this.required(key);
    if (text === "") return 0;
    const value = parseNonNegativeInteger(text);
    if (value === undefined || value === 0) {
      this.invalid(key, `${key} must be a positive decimal integer`);
      return 0;
    }
    return this.check(key, checkGithubIdLimit(value)) ? 0 : value;
  }

  /** An http(s) URL, in canonical form (a Python configurator's `HTTPS://h:` reads as `https://h`). */
  url(key: GarmConfiguratorKey, required: boolean): string | undefined {
    const value = required ? this.required(key) : this.optional(key);
    if (value === undefined || value === "") return value;
    const read = normaliseHttpUrl(value);
    if (read.ok) return read.url;
    this.invalid(key, `${key} must be a valid http(s) URL (${read.reason})`);
    return value;
  }

  /** A comma-separated list parsed with `parse`; `[]` when absent or invalid (recorded). */
  list<T>(key: GarmConfiguratorKey, parse: (text: string) => ListParse<T>, rule: string): readonly T[] {
    const text = this.optional(key);
    if (text === undefined) return [];
    const parsed = parse(text);
    if (parsed.ok) return parsed.items;
    this.invalid(key, parsed.kind === "too-long" ? `${key} ${parsed.reason}` : `${key} must be ${rule}`);
    return [];
  }
}

function readRunnerOptions(reader: BagReader): RunnerOptions {
  const dockerhubMirror = reader.url("dockerhub_mirror", false);
  const runnerHttpProxy = reader.url("runner_http_proxy", false);
  const otelCollectorEndpoint = reader.url("otel_collector_endpoint", false);
  const preJobScript = reader.optional("pre_job_script");
  if (preJobScript !== undefined && !reader.check("pre_job_script", checkScriptSize(preJobScript))) {
    // Any script text is fine except NUL, which no shell heredoc or variable can carry.
    if (preJobScript.includes("\u0000"))
      reader.invalid("pre_job_script", "pre_job_script must not contain NUL");
  }
  // A Python configurator publishes these lists as the operator spelled each entry.
  const aproxyExcludeAddresses = reader.list(
    "aproxy_exclude_addresses",
    (text) => parseIPv4NetworkList(text, "python"),
    "a list of IPv4 addresses/CIDRs",
  );
  const aproxyRedirectPorts = reader.list(
    "aproxy_redirect_ports",
    (text) => parsePortRangeList(text, "python"),
    "a list of ports or N-M ranges",
  );
  const aproxyOptions = reader.present("aproxy_exclude_addresses") || reader.present("aproxy_redirect_ports");
  if (aproxyOptions && runnerHttpProxy === undefined) {
    reader.invalid("runner_http_proxy", "aproxy options are set without runner_http_proxy");
  }
  return {
    dockerhubMirror,
    runnerHttpProxy,
    aproxyExcludeAddresses,
    aproxyRedirectPorts,
    otelCollectorEndpoint,
    preJobScript,
  };
}

const preInstallScriptsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/u),
  z.string().refine((text) => !text.includes("\u0000")),
);

function readPreInstallScripts(reader: BagReader): Readonly<Record<string, string>> {
  const text = reader.optional("pre_install_scripts");
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    reader.invalid("pre_install_scripts", "pre_install_scripts is not valid JSON");
    return {};
  }
  const parsed = preInstallScriptsSchema.safeParse(json);
  if (!parsed.success) {
    reader.invalid(
      "pre_install_scripts",
      "pre_install_scripts must be a JSON object of script name -> script text",
    );
    return {};
  }
  const scripts = Object.values(parsed.data);
  if (scripts.length > PRE_INSTALL_SCRIPTS_MAX_ENTRIES) {
    reader.invalid(
      "pre_install_scripts",
      `pre_install_scripts must hold at most ${PRE_INSTALL_SCRIPTS_MAX_ENTRIES} scripts`,
    );
    return {};
  }
  if (scripts.some((script) => checkScriptSize(script) !== undefined)) {
    reader.invalid(
      "pre_install_scripts",
      `pre_install_scripts must hold scripts of at most ${SCRIPT_MAX_BYTES} bytes`,
    );
    return {};
  }
  return parsed.data;
}

function readTarget(reader: BagReader): RunnerTarget | undefined {
  // The Python garm charm prefers org when both are present (a Python configurator never
  // deleted a stale org); do the same so both garm charms target the same entity.
  const org = reader.optional("org");
  if (org !== undefined) {
    if (!isGithubOrgName(org)) reader.invalid("org", "org must be a GitHub organisation name");
    return { kind: "organization", name: org };
  }
  const repo = reader.optional("repo");
  if (repo !== undefined) {
    if (!isGithubRepoName(repo)) reader.invalid("repo", "repo must have the form owner/name");
    return { kind: "repository", name: repo };
  }
  reader.missing.push("org");
  reader.problems.push({ key: "org", message: "neither org nor repo is set" });
  return undefined;
}

/** Labels: a one-line comma-separated list; empty entries are dropped, as both configurators do. */
function readLabels(reader: BagReader): readonly string[] {
  // parseLabelList fails only on a shared limit; "invalid" here is the one-line rule.
  return reader.list(
    "labels",
    (text) =>
      checkSingleLine(text) === undefined
        ? parseLabelList(text)
        : { ok: false, token: "", kind: "invalid", reason: "contains control characters" },
    "a single line",
  );
}

function readScaleset(reader: BagReader): ScalesetDescription | undefined {
  const name = reader.requiredLine("name");
  const flavor = reader.requiredLine("flavor");
  const osArch = reader.requiredLine("os_arch");
  const minIdleRunners = reader.runnerCount("min_idle_runner", 0);
  const maxRunners = reader.runnerCount("max_runner", 1);
  if (maxRunners > 0 && maxRunners < minIdleRunners) {
    reader.invalid("max_runner", "max_runner is less than min_idle_runner");
  }
  const labels = readLabels(reader);
  const runnerGroup = reader.optionalLine("runner_group");
  const preInstallScripts = readPreInstallScripts(reader);
  const target = readTarget(reader);
  const runner = readRunnerOptions(reader);
  if (target === undefined) return undefined;
  return {
    name,
    flavor,
    osArch,
    minIdleRunners,
    maxRunners,
    labels,
    runnerGroup,
    target,
    preInstallScripts,
    runner,
  };
}

function readOpenStack(reader: BagReader): OpenStackProviderDescription {
  return {
    authUrl: reader.url("openstack_auth_url", true) ?? "",
    username: reader.requiredLine("openstack_username"),
    passwordSecretUri: reader.secretUri("openstack_password_secret_uri"),
    projectName: reader.requiredLine("openstack_project_name"),
    userDomainName: reader.requiredLine("openstack_user_domain_name"),
    projectDomainName: reader.requiredLine("openstack_project_domain_name"),
    regionName: reader.requiredLine("openstack_region_name"),
    network: reader.requiredLine("openstack_network"),
  };
}

function readCredentials(reader: BagReader): ConfiguratorCredentials {
  const openstack = readOpenStack(reader);
  const githubApp: GithubAppDescription = {
    appId: reader.githubId("github_app_id"),
    installationId: reader.githubId("github_installation_id"),
    privateKeySecretUri: reader.secretUri("github_private_key_secret_uri"),
  };
  return { openstack, githubApp };
}

/**
 * The planner link, when the unit publishes one: all three keys or none (a partial link is
 * invalid, not incomplete: the configurator writes them in one relation-set).
 */
function readPlannerLink(reader: BagReader, maxRunners: number): PlannerLink | undefined {
  const present = GARM_CONFIGURATOR_PLANNER_KEYS.filter((key) => reader.present(key));
  if (present.length === 0) return undefined;
  const endpoint = reader.url("planner_endpoint", false);
  const tokenSecretUri = reader.optionalSecretUri("planner_token_secret_uri");
  const minimumPressure = reader.runnerCount("planner_minimum_pressure", 0);
  for (const key of GARM_CONFIGURATOR_PLANNER_KEYS) {
    if (!present.includes(key)) {
      reader.invalid(
        key,
        `${key} is missing while ${present.join(" and ")} ${present.length > 1 ? "are" : "is"} set`,
      );
    }
  }
  if (maxRunners > 0 && minimumPressure > maxRunners) {
    reader.invalid("planner_minimum_pressure", "planner_minimum_pressure is greater than max_runner");
  }
  if (endpoint === undefined || tokenSecretUri === undefined) return undefined;
  return { endpoint, tokenSecretUri, minimumPressure };
}

export type ConfiguratorUnitDataRead = DatabagRead<ConfiguratorUnitData> & {
  /**
   * The scaleset this unit claims (its `name` key, stripped), when it names one: never delete it
   * while the unit is incomplete or invalid. A blank name claims nothing.
   */
  readonly scalesetName: string | undefined;
};

function claimedScalesetName(name: string | undefined): string | undefined {
  const stripped = stripWhitespace(name ?? "");
  return stripped !== "" && !hasControlCharacters(stripped) ? stripped : undefined;
}

/**
 * Reads one configurator unit's databag as untrusted input. Never throws. Missing keys make the
 * result `incomplete` (the configurator is still publishing: image id or leader credentials not
 * there yet); a present key with a bad value makes it `invalid`, which wins over `incomplete`.
 */
export function readGarmConfiguratorUnitData(bag: unknown): ConfiguratorUnitDataRead {
  const shape = garmConfiguratorUnitDatabagSchema.safeParse(bag);
  if (!shape.success) {
    return {
      ok: false,
      state: "invalid",
      problems: databagShapeProblems(shape.error),
      scalesetName: undefined,
    };
  }
  const reader = new BagReader(shape.data);
  const providerName = reader.requiredLine("provider_name");
  if (providerName !== "" && !/^[a-z0-9][a-z0-9-]*$/u.test(providerName)) {
    reader.invalid("provider_name", "provider_name must be a unit name with / replaced by -");
  }
  const imageId = reader.requiredLine("image_id");
  if (/\s/u.test(imageId) || hasControlCharacters(imageId))
    reader.invalid("image_id", "image_id must not contain spaces");
  const scaleset = readScaleset(reader);
  const credentials = readCredentials(reader);
  const planner = readPlannerLink(reader, scaleset?.maxRunners ?? 0);
  const scalesetName = claimedScalesetName(shape.data["name"]);
  const invalid = reader.problems.filter((p) => !reader.missing.includes(p.key));
  if (invalid.length > 0) return { ok: false, state: "invalid", problems: reader.problems, scalesetName };
  if (reader.missing.length > 0 || scaleset === undefined) {
    return {
      ok: false,
      state: "incomplete",
      missing: reader.missing,
      problems: reader.problems,
      scalesetName,
    };
  }
  return { ok: true, value: { providerName, imageId, scaleset, ...credentials, planner }, scalesetName };
}

/**
 * The OpenStack provider keys alone, by the same rules (and normalisation) as
 * `readGarmConfiguratorUnitData`: the garm charm registers a unit's provider whatever the rest of
 * its databag says. Never throws.
 */
export function readGarmConfiguratorProvider(bag: unknown): DatabagRead<OpenStackProviderDescription> {
  const shape = garmConfiguratorUnitDatabagSchema.safeParse(bag);
  if (!shape.success) return { ok: false, state: "invalid", problems: databagShapeProblems(shape.error) };
  const reader = new BagReader(shape.data);
  const value = readOpenStack(reader);
  const { problems, missing } = reader;
  if (problems.some((p) => !missing.includes(p.key))) return { ok: false, state: "invalid", problems };
  if (missing.length > 0) return { ok: false, state: "incomplete", missing, problems };
  return { ok: true, value };
}

/**
 * Pure validation of the configurator's config (as `config-get` returns it) into a typed
 * scaleset description, or the list of problems in the reference charm's order. The first
 * problem is the blocked status; all of them are logged. Secret options are checked for shape
 * only here; their content is resolved by the charm.
 */
import { echoInput } from "@garm-charms/charm-runtime";
import {
  checkGithubIdLimit,
  checkHttpUrl,
  checkLineLength,
  checkRunnerCountLimit,
  checkScriptSize,
  checkSingleLine,
  isBlank,
  isGithubOrgName,
  isGithubRepoName,
  isSecretUri,
  parseIPv4NetworkList,
  parseLabelList,
  parsePortRangeList,
  PLANNER_DEFAULT_PRIORITY,
  stripWhitespace,
  type ListParse,
  type PortRange,
  type RunnerOptions,
  type RunnerTarget,
} from "@garm-charms/interfaces";

export type RawConfig = Readonly<Record<string, unknown>>;

export interface ConfigProblem {
  /** The config option at fault. */
  readonly option: string;
  /** One line, fit for a blocked status: `openstack-network is required`. */
  readonly message: string;
  /** Extra detail for the log only (never contains a secret value). */
  readonly detail?: string;
}

export interface OpenStackConfig {
  readonly authUrl: string;
  readonly username: string;
  /** Juju secret URI from `openstack-password`; content key `value`. */
  readonly passwordSecretId: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
  readonly regionName: string;
  readonly network: string;
}

export interface GithubAppConfig {
  readonly appId: number;
  readonly installationId: number;
  /** Juju secret URI from `github-app-private-key`; content key `value`. */
  readonly privateKeySecretId: string;
}

export interface ScalesetConfig {
  readonly name: string;
  readonly flavor: string;
  readonly osArch: string;
  readonly minIdleRunners: number;
  readonly maxRunners: number;
  readonly labels: readonly string[];
  readonly runnerGroup: string | undefined;
  readonly target: RunnerTarget;
  /** Raw `pre-install-scripts` (not stripped), or undefined when blank. */
  readonly preInstallScript: string | undefined;
}

/** What the scaleset declares to the planner as its flavor (the `planner` relation). */
export interface PlannerConfig {
  /** `planner-priority`: the planner prefers higher priorities when labels tie. */
  readonly priority: number;
  /** `planner-minimum-pressure`: floor on the scaleset's total runners, idle and busy. */
  readonly minimumPressure: number;
}

export interface ConfiguratorConfig {
  readonly openstack: OpenStackConfig;
  readonly githubApp: GithubAppConfig;
  readonly scaleset: ScalesetConfig;
  readonly runner: RunnerOptions;
  readonly planner: PlannerConfig;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ConfiguratorConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Reads options one by one, recording problems in order. */
class OptionReader {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly raw: RawConfig) {}

  problem(option: string, message: string, detail?: string): void {
    this.problems.push(detail === undefined ? { option, message } : { option, message, detail });
  }

  /** A string option; `undefined` when unset or not a string (the latter is a problem). */
  text(option: string): string | undefined {
    const value = this.raw[option];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      this.problem(option, `${option} must be a string`);
      return undefined;
    }
    return value;
  }

  /** Stripped string option (Python's `str.strip()`); blank counts as unset. */
  stripped(option: string): string | undefined {
    const value = this.text(option);
    if (value === undefined) return undefined;
    const stripped = stripWhitespace(value);
    return stripped === "" ? undefined : stripped;
  }

  /**
   * A required single-line string within the line length. `strip` says whether the value is
   * stripped (as the reference does); it is stripped before it is checked, so the newline a YAML
   * block scalar leaves at the end is not a control character.
   */
  required(option: string, strip: boolean): string {
    const text = this.text(option);
    if (text === undefined || isBlank(text)) {
      if (!this.problems.some((p) => p.option === option)) this.problem(option, `${option} is required`);
      return "";
    }
    const value = strip ? stripWhitespace(text) : text;
    this.line(option, value);
    return value;
  }

  /** A one-line value: no control characters, within the shared line length. */
  line(option: string, value: string): void {
    if (!this.singleLine(option, value)) this.limit(option, checkLineLength(value));
  }

  /** Records a control-character problem; whether there was one. */
  singleLine(option: string, value: string): boolean {
    const reason = checkSingleLine(value);
    if (reason !== undefined) this.problem(option, `${option} must be a single line`, reason);
    return reason !== undefined;
  }

  /** A shared limit's verdict (`must be at most ...`) as a problem of `option`. */
  limit(option: string, reason: string | undefined): void {
    if (reason !== undefined) this.problem(option, `${option} ${reason}`);
  }

  /** A shell script: within the shared size, and any text but NUL, which no heredoc can carry. */
  script(option: string, value: string): void {
    const tooBig = checkScriptSize(value);
    if (tooBig !== undefined) this.limit(option, tooBig);
    else if (value.includes("\u0000")) this.problem(option, `${option} must not contain NUL characters`);
  }

  secret(option: string): string {
    const value = this.required(option, true);
    if (value !== "" && !isSecretUri(value)) {
      this.problem(option, `${option} must be a Juju secret URI (secret:...)`);
    }
    return value;
  }

  integer(option: string): number | undefined {
    const value = this.raw[option];
    if (value === undefined || value === null || value === "") return undefined;
    const number = typeof value === "string" && /^-?[0-9]+$/u.test(value.trim()) ? Number(value) : value;
    // Whole numbers beyond 2^53 are still whole: the shared limits refuse them by name.
    if (typeof number !== "number" || !Number.isInteger(number)) {
      this.problem(option, `${option} must be an integer`);
      return undefined;
    }
    return number;
  }

  positiveId(option: string): number {
    const value = this.integer(option);
    if (value === undefined) {
      if (!this.problems.some((p) => p.option === option)) this.problem(option, `${option} is required`);
      return 0;
    }
    if (value <= 0) this.problem(option, `${option} must be a positive integer`);
    else this.limit(option, checkGithubIdLimit(value));
    return value;
  }

  url(option: string): string | undefined {
    const value = this.stripped(option);
    if (value === undefined) return undefined;
    const reason = checkHttpUrl(value);
    if (reason !== undefined) this.problem(option, `${option} must be a valid http(s) URL`, reason);
    return value;
  }
}

function readOpenStack(r: OptionReader): OpenStackConfig {
  // The seven required strings first, then the URL rule, then the secret (reference order).
  const authUrl = r.required("openstack-auth-url", true);
  const username = r.required("openstack-username", false);
  const projectName = r.required("openstack-project-name", false);
  const userDomainName = r.required("openstack-user-domain-name", false);
  const projectDomainName = r.required("openstack-project-domain-name", false);
  const regionName = r.required("openstack-region-name", false);
  const network = r.required("openstack-network", false);
  if (authUrl !== "") {
    if (!/^https?:\/\//u.test(authUrl)) {
      r.problem("openstack-auth-url", "openstack-auth-url must start with http:// or https://");
    } else {
      const reason = checkHttpUrl(authUrl);
      if (reason !== undefined)
        r.problem("openstack-auth-url", "openstack-auth-url must be a valid http(s) URL", reason);
    }
  }
  const passwordSecretId = r.secret("openstack-password");
  return {
    authUrl,
    username,
    passwordSecretId,
    projectName,
    userDomainName,
    projectDomainName,
    regionName,
    network,
  };
}

function readGithubApp(r: OptionReader): GithubAppConfig {
  return {
    appId: r.positiveId("github-app-id"),
    installationId: r.positiveId("github-app-installation-id"),
    privateKeySecretId: r.secret("github-app-private-key"),
  };
}

function readTarget(r: OptionReader): RunnerTarget | undefined {
  const repo = r.stripped("repo");
  const org = r.stripped("org");
  if (repo !== undefined && org !== undefined) {
    r.problem("repo", "repo and org are mutually exclusive");
    return undefined;
  }
  if (repo === undefined && org === undefined) {
    r.problem("repo", "At least one of repo or org must be provided");
    return undefined;
  }
  if (org !== undefined) {
    if (!isGithubOrgName(org)) r.problem("org", "org must be a GitHub organisation name");
    return { kind: "organization", name: org };
  }
  const name = repo ?? "";
  if (!isGithubRepoName(name)) r.problem("repo", "repo must have the form owner/name");
  return { kind: "repository", name };
}

/** Comma-separated labels: one line, entries stripped, empty entries dropped; within the shared limits. */
function readLabels(r: OptionReader): readonly string[] {
  const text = r.stripped("labels") ?? "";
  if (r.singleLine("labels", text)) return [];
  const parsed = parseLabelList(text);
  if (parsed.ok) return parsed.items;
  r.problem("labels", `labels ${parsed.reason}`);
  return [];
}

/** A list option's parse failure as a problem: the limit, or `message` with the token echoed. */
function listProblem(
  r: OptionReader,
  option: string,
  parsed: Exclude<ListParse<unknown>, { ok: true }>,
  message: string,
): void {
  if (parsed.kind === "too-long") r.problem(option, `${option} ${parsed.reason}`);
  else r.problem(option, message, `${echoInput(parsed.token)} ${parsed.reason}`);
}

/** A count option within 0..the shared runner-count limit; `fallback` when unset. */
function readCount(r: OptionReader, option: string, fallback: number): number {
  const value = r.integer(option) ?? fallback;
  if (value < 0) r.problem(option, `${option} must be non-negative`);
  else r.limit(option, checkRunnerCountLimit(value));
  return value;
}

function readScaleset(r: OptionReader): ScalesetConfig | undefined {
  const name = r.required("name", true);
  const flavor = r.required("flavor", true);
  const osArch = r.required("os-arch", true);
  const minIdleRunners = readCount(r, "min-idle-runner", 0);
  const maxRunners = r.integer("max-runner") ?? 1;
  if (maxRunners <= 0) r.problem("max-runner", "max-runner must be greater than 0");
  else if (maxRunners < minIdleRunners) {
    r.problem("max-runner", "max-runner must be greater than or equal to min-idle-runner");
  } else r.limit("max-runner", checkRunnerCountLimit(maxRunners));
  const target = readTarget(r);
  const labels = readLabels(r);
  const runnerGroup = r.stripped("runner-group");
  if (runnerGroup !== undefined) r.line("runner-group", runnerGroup);
  const rawScript = r.text("pre-install-scripts");
  const preInstallScript = rawScript === undefined || rawScript.trim() === "" ? undefined : rawScript;
  if (preInstallScript !== undefined) r.script("pre-install-scripts", preInstallScript);
  if (target === undefined) return undefined;
  return { name, flavor, osArch, minIdleRunners, maxRunners, labels, runnerGroup, target, preInstallScript };
}

function readRunner(r: OptionReader): RunnerOptions {
  const dockerhubMirror = r.url("dockerhub-mirror");
  const runnerHttpProxy = r.url("runner-http-proxy");
  let aproxyExcludeAddresses: readonly string[] = [];
  const excludes = r.stripped("aproxy-exclude-addresses");
  if (excludes !== undefined) {
    const parsed = parseIPv4NetworkList(excludes);
    if (parsed.ok) aproxyExcludeAddresses = parsed.items;
    else if (parsed.kind === "not-ipv4") {
      r.problem(
        "aproxy-exclude-addresses",
        "aproxy-exclude-addresses only supports IPv4 addresses or CIDRs (the aproxy nft ruleset is IPv4-only); " +
          `got: ${echoInput(parsed.token)}`,
      );
    } else {
      listProblem(
        r,
        "aproxy-exclude-addresses",
        parsed,
        "aproxy-exclude-addresses must be a comma-separated list of IPv4 addresses or CIDRs; " +
          `got invalid token: ${echoInput(parsed.token)}`,
      );
    }
  }
  let aproxyRedirectPorts: readonly PortRange[] = [];
  const ports = r.stripped("aproxy-redirect-ports");
  if (ports !== undefined) {
    const parsed = parsePortRangeList(ports);
    if (parsed.ok) aproxyRedirectPorts = parsed.items;
    else {
      listProblem(
        r,
        "aproxy-redirect-ports",
        parsed,
        "aproxy-redirect-ports must be a comma-separated list of ports or N-M ranges in 1..65535",
      );
    }
  }
  const otelCollectorEndpoint = r.url("otel-collector-endpoint");
  const preJobScript = r.stripped("pre-job-script");
  if (preJobScript !== undefined) r.script("pre-job-script", preJobScript);
  if ((excludes !== undefined || ports !== undefined) && runnerHttpProxy === undefined) {
    r.problem(
      "runner-http-proxy",
      "aproxy-exclude-addresses and aproxy-redirect-ports require runner-http-proxy to be set",
    );
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

/** The planner options; they matter only while the `planner` relation exists, but are always checked. */
function readPlanner(r: OptionReader, maxRunners: number): PlannerConfig {
  const priority = readCount(r, "planner-priority", PLANNER_DEFAULT_PRIORITY);
  const minimumPressure = readCount(r, "planner-minimum-pressure", 0);
  // A floor above the cap could never be met (the reference refuses it too, github-runner #743).
  if (maxRunners > 0 && minimumPressure > maxRunners) {
    r.problem("planner-minimum-pressure", "planner-minimum-pressure must be at most max-runner");
  }
  return { priority, minimumPressure };
}

/**
 * Validates the whole config; problems come in the reference's order (provider, app, scaleset,
 * runner), then the planner options this charm adds.
 */
export function parseConfiguratorConfig(raw: RawConfig): ConfigResult {
  const reader = new OptionReader(raw);
  const openstack = readOpenStack(reader);
  const githubApp = readGithubApp(reader);
  const scaleset = readScaleset(reader);
  const runner = readRunner(reader);
  const planner = readPlanner(reader, scaleset?.maxRunners ?? 0);
  if (reader.problems.length > 0 || scaleset === undefined) return { ok: false, problems: reader.problems };
  return { ok: true, config: { openstack, githubApp, scaleset, runner, planner } };
}

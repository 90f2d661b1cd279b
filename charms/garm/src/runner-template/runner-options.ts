/** Runner options as the garm charm receives them from one garm-configurator unit. */
export interface RunnerOptions {
  /** Docker Hub registry mirror URL (http/https). */
  dockerhubMirror?: string;
  /** HTTP proxy URL the runner's egress goes through, via aproxy. */
  httpProxy?: string;
  /** IPv4 addresses or CIDRs that bypass the aproxy redirect. */
  aproxyExcludeAddresses?: string[];
  /** Destination ports ("443") or inclusive ranges ("1024-2048") redirected to aproxy. */
  aproxyRedirectPorts?: string[];
  /** OTLP endpoint the runner's OpenTelemetry collector exports to (http/https). */
  otelCollectorEndpoint?: string;
  /** Operator shell script run at the start of every job. */
  preJobScript?: string;
}

/** The garm-configurator config option each field comes from; errors name these. */
export const RUNNER_OPTION_NAMES = {
  dockerhubMirror: "dockerhub-mirror",
  httpProxy: "runner-http-proxy",
  aproxyExcludeAddresses: "aproxy-exclude-addresses",
  aproxyRedirectPorts: "aproxy-redirect-ports",
  otelCollectorEndpoint: "otel-collector-endpoint",
  preJobScript: "pre-job-script",
  preInstallScripts: "pre-install-scripts",
} as const;

export type RunnerOptionName = (typeof RUNNER_OPTION_NAMES)[keyof typeof RUNNER_OPTION_NAMES];

/** An unset option and an empty one mean the same: the operator cleared it. */
export function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

/** A pre-job script made only of whitespace does nothing, so it counts as cleared. */
export function hasPreJobScript(options: RunnerOptions): boolean {
  return options.preJobScript !== undefined && options.preJobScript.trim() !== "";
}

/**
 * Only these options change the runner-install template. The proxy options travel as a
 * pre-install extra spec instead, because GARM's wrapper fetches the template through the network.
 */
export function needsCustomTemplate(options: RunnerOptions): boolean {
  return isSet(options.dockerhubMirror) || isSet(options.otelCollectorEndpoint) || hasPreJobScript(options);
}

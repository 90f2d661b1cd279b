import { PreInstallScriptOrderError, UnsafeRunnerOptionError } from "./errors.js";
import { isSet, RUNNER_OPTION_NAMES, type RunnerOptions } from "./runner-options.js";
import { ShellFragment } from "./shell-fragment.js";
import { checkHttpUrl, checkIpv4Network, checkList, checkPortRange } from "./validation.js";
import { APROXY_BOOTSTRAP_TEMPLATE } from "./templates/aproxy-bootstrap.template.js";

/** GARM runs pre-install scripts in byte order of their names; this name sorts first in practice. */
export const APROXY_PRE_INSTALL_SCRIPT_NAME = "00-aproxy";

const DEFAULT_REDIRECT_PORTS = ["80", "443"] as const;
// Loopback never goes through the proxy, whatever the operator excludes.
const ALWAYS_EXCLUDED = "127.0.0.0/8";
// Names become paths in a cloud-init runcmd line (/garm-pre-install/<name>), run by a shell.
const SCRIPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The aproxy bootstrap script for `options`, or undefined without an HTTP proxy (the aproxy
 * options mean nothing then and are ignored). Empty redirect ports default to 80 and 443.
 */
export function renderAproxyPreInstallScript(options: RunnerOptions): string | undefined {
  if (!isSet(options.httpProxy)) {
    return undefined;
  }
  const proxy = checkHttpUrl(RUNNER_OPTION_NAMES.httpProxy, options.httpProxy);
  const excludes = checkList(
    RUNNER_OPTION_NAMES.aproxyExcludeAddresses,
    [ALWAYS_EXCLUDED, ...(options.aproxyExcludeAddresses ?? [])],
    checkIpv4Network,
  );
  const configuredPorts = options.aproxyRedirectPorts ?? [];
  const ports = checkList(
    RUNNER_OPTION_NAMES.aproxyRedirectPorts,
    configuredPorts.length > 0 ? configuredPorts : DEFAULT_REDIRECT_PORTS,
    checkPortRange,
  );
  const script = ShellFragment.render(APROXY_BOOTSTRAP_TEMPLATE, {
    PROXY_URL: ShellFragment.quote(proxy.url),
    PROXY_AUTHORITY: ShellFragment.quote(proxy.authority),
    EXCLUDE_NETWORKS: ShellFragment.quote(excludes.join(", ")),
    REDIRECT_PORTS: ShellFragment.quote(ports.join(", ")),
  });
  return `${script.text}\n`;
}

/**
 * Adds the proxy script (plain text) to the other pre-install scripts (plain text, by name) so
 * that GARM runs it first: the result lists it first, and every other name must sort after it in
 * byte order, which is the order GARM runs them in. Names are checked because the provider puts
 * them, unquoted, into a command line cloud-init runs as root.
 *
 * @throws UnsafeRunnerOptionError for a script name outside [A-Za-z0-9._-] (or over 64 characters)
 * @throws PreInstallScriptOrderError for a name that would sort before the proxy script
 */
export function mergePreInstallScripts(
  existing: Readonly<Record<string, string>>,
  proxyScript: string | undefined,
): Record<string, string> {
  for (const name of Object.keys(existing)) {
    if (!SCRIPT_NAME.test(name)) {
      throw new UnsafeRunnerOptionError(
        RUNNER_OPTION_NAMES.preInstallScripts,
        "a script name must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
      );
    }
    if (proxyScript !== undefined && compareBytes(name, APROXY_PRE_INSTALL_SCRIPT_NAME) <= 0) {
      throw new PreInstallScriptOrderError(name, APROXY_PRE_INSTALL_SCRIPT_NAME);
    }
  }
  const ordered = Object.keys(existing).sort(compareBytes);
  const merged: Record<string, string> = {};
  if (proxyScript !== undefined) {
    merged[APROXY_PRE_INSTALL_SCRIPT_NAME] = proxyScript;
  }
  for (const name of ordered) {
    merged[name] = existing[name] ?? "";
  }
  return merged;
}

/**
 * The `pre_install_scripts` and `disable_updates` extra specs of one scaleset, in GARM's wire
 * format: `pre_install_scripts` maps a script name to its base64 text. `disable_updates` comes
 * with the proxy, because cloud-init's package upgrade runs before any pre-install script and so
 * could never use the proxy.
 */
export interface ScalesetPreInstallExtraSpecs {
  readonly disable_updates?: true;
  readonly pre_install_scripts?: Readonly<Record<string, string>>;
}

/**
 * Everything a scaleset's extra specs need from the runner options and the operator's
 * pre-install scripts (plain text by name): empty when there is nothing to send.
 */
export function buildPreInstallExtraSpecs(
  operatorScripts: Readonly<Record<string, string>>,
  options: RunnerOptions,
): ScalesetPreInstallExtraSpecs {
  const proxyScript = renderAproxyPreInstallScript(options);
  const scripts = mergePreInstallScripts(operatorScripts, proxyScript);
  const encoded = Object.fromEntries(
    Object.entries(scripts).map(([name, text]) => [name, encodeScript(text)]),
  );
  return {
    ...(proxyScript === undefined ? {} : { disable_updates: true as const }),
    ...(Object.keys(encoded).length === 0 ? {} : { pre_install_scripts: encoded }),
  };
}

function encodeScript(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

// GARM (Go) sorts strings by bytes; for the ASCII names allowed here that is UTF-16 order too.
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

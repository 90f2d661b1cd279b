import type { RunnerOptionName } from "./runner-options.js";

/**
 * A runner option failed re-validation where it is rendered into a script.
 * The message names the option and the rule, never the value: proxy URLs carry credentials.
 */
export class UnsafeRunnerOptionError extends Error {
  override readonly name = "UnsafeRunnerOptionError";

  constructor(
    readonly option: RunnerOptionName,
    readonly rule: string,
  ) {
    super(`runner option ${option} was rejected: ${rule}`);
  }
}

/**
 * GARM's system template does not have the shape the injection relies on; the caller keeps the
 * scaleset's existing template rather than storing a broken one.
 */
export class UnsupportedSystemTemplateError extends Error {
  override readonly name = "UnsupportedSystemTemplateError";

  constructor(readonly reason: string) {
    super(`the GARM system template cannot carry runner options: ${reason}`);
  }
}

/**
 * A pre-install script would run before the aproxy bootstrap (GARM runs them in byte order of
 * their names), so egress from that script would bypass the proxy.
 */
export class PreInstallScriptOrderError extends Error {
  override readonly name = "PreInstallScriptOrderError";

  constructor(
    readonly scriptName: string,
    readonly proxyScriptName: string,
  ) {
    super(
      `pre-install script '${scriptName}' would run before '${proxyScriptName}'; ` +
        `rename it so that it sorts after '${proxyScriptName}'`,
    );
  }
}

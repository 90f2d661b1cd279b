/**
 * Size limits of what a garm-configurator publishes. Each is one rule, used by the configurator
 * on its config and by the garm_configurator_v0 reader on the remote databag, so a value the
 * configurator accepts is a value the garm charm accepts (and the reverse).
 *
 * Every check returns `undefined` within the limit, or the end of a one-line sentence that starts
 * with the option or key name (`max-runner` + ` must be at most 2147483647`).
 */

/** GitHub App and installation ids: GARM stores int64; JavaScript numbers are exact up to 2^53-1. */
export const GITHUB_ID_MAX = Number.MAX_SAFE_INTEGER;
/** `min-idle-runner` and `max-runner`: GitHub's scale set API takes a 32-bit signed count. */
export const RUNNER_COUNT_MAX = 2_147_483_647;
/**
 * One script (`pre-job-script`, each pre-install script), in UTF-8 bytes: 64 KiB fits a GARM
 * runner template and a Juju databag with room to spare, and stays far below the kernel's
 * 128 KiB limit on one hook-tool argument.
 */
export const SCRIPT_MAX_BYTES = 65_536;
/** Pre-install scripts in one databag (the configurators publish one, `pre_install.sh`). */
export const PRE_INSTALL_SCRIPTS_MAX_ENTRIES = 16;
/** One-line values: names, flavor, architecture, OpenStack strings, each label, runner group. */
export const LINE_MAX_LENGTH = 255;
/** URLs (the runner options and the Keystone URL). */
export const URL_MAX_LENGTH = 2_048;
/** Comma-separated lists: labels, aproxy exclude addresses, aproxy redirect ports. */
export const LIST_MAX_ENTRIES = 256;

function atMost(value: number, max: number): string | undefined {
  return value > max ? `must be at most ${max}` : undefined;
}

export function checkGithubIdLimit(id: number): string | undefined {
  return atMost(id, GITHUB_ID_MAX);
}

export function checkRunnerCountLimit(count: number): string | undefined {
  return atMost(count, RUNNER_COUNT_MAX);
}

export function checkScriptSize(script: string): string | undefined {
  // A UTF-16 length over the limit is over it in UTF-8 too: skip encoding a huge value.
  if (script.length > SCRIPT_MAX_BYTES || Buffer.byteLength(script, "utf8") > SCRIPT_MAX_BYTES) {
    return `must be at most ${SCRIPT_MAX_BYTES} bytes`;
  }
  return undefined;
}

export function checkLineLength(value: string): string | undefined {
  return value.length > LINE_MAX_LENGTH ? `must be at most ${LINE_MAX_LENGTH} characters` : undefined;
}

export function checkListLength(entries: number): string | undefined {
  return entries > LIST_MAX_ENTRIES ? `must have at most ${LIST_MAX_ENTRIES} entries` : undefined;
}

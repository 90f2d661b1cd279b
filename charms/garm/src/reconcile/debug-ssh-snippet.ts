/**
 * The charmed base template `github_linux_charmed`: GARM's `github_linux` with, when a debug-ssh
 * (tmate) server is related, the lines that tell the runner where it is. Every scale set uses it
 * or a per-scaleset copy rendered from it.
 */
import type { DebugSshConnection } from "@garm-charms/interfaces";
import { escapeGoTemplateText, RUNNER_ENV_PATH } from "../runner-template/index.js";

/** A debug-ssh value failed re-validation where it is written into the runner script. */
export class UnsafeDebugSshValueError extends Error {
  override readonly name = "UnsafeDebugSshValueError";

  constructor(readonly field: string) {
    super(`debug-ssh ${field} was rejected: it is not a plain host name, port or SHA256 fingerprint`);
  }
}

const HOST = /^[A-Za-z0-9._:-]{1,253}$/u;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{1,86}$/u;
const HEREDOC_END = "GARM_CHARM_TMATE_ENV";

function check(field: string, ok: boolean): void {
  if (!ok) throw new UnsafeDebugSshValueError(field);
}

/**
 * Shell lines appending the tmate server to the runner's `.env` file. The values are checked
 * again here (the heredoc is quoted, so the shell expands nothing, but a newline would still end
 * a line early) and the block is escaped for Go's text/template.
 *
 * @throws UnsafeDebugSshValueError when a value is not what the debug-ssh reader allows
 */
export function renderDebugSshSnippet(connection: DebugSshConnection): string {
  check("host", HOST.test(connection.host));
  check("port", Number.isInteger(connection.port) && connection.port >= 1 && connection.port <= 65535);
  check("rsa_fingerprint", FINGERPRINT.test(connection.rsaFingerprint));
  check("ed25519_fingerprint", FINGERPRINT.test(connection.ed25519Fingerprint));
  const envDir = RUNNER_ENV_PATH.slice(0, RUNNER_ENV_PATH.lastIndexOf("/"));
  const lines = [
    "# garm charm: tmate server for debug-ssh sessions",
    `mkdir -p '${envDir}'`,
    `cat >> '${RUNNER_ENV_PATH}' <<'${HEREDOC_END}'`,
    `TMATE_SERVER_HOST=${connection.host}`,
    `TMATE_SERVER_PORT=${connection.port}`,
    `TMATE_SERVER_RSA_FINGERPRINT=${connection.rsaFingerprint}`,
    `TMATE_SERVER_ED25519_FINGERPRINT=${connection.ed25519Fingerprint}`,
    HEREDOC_END,
  ];
  return escapeGoTemplateText(`${lines.join("\n")}\n`);
}

/**
 * Puts `snippet` right after the `#!` line (before the base's `set -e`, so a failing step cannot
 * abort the install), or in front when there is no `#!` line. An empty snippet changes nothing.
 */
export function prependAfterShebang(script: string, snippet: string): string {
  if (snippet === "") return script;
  const block = snippet.endsWith("\n") ? snippet : `${snippet}\n`;
  if (!script.startsWith("#!")) return `${block}${script}`;
  const newline = script.indexOf("\n");
  if (newline < 0) return `${script}\n${block}`;
  return `${script.slice(0, newline + 1)}${block}${script.slice(newline + 1)}`;
}

/** The charmed template's content for this system template and debug-ssh server. */
export function renderCharmedTemplate(
  systemScript: string,
  sshDebug: DebugSshConnection | undefined,
): string {
  return sshDebug === undefined
    ? systemScript
    : prependAfterShebang(systemScript, renderDebugSshSnippet(sshDebug));
}

import { checkListLength, checkScriptSize, URL_MAX_LENGTH } from "@garm-charms/interfaces";
import { UnsafeRunnerOptionError } from "./errors.js";
import type { RunnerOptionName } from "./runner-options.js";

// Re-validation at the point of rendering. The configurator validates too, but nothing here relies
// on that: each value is checked again against the narrow shape its rendering context accepts.

// RFC 3986 characters only: no whitespace, control or non-ASCII characters, quotes, backslashes,
// braces (Go template delimiters), angle brackets, pipes, carets or backticks.
const URL_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const HTTP_SCHEME = /^https?:\/\//;
const BAD_PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

export interface CheckedUrl {
  /** The URL exactly as given (it passed every check, so it is not normalised). */
  readonly url: string;
  /** The bare authority, `[userinfo@]host[:port]`, which is the form aproxy accepts. */
  readonly authority: string;
}

/** An http(s) URL with a host, a valid non-zero port if one is given, and only RFC 3986 characters. */
export function checkHttpUrl(option: RunnerOptionName, value: string): CheckedUrl {
  if (value.length > URL_MAX_LENGTH) {
    throw new UnsafeRunnerOptionError(option, `a URL must be at most ${URL_MAX_LENGTH} characters`);
  }
  if (!URL_CHARACTERS.test(value)) {
    throw new UnsafeRunnerOptionError(
      option,
      "a URL may contain only RFC 3986 characters (no whitespace, control characters, quotes, " +
        "backslashes, braces or non-ASCII characters)",
    );
  }
  const scheme = HTTP_SCHEME.exec(value);
  if (scheme === null) {
    throw new UnsafeRunnerOptionError(option, "a URL must start with http:// or https://");
  }
  if (BAD_PERCENT_ESCAPE.test(value)) {
    throw new UnsafeRunnerOptionError(option, "a '%' in a URL must start a two-digit hex escape");
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new UnsafeRunnerOptionError(option, "not a valid http(s) URL (check the host and the port)");
  }
  if (parsed.hostname === "") {
    throw new UnsafeRunnerOptionError(option, "a URL must name a host");
  }
  if (parsed.port === "0") {
    throw new UnsafeRunnerOptionError(option, "a URL must not use port 0");
  }
  const authority = value.slice(scheme[0].length).split(/[/?#]/, 1)[0] ?? "";
  if (authority === "" || authority.endsWith(":")) {
    throw new UnsafeRunnerOptionError(option, "a URL must name a host and, if it has a ':', a port");
  }
  return { url: value, authority };
}

const IPV4_NETWORK = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;
const DECIMAL = /^(?:0|[1-9]\d*)$/;

/** One IPv4 address or CIDR network, in canonical dotted decimal, with no host bits set. */
export function checkIpv4Network(option: RunnerOptionName, token: string): string {
  const match = IPV4_NETWORK.exec(token);
  const rule = "each entry must be an IPv4 address or CIDR such as 10.0.0.0/8 (IPv6 is not supported)";
  if (match === null) {
    throw new UnsafeRunnerOptionError(option, rule);
  }
  const [, a, b, c, d, prefixText] = match;
  const octets = [a, b, c, d].map((part) => parseDecimal(option, part ?? "", 255, rule));
  const prefix = prefixText === undefined ? 32 : parseDecimal(option, prefixText, 32, rule);
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const hostSize = 2 ** (32 - prefix);
  if (address % hostSize !== 0) {
    throw new UnsafeRunnerOptionError(
      option,
      "a CIDR entry must not have host bits set (use the network address)",
    );
  }
  return token;
}

const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** A port "N" or an inclusive range "N-M" with 1 <= N <= M <= 65535; "N-N" becomes "N". */
export function checkPortRange(option: RunnerOptionName, token: string): string {
  const rule = "each entry must be a port or an N-M range with 1 <= N <= M <= 65535";
  const match = PORT_RANGE.exec(token);
  if (match === null) {
    throw new UnsafeRunnerOptionError(option, rule);
  }
  const low = parseDecimal(option, match[1] ?? "", 65_535, rule);
  const high = match[2] === undefined ? low : parseDecimal(option, match[2], 65_535, rule);
  if (low < 1 || high < low) {
    throw new UnsafeRunnerOptionError(option, rule);
  }
  return low === high ? String(low) : `${low}-${high}`;
}

/** Checks a list option entry by entry and drops exact duplicates, keeping the first position. */
export function checkList(
  option: RunnerOptionName,
  tokens: readonly string[],
  checkOne: (option: RunnerOptionName, token: string) => string,
): string[] {
  const tooMany = checkListLength(tokens.length);
  if (tooMany !== undefined) {
    throw new UnsafeRunnerOptionError(option, `the list ${tooMany}`);
  }
  return [...new Set(tokens.map((token) => checkOne(option, token)))];
}

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return true;
    }
  }
  return false;
}

/** A value for one `KEY=value` line of the runner's `.env` file: a single line, printable. */
export function checkEnvValue(option: RunnerOptionName, value: string): string {
  if (hasControlCharacter(value)) {
    throw new UnsafeRunnerOptionError(
      option,
      "a runner .env value must not contain line breaks or control characters",
    );
  }
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The operator's pre-job script: any text a file can hold, within a size limit. */
export function checkPreJobScript(option: RunnerOptionName, script: string): string {
  const tooLarge = checkScriptSize(script);
  if (tooLarge !== undefined) throw new UnsafeRunnerOptionError(option, `the script ${tooLarge}`);
  if (script.includes("\u0000")) {
    throw new UnsafeRunnerOptionError(option, "the script must not contain NUL characters");
  }
  if (LONE_SURROGATE.test(script)) {
    throw new UnsafeRunnerOptionError(option, "the script must be valid Unicode text");
  }
  return script;
}

function parseDecimal(option: RunnerOptionName, text: string, max: number, rule: string): number {
  if (!DECIMAL.test(text)) {
    throw new UnsafeRunnerOptionError(option, `${rule} (no leading zeros)`);
  }
  const value = Number(text);
  if (value > max) {
    throw new UnsafeRunnerOptionError(option, rule);
  }
  return value;
}

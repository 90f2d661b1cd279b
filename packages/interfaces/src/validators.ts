/**
 * Value rules shared by the configurator (operator config), the garm_configurator_v0 reader
 * (remote databag) and the garm charm's runner-template renderer. One implementation, so a value
 * the configurator accepts is exactly a value the garm charm accepts.
 *
 * Every check returns `undefined` when the value is good, or a short reason (for logs) when it is
 * not. None of them throws.
 */
import { isIPv4, isIPv6 } from "node:net";
import { echoInput } from "@garm-charms/charm-runtime";
import * as z from "zod";

import { checkLineLength, checkListLength, LINE_MAX_LENGTH, URL_MAX_LENGTH } from "./limits.js";

/** C0 controls, DEL and C1 controls: never valid in a single-line value. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;
/** Unicode whitespace (space, tab, NBSP, line/paragraph separators, ...). */
const WHITESPACE = /\s/u;
/**
 * Characters RFC 3986 allows in a URI (unreserved, reserved and `%`). Anything else (quotes,
 * backslash, backtick, braces, `<`, `>`, `|`, `^`, spaces, non-ASCII) must be percent-encoded.
 * Rejecting them keeps shell and Go-template metacharacters out of URLs that end up in runner
 * scripts; the renderer still quotes every value and does not rely on this.
 */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/u;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/**
 * Renders an untrusted token for a one-line message: quoted, cut to a few dozen characters,
 * control and line-separator characters escaped. The runtime's one echo rule, under the name the
 * readers' callers already use.
 */
export const quoteForMessage: (value: string) => string = echoInput;

/** Python's `str.isspace()` characters: what the Python configurator's `str.strip()` removes. */
function isPythonWhitespace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/**
 * `value` stripped as Python's `str.strip()` does (it also removes U+001C..U+001F and U+0085,
 * and keeps U+FEFF, unlike `String.prototype.trim`), so both configurators strip alike. A loop,
 * not a regular expression: linear on a megabyte of remote input.
 */
export function stripWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isPythonWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isPythonWhitespace(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

/** Empty, or whitespace only. */
export function isBlank(value: string): boolean {
  return stripWhitespace(value) === "";
}

/** A single-line value: no control characters (tabs and newlines included). */
export function checkSingleLine(value: string): string | undefined {
  return hasControlCharacters(value) ? "contains control characters (newline, tab, ...)" : undefined;
}

/** Port number as written in a URL or a port list: 1 to 5 ASCII digits, value 1..65535. */
export function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/u.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** The character-level rules of a URL: length, no controls or whitespace, RFC 3986 characters only. */
function checkUrlCharacters(value: string): string | undefined {
  if (value.length === 0) return "is empty";
  if (value.length > URL_MAX_LENGTH) return `is longer than ${URL_MAX_LENGTH} characters`;
  if (hasControlCharacters(value)) return "contains control characters";
  if (WHITESPACE.test(value)) return "contains whitespace";
  if (!URI_CHARACTERS.test(value)) return "contains characters that must be percent-encoded";
  return undefined;
}

/** A host and the port text after it (undefined when no `:` follows the host), or why it is bad. */
type HostPort = { readonly host: string; readonly portText: string | undefined } | string;

/** `[v6]` or `[v6]:port`. */
function splitBracketedHost(hostAndPort: string): HostPort {
  const close = hostAndPort.indexOf("]");
  if (close < 0) return "has an unterminated IPv6 host";
  const host = hostAndPort.slice(1, close);
  const rest = hostAndPort.slice(close + 1);
  if (rest !== "" && !rest.startsWith(":")) return "has text after the IPv6 host";
  if (!isIPv6(host)) return "has an invalid IPv6 host";
  return { host, portText: rest === "" ? undefined : rest.slice(1) };
}

/** `name` or `name:port`, the port after the last colon. */
function splitNamedHost(hostAndPort: string): HostPort {
  const colon = hostAndPort.lastIndexOf(":");
  const host = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
  if (host === "") return "has no host";
  if (!/^[A-Za-z0-9\-._~%!$&'()*+,;=]+$/u.test(host)) return "has an invalid host";
  return { host, portText: colon < 0 ? undefined : hostAndPort.slice(colon + 1) };
}

/** The authority after any userinfo: a host, bracketed when IPv6, and an optional port in 1..65535. */
function checkAuthority(authority: string): string | undefined {
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  const split = hostAndPort.startsWith("[") ? splitBracketedHost(hostAndPort) : splitNamedHost(hostAndPort);
  if (typeof split === "string") return split;
  if (split.portText !== undefined && parsePort(split.portText) === undefined) {
    return `has an invalid port ${quoteForMessage(split.portText)} (must be 1..65535)`;
  }
  return undefined;
}

/**
 * An absolute `http://` or `https://` URL with a host, an optional port in 1..65535, no
 * whitespace, no control characters and only RFC 3986 characters. Scheme is lower case
 * (`HTTP://` and `http:/host`, which the Python reference accepted, are rejected).
 * Userinfo (`http://user:pw@proxy:3128`) and bracketed IPv6 hosts are accepted.
 */
export function checkHttpUrl(value: string): string | undefined {
  const badCharacters = checkUrlCharacters(value);
  if (badCharacters !== undefined) return badCharacters;
  const match = /^(https?):\/\/([^/?#]*)(.*)$/u.exec(value);
  if (match === null) return "must start with http:// or https://";
  const badAuthority = checkAuthority(match[2] ?? "");
  if (badAuthority !== undefined) return badAuthority;
  try {
    new URL(value);
  } catch {
    return "is not a parseable URL";
  }
  return undefined;
}

export type UrlRead =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * An http(s) URL as a Python configurator may have published it, in the canonical form
 * `checkHttpUrl` accepts: the scheme lower-cased (`HTTPS://h` is `https://h`) and an empty port
 * dropped (`http://h:/p` is `http://h/p`). Both mean one thing to every URL parser; anything else
 * `checkHttpUrl` refuses stays refused.
 */
export function normaliseHttpUrl(value: string): UrlRead {
  const match = /^(https?):\/\/([^/?#]*)(.*)$/isu.exec(value);
  const url =
    match === null
      ? value
      : `${(match[1] ?? "").toLowerCase()}://${(match[2] ?? "").replace(/:$/u, "")}${match[3] ?? ""}`;
  const reason = checkHttpUrl(url);
  return reason === undefined ? { ok: true, url } : { ok: false, reason };
}

/** Strict dotted-quad: four decimal octets 0..255 without leading zeros. */
function isStrictIPv4(text: string): boolean {
  return isIPv4(text) && text.split(".").every((octet) => octet === "0" || !octet.startsWith("0"));
}

function ipv4ToNumber(text: string): number {
  return text.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/**
 * Which spellings a parser accepts. `canonical`: the forms the TypeScript configurator takes and
 * publishes. `python`: also the forms a Python configurator publishes that mean one thing
 * (`+443`, `8000 - 9000`, `10.0.0.0/255.0.0.0`), read back in canonical form.
 */
export type Spelling = "canonical" | "python";

export type IPv4NetworkCheck =
  | { readonly ok: true; readonly network: string }
  | { readonly ok: false; readonly kind: "invalid" | "not-ipv4"; readonly reason: string };

/** The prefix length of a contiguous dotted-quad netmask (`255.255.0.0` is 16). */
function netmaskPrefix(text: string): number | undefined {
  if (!isStrictIPv4(text)) return undefined;
  const mask = ipv4ToNumber(text);
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (mask === 2 ** 32 - 2 ** (32 - prefix)) return prefix;
  }
  return undefined;
}

function prefixLength(text: string, spelling: Spelling): number | undefined {
  if (/^(?:[0-9]|[12][0-9]|3[0-2])$/u.test(text)) return Number(text);
  return spelling === "python" ? netmaskPrefix(text) : undefined;
}

/**
 * An IPv4 address (`10.0.0.1`) or network in CIDR form with its host bits zero (`10.0.0.0/8`;
 * `10.0.0.1/8` is rejected, as Python's strict `ip_network` does). IPv6 is recognised and
 * reported separately because aproxy's nft ruleset is IPv4-only. `network` is the canonical
 * form (a netmask, when the spelling allows one, becomes a prefix length).
 */
export function checkIPv4Network(token: string, spelling: Spelling = "canonical"): IPv4NetworkCheck {
  const slash = token.indexOf("/");
  const address = slash < 0 ? token : token.slice(0, slash);
  const prefixText = slash < 0 ? undefined : token.slice(slash + 1);
  if (isIPv6(address) && (prefixText === undefined || /^[0-9]{1,3}$/u.test(prefixText))) {
    return { ok: false, kind: "not-ipv4", reason: "is an IPv6 address" };
  }
  if (!isStrictIPv4(address)) return { ok: false, kind: "invalid", reason: "is not an IPv4 address" };
  if (prefixText === undefined) return { ok: true, network: address };
  const prefix = prefixLength(prefixText, spelling);
  if (prefix === undefined) {
    return { ok: false, kind: "invalid", reason: "has a prefix length outside 0..32" };
  }
  const hostBits = 32 - prefix;
  const hostPart = ipv4ToNumber(address) % 2 ** hostBits;
  if (hostPart !== 0) return { ok: false, kind: "invalid", reason: "has host bits set" };
  return { ok: true, network: `${address}/${prefix}` };
}

export type ListParse<T> =
  | { readonly ok: true; readonly items: readonly T[] }
  | {
      readonly ok: false;
      readonly token: string;
      /** `too-long`: over a shared limit (`reason` says which, as `must ...`). */
      readonly kind: "invalid" | "not-ipv4" | "too-long";
      readonly reason: string;
    };

/**
 * Splits a comma-separated list, stripping each token. An empty value is an empty list; an empty
 * token (`"a,"`, `"a,,b"`) is an error, as in the reference.
 */
export function splitCommaList(value: string): {
  readonly tokens: readonly string[];
  readonly emptyToken: boolean;
} {
  if (isBlank(value)) return { tokens: [], emptyToken: false };
  const tokens = value.split(",").map(stripWhitespace);
  return { tokens, emptyToken: tokens.some((token) => token === "") };
}

/** Each token of a list parsed by `parseOne`; the first failure, an empty token or too many fail it. */
function parseList<T>(
  value: string,
  parseOne: (
    token: string,
  ) => { ok: true; item: T } | { ok: false; kind: "invalid" | "not-ipv4"; reason: string },
): ListParse<T> {
  const { tokens, emptyToken } = splitCommaList(value);
  const tooLong = checkListLength(tokens.length);
  if (tooLong !== undefined) return { ok: false, token: "", kind: "too-long", reason: tooLong };
  if (emptyToken) return { ok: false, token: "", kind: "invalid", reason: "contains an empty entry" };
  const items: T[] = [];
  for (const token of tokens) {
    const parsed = parseOne(token);
    if (!parsed.ok) return { ok: false, token, kind: parsed.kind, reason: parsed.reason };
    items.push(parsed.item);
  }
  return { ok: true, items };
}

/** `aproxy-exclude-addresses`: comma-separated IPv4 addresses/CIDRs, in canonical form. */
export function parseIPv4NetworkList(value: string, spelling: Spelling = "canonical"): ListParse<string> {
  return parseList(value, (token) => {
    const check = checkIPv4Network(token, spelling);
    return check.ok ? { ok: true, item: check.network } : check;
  });
}

/**
 * `labels`: comma-separated, entries stripped and empty entries dropped (as both configurators
 * do), within the shared list and line lengths. Both failures are kind `too-long`: `reason`
 * completes a sentence that starts with the option or key name.
 */
export function parseLabelList(value: string): ListParse<string> {
  const labels = value
    .split(",")
    .map(stripWhitespace)
    .filter((label) => label !== "");
  const tooMany = checkListLength(labels.length);
  if (tooMany !== undefined) return { ok: false, token: "", kind: "too-long", reason: tooMany };
  const long = labels.find((label) => checkLineLength(label) !== undefined);
  if (long !== undefined) {
    const reason = `must hold labels of at most ${LINE_MAX_LENGTH} characters`;
    return { ok: false, token: long, kind: "too-long", reason };
  }
  return { ok: true, items: labels };
}

/** An inclusive TCP port range; a single port has `first === last`. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

const CANONICAL_PORT_RANGE = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/u;
/** What Python's `int()` takes on each side of the `-`: a `+` sign, spaces around it. */
const PYTHON_PORT_RANGE = /^\+?([0-9]+)(?:\s*-\s*\+?([0-9]+))?$/u;

function portNumber(digits: string): number | undefined {
  const port = Number(digits);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * One `N` or `N-M` token, ports in 1..65535, N <= M. `canonical`: ASCII digits only, no spaces
 * inside; `python`: also `+443` and `8000 - 9000`.
 */
export function parsePortRange(token: string, spelling: Spelling = "canonical"): PortRange | undefined {
  const match = (spelling === "python" ? PYTHON_PORT_RANGE : CANONICAL_PORT_RANGE).exec(token);
  if (match === null) return undefined;
  const first = portNumber(match[1] ?? "");
  const last = match[2] === undefined ? first : portNumber(match[2]);
  if (first === undefined || last === undefined || first > last) return undefined;
  return { first, last };
}

/** `aproxy-redirect-ports`: comma-separated `N` or `N-M`. */
export function parsePortRangeList(value: string, spelling: Spelling = "canonical"): ListParse<PortRange> {
  return parseList(value, (token) => {
    const range = parsePortRange(token, spelling);
    return range === undefined
      ? { ok: false, kind: "invalid", reason: "is not a port or N-M range within 1..65535" }
      : { ok: true, item: range };
  });
}

/** Canonical text of a port list: `80,443,8000-9000` (the form nft and the databag use). */
export function formatPortRanges(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)).join(",");
}

/**
 * A Juju secret URI as config-get and secret-add print it: `secret:<id>` or
 * `secret://<model-uuid>/<id>`.
 */
export function isSecretUri(value: string): boolean {
  return /^secret:(?:\/\/[A-Za-z0-9-]+\/)?[A-Za-z0-9]+$/u.test(value);
}

/**
 * A non-negative decimal integer written with ASCII digits only (no sign, no `_`, no spaces).
 * Any number of digits: a value too large to be exact comes back above every shared limit
 * (`limits.ts`), which then refuses it by name, as the configurator does.
 */
export function parseNonNegativeInteger(text: string): number | undefined {
  if (!/^[0-9]+$/u.test(text)) return undefined;
  return Number(text);
}

/** GitHub organisation login: letters, digits and single hyphens, not at either end. */
export function isGithubOrgName(value: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/u.test(value);
}

/** GitHub repository in `owner/name` form. */
export function isGithubRepoName(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash < 0) return false;
  const owner = value.slice(0, slash);
  const name = value.slice(slash + 1);
  return isGithubOrgName(owner) && /^[A-Za-z0-9._-]{1,100}$/u.test(name) && name !== "." && name !== "..";
}

/** One thing wrong with a remote databag: the key and a one-line reason. */
export interface DatabagProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Result of reading a remote databag. `incomplete`: keys the reader needs are still missing
 * (the remote side is still publishing; do not act on it, and never delete anything because of
 * it). `invalid`: keys are present but their values break the rules (a broken or hostile
 * writer). A reader never throws.
 */
export type DatabagRead<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly state: "incomplete";
      readonly missing: readonly string[];
      readonly problems: readonly DatabagProblem[];
    }
  | { readonly ok: false; readonly state: "invalid"; readonly problems: readonly DatabagProblem[] };

/**
 * What a writer hands to `relation-set`: `data` holds every key the interface defines, with `""`
 * for the keys to delete (Juju deletes a key set to an empty string); `removedKeys` lists those.
 */
export interface DatabagWrite {
  readonly data: Readonly<Record<string, string>>;
  readonly removedKeys: readonly string[];
}

/**
 * Problems of a databag that failed its shape check (a flat map of strings): one per offending
 * key, so the reader still says which field is wrong; key `""` when the bag is not a map at all.
 */
export function databagShapeProblems(error: z.ZodError): DatabagProblem[] {
  const problems = new Map<string, DatabagProblem>();
  for (const issue of error.issues) {
    const [first] = issue.path;
    const key = typeof first === "string" ? first : "";
    if (!problems.has(key)) {
      problems.set(key, {
        key,
        message: key === "" ? "databag is not a map of strings" : `${key} must be a string`,
      });
    }
  }
  return [...problems.values()];
}

/**
 * Shape check of a databag at the trust boundary: a flat map of strings in which each documented
 * key is optional (and carries its documentation), and any other key is tolerated.
 */
export function documentedDatabagSchema<K extends string>(keys: Readonly<Record<K, string>>) {
  const shape = Object.fromEntries(
    Object.entries<string>(keys).map(([key, doc]) => [key, z.string().optional().describe(doc)]),
  ) as Record<K, z.ZodOptional<z.ZodString>>;
  return z.object(shape).catchall(z.string());
}

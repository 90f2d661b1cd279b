/**
 * The one rule for echoing untrusted input (operator config, remote databags, secret keys) into a
 * status or a problem message. A status is a single hook-tool argument and one line of
 * `juju status`: the echo is quoted, at most a few dozen characters, and escapes every character
 * that could break the line or mislead a terminal.
 */

/** Longest echo between the quotes, escapes included, before the value is cut with an ellipsis. */
export const MAX_ECHO_LENGTH = 40;

const ELLIPSIS = "…";

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** Line separators, bidi overrides and isolates, and lone surrogates (not valid UTF-8). */
function needsUnicodeEscape(code: number): boolean {
  return (
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

function escapeCharacter(char: string): string {
  if (char === "\\" || char === "'") return `\\${char}`;
  const code = char.codePointAt(0) ?? 0;
  // C0 controls, DEL and C1 controls (U+0085 NEXT LINE among them).
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${hex(code, 2)}`;
  if (needsUnicodeEscape(code)) return `\\u${hex(code, 4)}`;
  return char;
}

/**
 * `value` quoted for a one-line message: `'10.0.0.300'`, or `'xxxx…'` when it is longer than
 * `MAX_ECHO_LENGTH` once escaped. Only the start of the value is read, so a huge value costs
 * nothing.
 */
export function echoInput(value: string): string {
  let out = "";
  // for..of walks code points: a surrogate pair stays whole, a lone surrogate comes alone.
  for (const char of value) {
    const piece = escapeCharacter(char);
    if (out.length + piece.length > MAX_ECHO_LENGTH) return `'${out}${ELLIPSIS}'`;
    out += piece;
  }
  return `'${out}'`;
}

/**
 * Linux refuses to start a program when any single argv string, with its NUL, is longer than
 * MAX_ARG_STRLEN (32 pages = 131072 bytes). The count is in bytes, so UTF-8 text reaches it in fewer
 * characters. Free text that has no file or stdin form is split (`juju-log`, `action-log`) or
 * shortened (`status-set`, `action-fail`) to fit; anything else over the limit is refused before
 * spawning, with an error that names the tool and never the value.
 */
import { HookToolArgumentTooLongError } from "../errors.js";

/** The longest argument Linux accepts, in UTF-8 bytes (MAX_ARG_STRLEN minus the NUL). */
export const MAX_ARGUMENT_BYTES = 131071;

const ELLIPSIS = "…";

/** Throws HookToolArgumentTooLongError when one of `args` is longer than Linux accepts. */
export function assertArgumentsFit(tool: string, args: readonly string[]): void {
  args.forEach((arg, index) => {
    const bytes = Buffer.byteLength(arg, "utf8");
    if (bytes > MAX_ARGUMENT_BYTES) {
      throw new HookToolArgumentTooLongError(
        tool,
        `argument ${String(index + 1)} is ${String(bytes)} bytes, over Linux's limit of ${String(MAX_ARGUMENT_BYTES)} bytes per argument`,
      );
    }
  });
}

/** Splits `text` into pieces that each fit one argument, never inside a character. */
export function splitToArguments(text: string): string[] {
  if (Buffer.byteLength(text, "utf8") <= MAX_ARGUMENT_BYTES) return [text];
  const bytes = Buffer.from(text, "utf8");
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length;) {
    const end = characterBoundary(bytes, Math.min(start + MAX_ARGUMENT_BYTES, bytes.length));
    pieces.push(bytes.toString("utf8", start, end));
    start = end;
  }
  return pieces;
}

/** `text` unchanged when it fits one argument, else cut at a character boundary and ended with "…". */
export function shortenToArgument(text: string): string {
  if (Buffer.byteLength(text, "utf8") <= MAX_ARGUMENT_BYTES) return text;
  const bytes = Buffer.from(text, "utf8");
  const end = characterBoundary(bytes, MAX_ARGUMENT_BYTES - Buffer.byteLength(ELLIPSIS, "utf8"));
  return `${bytes.toString("utf8", 0, end)}${ELLIPSIS}`;
}

/** The largest offset <= `offset` that starts a character (bytes 10xxxxxx continue one). */
function characterBoundary(bytes: Buffer, offset: number): number {
  let end = offset;
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return end;
}

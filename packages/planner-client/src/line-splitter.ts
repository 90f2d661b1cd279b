/** Marks a line that was longer than the limit; its text is dropped, never buffered whole. */
export const OVERLONG = Symbol("overlong line");

export type SplitLine = string | typeof OVERLONG;

/**
 * Splits a byte stream into `\n`-terminated lines, carrying partial lines across chunks. A line
 * longer than `maxLineChars` is reported as OVERLONG and skipped up to its newline, so a server
 * that never sends a newline cannot make the client buffer without bound.
 */
export class LineSplitter {
  readonly #decoder = new TextDecoder("utf-8");
  readonly #maxLineChars: number;
  #carry = "";
  #discarding = false;

  constructor(maxLineChars: number) {
    this.#maxLineChars = maxLineChars;
  }

  /** The complete lines this chunk finishes, without their `\n` (a trailing `\r` is dropped too). */
  push(chunk: Uint8Array): SplitLine[] {
    const text = this.#carry + this.#decoder.decode(chunk, { stream: true });
    const lines: SplitLine[] = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      lines.push(this.#finish(text, start, end));
      start = end + 1;
    }
    this.#carry = text.slice(start);
    if (this.#carry.length > this.#maxLineChars) {
      this.#carry = "";
      this.#discarding = true;
    }
    return lines;
  }

  /** What is left when the stream ends: an unterminated line, if any. */
  end(): SplitLine | undefined {
    const rest = this.#carry + this.#decoder.decode();
    this.#carry = "";
    if (this.#discarding) return OVERLONG;
    return rest === "" ? undefined : rest;
  }

  #finish(text: string, start: number, end: number): SplitLine {
    if (this.#discarding || end - start > this.#maxLineChars) {
      this.#discarding = false;
      return OVERLONG;
    }
    return text.charCodeAt(end - 1) === 13 && end > start
      ? text.slice(start, end - 1)
      : text.slice(start, end);
  }
}

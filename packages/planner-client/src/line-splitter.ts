/** Marks a line that was longer than the limit; its bytes are dropped, never buffered whole. */
export const OVERLONG = Symbol("overlong line");

/** A line's bytes (no `\n`, no trailing `\r`), or OVERLONG. */
export type SplitLine = Buffer | typeof OVERLONG;

const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Splits a byte stream into `\n`-terminated lines without decoding them: a line that lies inside
 * one chunk is a view of that chunk (no copy); a line spanning chunks is gathered in one of two
 * buffers kept for the whole stream, so a long line costs no allocation per line. UTF-8 never has a 0x0a
 * inside a multi-byte character, so splitting bytes splits characters nowhere. A line longer than
 * `maxLineBytes` is reported as OVERLONG and skipped up to its newline, so a server that never
 * sends a newline cannot make the client buffer without bound.
 *
 * A line is valid until the next push: a caller keeping one copies it.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  #carry = Buffer.alloc(0);
  /** The other buffer: a gathered line stays whole while the next one starts in here. */
  #spare = Buffer.alloc(0);
  #carried = 0;
  #discarding = false;

  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
  }

  /** The complete lines this chunk finishes. */
  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      lines.push(this.#finish(chunk, start, end));
      start = end + 1;
    }
    if (start < chunk.length) this.#keep(chunk, start, chunk.length);
    return lines;
  }

  /** What is left when the stream ends: an unterminated line, if any. */
  end(): SplitLine | undefined {
    if (this.#discarding) {
      this.#discarding = false;
      return OVERLONG;
    }
    if (this.#carried === 0) return undefined;
    const rest = Buffer.from(this.#carry.subarray(0, this.#carried));
    this.#carried = 0;
    return rest;
  }

  /** Appends chunk[start, end) to the carried start of a line, unless the line is too long. */
  #keep(chunk: Buffer, start: number, end: number): void {
    if (this.#discarding) return;
    const length = this.#carried + end - start;
    if (length > this.#maxLineBytes) {
      this.#carried = 0;
      this.#discarding = true;
      return;
    }
    if (length > this.#carry.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.#maxLineBytes, Math.max(length, this.#carry.length * 2)),
      );
      this.#carry.copy(grown, 0, 0, this.#carried);
      this.#carry = grown;
    }
    chunk.copy(this.#carry, this.#carried, start, end);
    this.#carried = length;
  }

  #finish(chunk: Buffer, start: number, end: number): SplitLine {
    if (this.#discarding || this.#carried + end - start > this.#maxLineBytes) {
      this.#discarding = false;
      this.#carried = 0;
      return OVERLONG;
    }
    let line = chunk.subarray(start, end);
    if (this.#carried > 0) {
      this.#keep(chunk, start, end);
      line = this.#carry.subarray(0, this.#carried);
      [this.#carry, this.#spare] = [this.#spare, this.#carry];
      this.#carried = 0;
    }
    return line.length > 0 && line[line.length - 1] === RETURN ? line.subarray(0, -1) : line;
  }
}

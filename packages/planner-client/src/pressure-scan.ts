/**
 * A fast reader for the planner's own encoding of a pressure map, on the line's bytes: Go's
 * json.Encoder writes `{"large":0,"small":2}` (no spaces, plain non-negative integers). With a
 * thousand flavors a line is a thousand keys; JSON.parse building an object of them costs more
 * than the whole per-line budget. The scan accepts only what the strict path (JSON.parse, then
 * readPressureMap) reads the same way, and gives up (undefined) on anything else: spaces, escapes,
 * non-ASCII or control bytes in a key, signs, fractions, exponents, more than 15 digits, a
 * malformed line. Those lines go the strict way.
 */

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;
/** 15 digits are always below Number.MAX_SAFE_INTEGER, so the value is exact. */
const MAX_DIGITS = 15;

/**
 * Where a line's entries are: entry i is `"keys[i]":values[i]` starting (at its opening quote) at
 * `starts[i]`; `starts[keys.length]` is the closing brace. An entry runs up to the next start,
 * its comma included.
 */
export interface LineLayout {
  readonly keys: readonly string[];
  readonly values: readonly number[];
  readonly starts: readonly number[];
}

/**
 * Reads a whole line. `known` are the keys of the line before, in order: a key at the same place
 * is compared in place rather than decoded again, and when every key is, the layout's keys are
 * `known` itself (callers compare key lists by identity).
 */
export function scanPressureLine(line: Buffer, known: readonly string[]): LineLayout | undefined {
  const last = line.length - 1;
  if (last < 1 || line[0] !== OPEN || line[last] !== CLOSE) return undefined;
  if (last === 1) return { keys: [], values: [], starts: [1] };
  // The keys are known[0, index) until one differs; only then is a list of them built.
  let keys: string[] | undefined;
  const values: number[] = [];
  const starts: number[] = [];
  let at = 1;
  for (let index = 0; ; index++) {
    starts.push(at);
    at = scanEntry(line, at, known[index]);
    if (at < 0) return undefined;
    if (keys !== undefined) keys.push(scanned.key);
    else if (scanned.key !== known[index]) keys = [...known.slice(0, index), scanned.key];
    values.push(scanned.value);
    if (line[at] === COMMA) {
      at++;
      continue;
    }
    if (at !== last) return undefined;
    starts.push(last);
    if (keys === undefined && values.length !== known.length) keys = known.slice(0, values.length);
    return { keys: keys ?? known, values, starts };
  }
}

/** The key and value scanEntry read last (one reused object, so a read allocates nothing). */
export const scanned = { key: "", value: 0 };

/**
 * Reads `"key":integer` at `at` into `scanned` and returns where it ends (on the
 * comma or brace after it, unchecked), or -1. `expected` is the key likely there.
 */
export function scanEntry(line: Buffer, at: number, expected: string | undefined): number {
  if (line[at] !== QUOTE) return -1;
  const start = at + 1;
  let end = expected !== undefined ? keyAt(line, start, expected) : -1;
  if (end >= 0) {
    scanned.key = expected!;
  } else {
    end = plainKeyEnd(line, start);
    if (end < 0) return -1;
    scanned.key = line.toString("latin1", start, end);
  }
  if (line[end + 1] !== COLON) return -1;
  return readInteger(line, end + 2);
}

/** Where the closing quote is when `key` stands at `start`, else -1. */
function keyAt(line: Buffer, start: number, key: string): number {
  const end = start + key.length;
  if (line[end] !== QUOTE) return -1;
  for (let i = 0; i < key.length; i++) {
    if (line[start + i] !== key.charCodeAt(i)) return -1;
  }
  return end;
}

/**
 * The closing quote of a key that reads the same as bytes and as JSON: printable ASCII without
 * escapes. Anything else (an escape, a control byte, UTF-8, the line ending) is left to the
 * strict path.
 */
function plainKeyEnd(line: Buffer, start: number): number {
  for (let end = start; end < line.length; end++) {
    const byte = line[end]!;
    if (byte === QUOTE) return end;
    if (byte === BACKSLASH || byte < 0x20 || byte > 0x7e) return -1;
  }
  return -1;
}

/**
 * Reads a JSON integer without sign, fraction or exponent (no leading zeros) into scanned.value
 * and returns where it ends, or -1.
 */
function readInteger(line: Buffer, start: number): number {
  const first = line[start];
  if (first === ZERO) {
    scanned.value = 0;
    return isDigit(line[start + 1]) ? -1 : start + 1;
  }
  if (!isDigit(first)) return -1;
  let value = 0;
  let end = start;
  for (let code = first; isDigit(code); code = line[++end]) {
    if (end - start === MAX_DIGITS) return -1;
    value = value * 10 + (code! - ZERO);
  }
  scanned.value = value;
  return end;
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= ZERO && code <= NINE;
}

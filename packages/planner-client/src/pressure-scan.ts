/**
 * A fast reader for the planner's own encoding of a pressure map: Go's json.Encoder writes
 * `{"large":0,"small":2}` (no spaces, plain non-negative integers). With a thousand flavors a
 * line is a thousand keys, and JSON.parse building an object of them costs more per line than
 * the whole budget; this scan builds the map directly and reuses the previous line's key strings.
 * It accepts only what the strict path (JSON.parse, then readPressureMap) gives the same answer
 * for, and returns undefined for anything else (spaces, escapes, signs, fractions, exponents,
 * more than 15 digits, a malformed line), which then goes the strict way.
 */
import type { PressureMapResult } from "./pressure-map.js";

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
 * `keys` holds the keys of the previous line read this way, in order, and is updated: a key at
 * the same place as before is compared in place rather than sliced out again.
 */
export function scanPressureLine(line: string, keys: string[]): PressureMapResult | undefined {
  const last = line.length - 1;
  if (last < 1 || line.charCodeAt(0) !== OPEN || line.charCodeAt(last) !== CLOSE) return undefined;
  const pressures = new Map<string, number>();
  if (last === 1) return { ok: true, pressures };
  let at = 1;
  for (let index = 0; ; index++) {
    if (line.charCodeAt(at) !== QUOTE) return undefined;
    const key = readKey(line, at + 1, keys, index);
    if (key === undefined) return undefined;
    at += key.length + 2;
    if (line.charCodeAt(at) !== COLON) return undefined;
    at = readInteger(line, at + 1);
    if (at < 0) return undefined;
    pressures.set(key, integer);
    const next = line.charCodeAt(at);
    if (next === COMMA) {
      at++;
      continue;
    }
    if (next !== CLOSE || at !== last) return undefined;
    keys.length = index + 1;
    return { ok: true, pressures };
  }
}

/** The key starting at `start` (just after its quote), when it needs no unescaping. */
function readKey(line: string, start: number, keys: string[], index: number): string | undefined {
  const known = keys[index];
  if (known !== undefined && sameAt(line, start, known)) return known;
  let end = start;
  for (let code = line.charCodeAt(end); code !== QUOTE; code = line.charCodeAt(++end)) {
    // An escape or a control character (invalid in JSON), or the line ended: the strict path decides.
    if (code === BACKSLASH || code < 0x20 || Number.isNaN(code)) return undefined;
  }
  const key = line.slice(start, end);
  keys[index] = key;
  return key;
}

/** Whether `key` and then a closing quote stand at `start` (a plain loop: faster than startsWith here). */
function sameAt(line: string, start: number, key: string): boolean {
  const length = key.length;
  if (line.charCodeAt(start + length) !== QUOTE) return false;
  for (let i = 0; i < length; i++) {
    if (line.charCodeAt(start + i) !== key.charCodeAt(i)) return false;
  }
  return true;
}

/** The last integer readInteger read (a module variable, so reading one allocates nothing). */
let integer = 0;

/**
 * Reads a JSON integer without sign, fraction or exponent (no leading zeros) into `integer`
 * and returns where it ends, or -1.
 */
function readInteger(line: string, start: number): number {
  const first = line.charCodeAt(start);
  if (first === ZERO) {
    integer = 0;
    return isDigit(line.charCodeAt(start + 1)) ? -1 : start + 1;
  }
  if (!isDigit(first)) return -1;
  let value = 0;
  let end = start;
  for (let code = first; isDigit(code); code = line.charCodeAt(++end)) {
    if (end - start === MAX_DIGITS) return -1;
    value = value * 10 + (code - ZERO);
  }
  integer = value;
  return end;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/**
 * Reads a stream line against the line before it. The planner resends every flavor on every line
 * and a NOTIFY changes one or a few of them, so most of a new line is the old one byte for byte:
 * only the entries holding a differing byte are read again. The answer is the one a whole-line scan would give, or undefined when the line is not
 * the same keys in the same places (a flavor added, removed or renamed, a malformed span...),
 * and the caller then reads the line whole.
 */
import { scanEntry, scanned, type LineLayout } from "./pressure-scan.js";

const COMMA = 0x2c;
/**
 * Past this many changed entries (at least; one in 64 on a long line) a whole-line scan is
 * cheaper than finding each: give up early.
 */
const FEWEST_MOST_CHANGES = 8;

export interface LineDelta {
  readonly layout: LineLayout;
  /** Indexes (into layout.keys) of the entries whose value differs from the line before. */
  readonly changed: readonly number[];
}

/**
 * `line` read against `previous`, whose layout is `layout` (a non-empty map in the planner's
 * encoding). From a point where both lines are at the start of the same entry, the bytes are
 * compared (natively) up to the next difference; the entry holding it is rescanned in the new
 * line with the same scanner, must be the same key, and both lines go on from the next entry.
 * Identical runs are whole entries read before (the same bytes parse the same), so a line with
 * k changed flavors costs k binary searches and k entry scans, wherever the changes are.
 */
export function readChanged(previous: Buffer, layout: LineLayout, line: Buffer): LineDelta | undefined {
  const { keys, starts: old } = layout;
  const count = keys.length;
  if (count === 0) return undefined;
  const starts = old.slice();
  const values = layout.values.slice();
  const changed: number[] = [];
  const mostChanges = Math.max(FEWEST_MOST_CHANGES, count >> 6);
  // Aligned positions: previous[0, from) and line[0, to) hold entries [0, next) alike.
  let from = 0;
  let to = 0;
  let next = 0;
  for (;;) {
    const same = commonPrefix(previous, from, line, to);
    if (from + same === previous.length && to + same === line.length) break;
    const entry = lastAtOrBefore(old, count - 1, from + same);
    if (entry < next || changed.length > mostChanges) return undefined;
    shiftStarts(starts, next, entry + 1, to - from);
    let at = old[entry]! + to - from;
    at = scanEntry(line, at, keys[entry]);
    if (at < 0 || scanned.key !== keys[entry]) return undefined;
    if (scanned.value !== values[entry]) {
      values[entry] = scanned.value;
      changed.push(entry);
    }
    if (entry < count - 1) {
      if (line[at] !== COMMA) return undefined;
      at++;
    }
    // The last entry ends on the closing brace in both lines, compared on the next round.
    from = old[entry + 1]!;
    to = at;
    next = entry + 1;
  }
  shiftStarts(starts, next, count + 1, to - from);
  return { layout: { keys, values, starts }, changed };
}

/** Moves starts[first, end) by `shift`: entries that kept their bytes but not their place. */
function shiftStarts(starts: number[], first: number, end: number, shift: number): void {
  if (shift === 0) return;
  for (let i = first; i < end; i++) starts[i]! += shift;
}

/** Bytes compared one by one before switching to native compares (calls cost more than a few bytes). */
const NEAR = 32;

/**
 * How many bytes `a` from `aFrom` and `b` from `bFrom` share: a byte loop for the first few, then
 * native compares over doubling spans, then a binary search inside the span that differed. Near
 * differences (dense changes) cost little; far ones cost a logarithm of their distance.
 */
export function commonPrefix(a: Buffer, aFrom: number, b: Buffer, bFrom: number): number {
  const limit = Math.min(a.length - aFrom, b.length - bFrom);
  const near = Math.min(limit, NEAR);
  for (let i = 0; i < near; i++) if (a[aFrom + i] !== b[bFrom + i]) return i;
  let low = near;
  let step = NEAR;
  let high = Math.min(limit, low + step);
  while (low < limit && a.compare(b, bFrom + low, bFrom + high, aFrom + low, aFrom + high) === 0) {
    low = high;
    step *= 2;
    high = Math.min(limit, low + step);
  }
  // The answer is in [low, high): bytes before low are the same, a byte before high differs.
  high = low === limit ? limit : high - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (a.compare(b, bFrom + low, bFrom + middle, aFrom + low, aFrom + middle) === 0) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The largest i in [0, last] with sorted[i] <= value, or -1. */
function lastAtOrBefore(sorted: readonly number[], last: number, value: number): number {
  let low = -1;
  let high = last;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

import { readChanged } from "./line-delta.js";
import { LinePressures } from "./line-pressures.js";
import { OVERLONG } from "./line-splitter.js";
import type { SplitLine } from "./line-splitter.js";
import { readPressureMap, type PressureMapResult } from "./pressure-map.js";
import { scanPressureLine, type LineLayout } from "./pressure-scan.js";
import { ALL_FLAVORS } from "./url.js";

/** What one stream line means. */
export type StreamLine =
  | { readonly kind: "pressure"; readonly pressures: ReadonlyMap<string, number> }
  | { readonly kind: "empty" }
  | { readonly kind: "blank" }
  | { readonly kind: "bad"; readonly problem: string };

const EXCERPT_CHARS = 60;
const TOO_LONG: StreamLine = { kind: "bad", problem: "a line longer than the limit" };

function excerpt(line: string): string {
  return JSON.stringify(line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}...` : line);
}

/**
 * Classifies a line of a pressure stream for `flavor` (`_` for all). A line is taken whole or
 * not at all: one bad value makes the whole line bad, since a planner never writes one. `{}` is
 * reported as such (the flavor was deleted mid-stream, or every flavor was).
 */
export function parseStreamLine(line: string | typeof OVERLONG, flavor: string): StreamLine {
  if (line === OVERLONG) return TOO_LONG;
  if (line === "") return { kind: "blank" };
  return classify(line, flavor, readJsonLine(line));
}

/** The strict reading: JSON.parse, then every value checked (readPressureMap). */
function readJsonLine(line: string): PressureMapResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, problem: `not JSON: ${excerpt(line)}` };
  }
  return readPressureMap(value);
}

function classify(line: string, flavor: string, read: PressureMapResult): StreamLine {
  if (!read.ok) return { kind: "bad", problem: read.problem };
  if (read.pressures.size === 0) return { kind: "empty" };
  if (flavor !== ALL_FLAVORS && !read.pressures.has(flavor)) {
    return { kind: "bad", problem: `no pressure for flavor ${JSON.stringify(flavor)}: ${excerpt(line)}` };
  }
  return { kind: "pressure", pressures: read.pressures };
}

/** A pressure line of a stream, with what changed since the stream's previous pressure line. */
export interface PressureLine {
  readonly kind: "pressure";
  readonly pressures: ReadonlyMap<string, number>;
  /** The flavors whose pressure differs from `since` (new flavors included); all on a first line. */
  readonly changed: ReadonlyMap<string, number>;
  /** The previous pressure line's `pressures` on this stream, or undefined for the first. */
  readonly since: ReadonlyMap<string, number> | undefined;
}

export type ParsedLine = Exclude<StreamLine, { kind: "pressure" }> | PressureLine;

/** The last pressure line read in the planner's encoding: its bytes (a private copy) and layout. */
interface Base {
  readonly bytes: Buffer;
  readonly layout: LineLayout;
  readonly line: PressureLine;
  /** The answer to a repeat of this line (the planner's heartbeat), made once. */
  repeat: PressureLine | undefined;
}

const NOTHING_CHANGED: ReadonlyMap<string, number> = new Map();

/**
 * Reads the lines of one stream, in order, as `parseStreamLine` would (the same kind, pressures
 * and problem for every line), and says what changed since the previous pressure line. Three
 * ways, cheapest first: a repeat of the previous line (the planner's heartbeat) is answered
 * without reading; a line differing from it in a few entries has only those entries read
 * (readChanged); a line in the planner's encoding is scanned whole (scanPressureLine); anything
 * else takes the strict path, JSON.parse.
 */
export class StreamLineParser {
  readonly #flavor: string;
  #base: Base | undefined;
  /** Storage for the base's bytes, reused: a split line is only valid until the next chunk. */
  #storage = Buffer.alloc(0);
  #lastPressures: ReadonlyMap<string, number> | undefined;
  #keys: readonly string[] = [];

  constructor(flavor: string) {
    this.#flavor = flavor;
  }

  parse(line: SplitLine): ParsedLine {
    if (line === OVERLONG) return TOO_LONG as ParsedLine;
    if (line.length === 0) return { kind: "blank" };
    const base = this.#base;
    if (base !== undefined) {
      if (line.equals(base.bytes)) return this.#repeat(base);
      const delta = readChanged(base.bytes, base.layout, line);
      if (delta !== undefined)
        return this.#take(line, delta.layout, changedEntries(delta.layout, delta.changed));
    }
    const layout = scanPressureLine(line, this.#keys);
    if (layout !== undefined && this.#distinct(layout)) return this.#scanned(line, layout);
    return this.#strict(line.toString("utf8"));
  }

  #repeat(base: Base): PressureLine {
    base.repeat ??= {
      kind: "pressure",
      pressures: base.line.pressures,
      changed: NOTHING_CHANGED,
      since: base.line.pressures,
    };
    return base.repeat;
  }

  /** A whole line scanned: classified as the strict path would, then taken as the new base. */
  #scanned(line: Buffer, layout: LineLayout): ParsedLine {
    if (layout.keys.length === 0) return { kind: "empty" };
    if (this.#flavor !== ALL_FLAVORS && !layout.keys.includes(this.#flavor)) {
      return this.#strict(line.toString("utf8"));
    }
    return this.#take(line, layout, this.#changedSince(layout));
  }

  #take(line: Buffer, layout: LineLayout, changed: ReadonlyMap<string, number>): PressureLine {
    const pressures = new LinePressures(layout.keys, layout.values);
    const parsed: PressureLine = { kind: "pressure", pressures, changed, since: this.#lastPressures };
    if (this.#storage.length < line.length) this.#storage = Buffer.allocUnsafe(line.length * 2);
    line.copy(this.#storage);
    this.#base = { bytes: this.#storage.subarray(0, line.length), layout, line: parsed, repeat: undefined };
    this.#keys = layout.keys;
    this.#lastPressures = pressures;
    return parsed;
  }

  /** Any line the scan does not take: a good one still becomes the previous pressure line. */
  #strict(text: string): ParsedLine {
    const parsed = classify(text, this.#flavor, readJsonLine(text));
    if (parsed.kind !== "pressure") return parsed;
    const since = this.#lastPressures;
    const changed = since === undefined ? parsed.pressures : changedFrom(since, parsed.pressures);
    this.#base = undefined;
    this.#lastPressures = parsed.pressures;
    return { kind: "pressure", pressures: parsed.pressures, changed, since };
  }

  /** What changed against the previous pressure line; by index while the keys are the same. */
  #changedSince(layout: LineLayout): ReadonlyMap<string, number> {
    const since = this.#lastPressures;
    if (since === undefined) return new LinePressures(layout.keys, layout.values);
    const base = this.#base;
    if (base === undefined || base.line.pressures !== since || base.layout.keys !== layout.keys) {
      return changedFrom(since, new LinePressures(layout.keys, layout.values));
    }
    const indexes: number[] = [];
    for (let i = 0; i < layout.values.length; i++) {
      if (layout.values[i] !== base.layout.values[i]) indexes.push(i);
    }
    return changedEntries(layout, indexes);
  }

  /**
   * Whether a scanned line names each flavor once (JSON.parse keeps the last of a repeated key;
   * a layout could not say which entry counts). The previous line's keys, reused, were.
   */
  #distinct(layout: LineLayout): boolean {
    return layout.keys === this.#keys || new Set(layout.keys).size === layout.keys.length;
  }
}

function changedEntries(layout: LineLayout, indexes: readonly number[]): ReadonlyMap<string, number> {
  return indexes.length === 0 ? NOTHING_CHANGED : new LinePressures(layout.keys, layout.values, indexes);
}

function changedFrom(
  since: ReadonlyMap<string, number>,
  pressures: ReadonlyMap<string, number>,
): ReadonlyMap<string, number> {
  const changed = new Map<string, number>();
  for (const [flavor, pressure] of pressures) {
    if (since.get(flavor) !== pressure) changed.set(flavor, pressure);
  }
  return changed;
}

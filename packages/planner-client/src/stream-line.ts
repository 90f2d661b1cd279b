import { OVERLONG } from "./line-splitter.js";
import type { SplitLine } from "./line-splitter.js";
import { readPressureMap, type PressureMapResult } from "./pressure-map.js";
import { scanPressureLine } from "./pressure-scan.js";
import { ALL_FLAVORS } from "./url.js";

/** What one stream line means. */
export type StreamLine =
  | { readonly kind: "pressure"; readonly pressures: ReadonlyMap<string, number> }
  | { readonly kind: "empty" }
  | { readonly kind: "blank" }
  | { readonly kind: "bad"; readonly problem: string };

const EXCERPT_CHARS = 60;

function excerpt(line: string): string {
  return JSON.stringify(line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}...` : line);
}

/**
 * Classifies a line of a pressure stream for `flavor` (`_` for all). A line is taken whole or
 * not at all: one bad value makes the whole line bad, since a planner never writes one. `{}` is
 * reported as such (the flavor was deleted mid-stream, or every flavor was).
 */
export function parseStreamLine(line: SplitLine, flavor: string): StreamLine {
  if (line === OVERLONG) return { kind: "bad", problem: "a line longer than the limit" };
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

/**
 * `parseStreamLine` for the lines of one stream, in order, with two shortcuts that give the same
 * answers: a line equal to the previous one (the planner's heartbeat repeats the last line) is
 * answered as before without parsing, and a line in the planner's own encoding is read by
 * `scanPressureLine` instead of JSON.parse. Anything else takes the strict path.
 */
export class StreamLineParser {
  readonly #flavor: string;
  readonly #keys: string[] = [];
  #previousLine: string | undefined;
  #previous: StreamLine = { kind: "blank" };

  constructor(flavor: string) {
    this.#flavor = flavor;
  }

  parse(line: SplitLine): StreamLine {
    if (line === OVERLONG || line === "") return parseStreamLine(line, this.#flavor);
    if (line === this.#previousLine) return this.#previous;
    const read = scanPressureLine(line, this.#keys) ?? readJsonLine(line);
    this.#previous = classify(line, this.#flavor, read);
    this.#previousLine = line;
    return this.#previous;
  }
}

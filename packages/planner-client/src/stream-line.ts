import { OVERLONG } from "./line-splitter.js";
import type { SplitLine } from "./line-splitter.js";
import { readPressureMap } from "./pressure-map.js";
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
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "bad", problem: `not JSON: ${excerpt(line)}` };
  }
  const read = readPressureMap(value);
  if (!read.ok) return { kind: "bad", problem: read.problem };
  if (read.pressures.size === 0) return { kind: "empty" };
  if (flavor !== ALL_FLAVORS && !read.pressures.has(flavor)) {
    return { kind: "bad", problem: `no pressure for flavor ${JSON.stringify(flavor)}: ${excerpt(line)}` };
  }
  return { kind: "pressure", pressures: read.pressures };
}

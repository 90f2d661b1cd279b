import { describe, expect, it } from "vitest";
import { commonPrefix, readChanged } from "./line-delta.js";
import { scanPressureLine } from "./pressure-scan.js";
import { parseStreamLine, StreamLineParser } from "./stream-line.js";
import type { ParsedLine } from "./stream-line.js";

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function plain(parsed: ParsedLine): unknown {
  return parsed.kind === "pressure" ? { kind: "pressure", pressures: new Map(parsed.pressures) } : parsed;
}

/**
 * Feeds `lines` to one parser and checks each answer against the strict, stateless reading, and
 * `changed`/`since` against the previous pressure line.
 */
function checkSequence(lines: readonly string[], flavor = "_"): void {
  const parser = new StreamLineParser(flavor);
  let previous: ReadonlyMap<string, number> | undefined;
  for (const [index, line] of lines.entries()) {
    const parsed = parser.parse(Buffer.from(line));
    const where = `line ${index}: ${line.slice(0, 80)}`;
    expect(plain(parsed), where).toEqual(parseStreamLine(line, flavor));
    if (parsed.kind !== "pressure") continue;
    expect(parsed.since, where).toBe(previous);
    const expected = new Map([...parsed.pressures].filter(([key, value]) => previous?.get(key) !== value));
    expect(new Map(parsed.changed), where).toEqual(expected);
    // The reconciler walks `changed` with forEach: it must give the same entries, in line order.
    const walked: [string, number][] = [];
    parsed.changed.forEach((value, key) => walked.push([key, value]));
    expect(walked, where).toEqual([...expected]);
    expect(parsed.changed.size, where).toBe(expected.size);
    previous = parsed.pressures;
  }
}

const encode = (entries: readonly (readonly [string, number])[]) =>
  `{${entries.map(([key, value]) => `"${key}":${value}`).join(",")}}`;

const BASE: [string, number][] = [
  ["a", 1],
  ["b", 22],
  ["c", 333],
  ["d", 0],
  ["e", 5],
];

describe("reading a line against the one before", () => {
  it.each([
    ["a changed first entry", encode([["a", 9], ...BASE.slice(1)])],
    ["a changed last entry", encode([...BASE.slice(0, 4), ["e", 6]])],
    ["a value growing a digit", encode([["a", 10], ...BASE.slice(1)])],
    ["a value losing digits", encode([BASE[0]!, BASE[1]!, ["c", 3], ...BASE.slice(3)])],
    ["changes at both ends", encode([["a", 7], ...BASE.slice(1, 4), ["e", 70]])],
    ["a renamed key, same length", encode([BASE[0]!, ["x", 22], ...BASE.slice(2)])],
    ["a key renamed into its neighbour's", encode([BASE[0]!, ["a", 22], ...BASE.slice(2)])],
    ["a flavor added", encode([...BASE.slice(0, 2), ["bb", 1], ...BASE.slice(2)])],
    ["a flavor added at the end", encode([...BASE, ["f", 1]])],
    ["a flavor removed", encode([...BASE.slice(0, 2), ...BASE.slice(3)])],
    ["the last flavor removed", encode(BASE.slice(0, 4))],
    ["every flavor removed", "{}"],
    ["a broken value", encode(BASE).replace('"c":333', '"c":3x3')],
    ["a negative value", encode(BASE).replace('"c":333', '"c":-333')],
    ["a NaN value", encode(BASE).replace('"c":333', '"c":NaN')],
    ["a huge value", encode(BASE).replace('"c":333', '"c":3333333333333333333333')],
    ["a string value", encode(BASE).replace('"c":333', '"c":"333"')],
    ["a leading zero", encode(BASE).replace('"d":0', '"d":01')],
    ["a space", encode(BASE).replace('"c":333', '"c": 333')],
    ["a missing comma", encode(BASE).replace(',"c"', '"c"')],
    ["a truncated line", encode(BASE).slice(0, -3)],
    ["garbage after the brace", `${encode(BASE)}x`],
    ["a duplicated key", encode([...BASE.slice(0, 4), ["a", 5]])],
    ["an escaped key", encode(BASE).replace('"b"', '"\\u0062"')],
    ["a non-ASCII key", encode(BASE).replace('"b"', '"é"')],
  ])("gives what the strict path gives for %s after a good line", (_what, line) => {
    checkSequence([encode(BASE), line, encode(BASE), line, line, encode(BASE)]);
  });

  it("answers a broken line after a good one as bad, then reads the next good line against the last good one", () => {
    const parser = new StreamLineParser("_");
    const first = parser.parse(Buffer.from(encode(BASE)));
    expect(parser.parse(Buffer.from(encode(BASE).replace("333", "3.5"))).kind).toBe("bad");
    const next = parser.parse(Buffer.from(encode([["a", 2], ...BASE.slice(1)])));
    expect(next.kind === "pressure" && [...next.changed]).toEqual([["a", 2]]);
    expect(next.kind === "pressure" && first.kind === "pressure" && next.since === first.pressures).toBe(
      true,
    );
  });

  it("on a single-flavor stream, follows the flavor and reports a line without it", () => {
    checkSequence(['{"small":2}', '{"small":3}', '{"small":3}', '{"other":3}', '{"small":10}'], "small");
  });

  it("gives what the strict path gives on random line sequences", () => {
    for (let seed = 1; seed <= 300; seed++) checkSequence(randomSequence(seed));
  });

  it("finds the first differing byte near, far and at the end", () => {
    const a = Buffer.from("x".repeat(5000));
    for (const at of [0, 1, 31, 32, 33, 100, 1000, 4999]) {
      const b = Buffer.from(a);
      b[at] = 0x79;
      expect(commonPrefix(a, 0, b, 0)).toBe(at);
      expect(commonPrefix(a, 1, b, 1)).toBe(at === 0 ? 5000 - 1 : at - 1);
    }
    expect(commonPrefix(a, 0, Buffer.from(a), 0)).toBe(5000);
    expect(commonPrefix(a, 0, a.subarray(0, 40), 0)).toBe(40);
  });
});

/** A stream as a planner might send it, with now and then a line no planner sends. */
function randomSequence(seed: number): string[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  let entries: [string, number][] = Array.from({ length: 1 + pick(12) }, (_, i) => [
    `f${String(i).padStart(2, "0")}`,
    pick(150),
  ]);
  const lines = [encode(entries)];
  for (let i = 0; i < 30; i++) {
    const roll = next();
    if (roll < 0.45) {
      for (let c = 1 + pick(3); c > 0 && entries.length > 0; c--)
        entries[pick(entries.length)]![1] = pick(1500);
      lines.push(encode(entries));
    } else if (roll < 0.6) {
      lines.push(lines.at(-1)!);
    } else if (roll < 0.7 && entries.length > 0) {
      entries = entries.filter((_, index) => index !== pick(entries.length));
      lines.push(encode(entries));
    } else if (roll < 0.8) {
      const name = `f${String(pick(30)).padStart(2, "0")}`;
      if (!entries.some(([key]) => key === name)) {
        entries = [...entries, [name, pick(50)] as [string, number]].sort(([x], [y]) => (x < y ? -1 : 1));
      }
      lines.push(encode(entries));
    } else {
      lines.push(corrupt(encode(entries), next));
    }
  }
  return lines;
}

/** One byte changed, dropped or added somewhere in a good line. */
function corrupt(line: string, next: () => number): string {
  const at = Math.floor(next() * line.length);
  const noise = ['"', ",", ":", "{", "}", "-", ".", "e", " ", "0", "9", "x", "\\"][Math.floor(next() * 13)]!;
  const roll = next();
  if (roll < 0.33) return line.slice(0, at) + noise + line.slice(at + 1);
  if (roll < 0.66) return line.slice(0, at) + line.slice(at + 1);
  return line.slice(0, at) + noise + line.slice(at);
}

describe("readChanged", () => {
  const previous = Buffer.from(encode(BASE));
  const layout = scanPressureLine(previous, [])!;

  it("rescans only the entries that changed, wherever they are", () => {
    const line = Buffer.from(encode([["a", 10], ...BASE.slice(1, 4), ["e", 6]]));
    const delta = readChanged(previous, layout, line);
    expect(delta?.changed).toEqual([0, 4]);
    expect(delta?.layout).toEqual(scanPressureLine(line, layout.keys));
  });

  it.each([
    ["a renamed key", encode([BASE[0]!, ["x", 22], ...BASE.slice(2)])],
    ["a flavor added", encode([...BASE, ["f", 1]])],
    ["a flavor removed", encode(BASE.slice(0, 4))],
    ["a broken value", encode(BASE).replace("333", "3.3")],
  ])("leaves %s to the whole-line scan", (_what, line) => {
    expect(readChanged(previous, layout, Buffer.from(line))).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { LinePressures } from "./line-pressures.js";

const KEYS = ["large", "medium", "small"];
const VALUES = [0, 7, 2];

/** Every read of a ReadonlyMap, so a lazy map and a real one can be compared whole. */
function reads(map: ReadonlyMap<string, number>): unknown {
  const walked: [string, number][] = [];
  map.forEach((value, key, self) => {
    expect(self).toBe(map);
    walked.push([key, value]);
  });
  return {
    size: map.size,
    walked,
    entries: [...map.entries()],
    keys: [...map.keys()],
    values: [...map.values()],
    iterated: [...map],
    got: KEYS.map((key) => [map.get(key), map.has(key)]),
    unknown: [map.get("gpu"), map.has("gpu")],
  };
}

describe("a line's pressures, read lazily", () => {
  it("reads as a Map of every entry", () => {
    const lazy = new LinePressures(KEYS, VALUES);
    expect(reads(lazy)).toEqual(
      reads(
        new Map([
          ["large", 0],
          ["medium", 7],
          ["small", 2],
        ]),
      ),
    );
  });

  it("reads as a Map of the picked entries only, in line order", () => {
    const lazy = new LinePressures(KEYS, VALUES, [0, 2]);
    expect(reads(lazy)).toEqual(
      reads(
        new Map([
          ["large", 0],
          ["small", 2],
        ]),
      ),
    );
  });

  it("walks its entries with forEach before and after a lookup built the Map, the same way", () => {
    const lazy = new LinePressures(KEYS, VALUES, [1]);
    const before: [string, number][] = [];
    lazy.forEach((value, key) => before.push([key, value]));
    expect(lazy.get("medium")).toBe(7);
    const after: [string, number][] = [];
    lazy.forEach((value, key) => after.push([key, value]));
    expect(after).toEqual(before);
    expect(before).toEqual([["medium", 7]]);
  });

  it("has no entries when none is picked", () => {
    expect(reads(new LinePressures(KEYS, VALUES, []))).toEqual(reads(new Map()));
  });
});

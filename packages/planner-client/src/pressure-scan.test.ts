import { describe, expect, it } from "vitest";
import { scanPressureLine } from "./pressure-scan.js";
import { parseStreamLine, StreamLineParser } from "./stream-line.js";
import type { ParsedLine } from "./stream-line.js";

/** A parsed line as parseStreamLine gives it: kind, a plain Map, problem (what both paths share). */
function plain(parsed: ParsedLine): unknown {
  return parsed.kind === "pressure" ? { kind: "pressure", pressures: new Map(parsed.pressures) } : parsed;
}

/** Lines in the planner's encoding and around it: each must read as the strict path reads it. */
const LINES = [
  "{}",
  '{"small":2}',
  '{"large":0,"small":2}',
  '{"large":10,"small":123456789012345}',
  '{"":1}',
  '{"__proto__":4}',
  '{"a":1,"a":2}',
  '{"small":01}',
  '{"small":1.5}',
  '{"small":0.5}',
  '{"small":1e3}',
  '{"small":-1}',
  '{"small":1234567890123456}',
  '{"small":9007199254740993}',
  '{"small":"3"}',
  '{"small":null}',
  '{"sm\\"all":1}',
  '{"sm\\u0061ll":1}',
  '{ "small": 2 }',
  '{"small":2,}',
  '{"small":2',
  '{"small"2}',
  '{"small":}',
  '{"small":2}x',
  '{"a":1,"b":{"n":1}}',
  "[1,2]",
  "3",
  "heartbeat",
  '{"small":NaN}',
  '{"small":Infinity}',
  '{"small":1e400}',
  '{"small":99999999999999999999999}',
  '{"small":true}',
  '{"small":[1]}',
  '{"small":{}}',
  "{",
  '{"small":2}{"large":1}',
];

describe("the fast path of a stream's lines", () => {
  it.each(LINES)("reads %s exactly as the strict path does", (line) => {
    const strict = parseStreamLine(line, "_");
    expect(plain(new StreamLineParser("_").parse(Buffer.from(line)))).toEqual(strict);
  });

  it("takes the planner's own lines without the strict path, reusing the previous line's keys", () => {
    const first = scanPressureLine(Buffer.from('{"large":1,"small":2}'), []);
    expect(first).toEqual({ keys: ["large", "small"], values: [1, 2], starts: [1, 11, 20] });
    const large = first?.keys[0];
    const next = scanPressureLine(Buffer.from('{"large":3,"smaller":4}'), first?.keys ?? []);
    expect(next && [next.keys, next.values]).toEqual([
      ["large", "smaller"],
      [3, 4],
    ]);
    expect(next?.keys[0]).toBe(large);
    const same = scanPressureLine(Buffer.from('{"large":5,"smaller":6}'), next?.keys ?? []);
    expect(same?.keys).toBe(next?.keys);
    // Fewer flavors than the line before: the known keys' first part, as a list of its own.
    const fewer = scanPressureLine(Buffer.from('{"large":7}'), same?.keys ?? []);
    expect(fewer?.keys).toEqual(["large"]);
    expect(fewer?.keys).not.toBe(same?.keys);
  });

  it("answers a repeated line (the planner's heartbeat) as the line before, and a changed one afresh", () => {
    const parser = new StreamLineParser("small");
    const first = parser.parse(Buffer.from('{"small":2}'));
    const repeat = parser.parse(Buffer.from('{"small":2}'));
    expect(repeat.kind === "pressure" && first.kind === "pressure" && repeat.pressures).toBe(
      first.kind === "pressure" && first.pressures,
    );
    expect(repeat.kind === "pressure" && repeat.changed.size).toBe(0);
    expect(plain(parser.parse(Buffer.from('{"small":3}')))).toEqual({
      kind: "pressure",
      pressures: new Map([["small", 3]]),
    });
    expect(parser.parse(Buffer.from('{"other":1}'))).toEqual(parseStreamLine('{"other":1}', "small"));
    expect(parser.parse(Buffer.alloc(0))).toEqual({ kind: "blank" });
  });
});

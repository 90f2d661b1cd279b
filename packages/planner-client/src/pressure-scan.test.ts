import { describe, expect, it } from "vitest";
import { scanPressureLine } from "./pressure-scan.js";
import { parseStreamLine, StreamLineParser } from "./stream-line.js";

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
];

describe("the fast path of a stream's lines", () => {
  it.each(LINES)("reads %s exactly as the strict path does", (line) => {
    const strict = parseStreamLine(line, "_");
    expect(new StreamLineParser("_").parse(line)).toEqual(strict);
  });

  it("takes the planner's own lines without the strict path, reusing the previous line's keys", () => {
    const keys: string[] = [];
    expect(scanPressureLine('{"large":1,"small":2}', keys)).toEqual({
      ok: true,
      pressures: new Map([
        ["large", 1],
        ["small", 2],
      ]),
    });
    const large = keys[0];
    const next = scanPressureLine('{"large":3,"smaller":4}', keys);
    expect(next?.ok === true && [...next.pressures]).toEqual([
      ["large", 3],
      ["smaller", 4],
    ]);
    expect(keys[0]).toBe(large);
    expect(keys).toEqual(["large", "smaller"]);
  });

  it("answers a repeated line (the planner's heartbeat) as the line before, and a changed one afresh", () => {
    const parser = new StreamLineParser("small");
    const first = parser.parse('{"small":2}');
    expect(parser.parse('{"small":2}')).toBe(first);
    expect(parser.parse('{"small":3}')).toEqual({ kind: "pressure", pressures: new Map([["small", 3]]) });
    expect(parser.parse('{"other":1}')).toEqual(parseStreamLine('{"other":1}', "small"));
    expect(parser.parse("")).toEqual({ kind: "blank" });
  });
});

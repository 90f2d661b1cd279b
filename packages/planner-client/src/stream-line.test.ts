import { describe, expect, it } from "vitest";
import { OVERLONG } from "./line-splitter.js";
import { parseStreamLine } from "./stream-line.js";

describe("parseStreamLine", () => {
  it("reads a pressure map for every flavor on a _ stream", () => {
    expect(parseStreamLine('{"large":1,"small":2}', "_")).toEqual({
      kind: "pressure",
      pressures: new Map([
        ["large", 1],
        ["small", 2],
      ]),
    });
  });

  it("reports {} as empty and a blank line as blank", () => {
    expect(parseStreamLine("{}", "_")).toEqual({ kind: "empty" });
    expect(parseStreamLine("{}", "small")).toEqual({ kind: "empty" });
    expect(parseStreamLine("", "_")).toEqual({ kind: "blank" });
  });

  it.each([
    ["not JSON", "heartbeat", /not JSON: "heartbeat"/],
    ["a truncated line", '{"small":', /not JSON/],
    ["an array", "[1,2]", /got an array/],
    ["a bare number", "3", /got 3/],
    ["null", "null", /got null/],
    ["a fractional pressure", '{"small":1.5}', /"small" has pressure 1.5, not a non-negative integer/],
    ["a negative pressure", '{"small":-1}', /has pressure -1/],
    ["a string pressure", '{"small":"3"}', /has pressure "3"/],
    ["an unsafe integer", '{"small":9007199254740993}', /has pressure 9007199254740992/],
    ["a nested object", '{"small":{"n":1}}', /has pressure an object/],
  ])("marks %s as bad", (_what, line, problem) => {
    const parsed = parseStreamLine(line, "_");
    expect(parsed.kind).toBe("bad");
    expect(parsed.kind === "bad" && parsed.problem).toMatch(problem);
  });

  it("marks a whole line bad when one flavor's value is bad", () => {
    expect(parseStreamLine('{"a":1,"b":"x"}', "_").kind).toBe("bad");
  });

  it("on a single-flavor stream, marks a line without that flavor as bad", () => {
    const parsed = parseStreamLine('{"other":1}', "small");
    expect(parsed).toEqual({ kind: "bad", problem: 'no pressure for flavor "small": "{\\"other\\":1}"' });
  });

  it("keeps a flavor named __proto__ as a plain key", () => {
    const parsed = parseStreamLine('{"__proto__":4}', "_");
    expect(parsed.kind === "pressure" && parsed.pressures.get("__proto__")).toBe(4);
  });

  it("marks an overlong line as bad without its text", () => {
    expect(parseStreamLine(OVERLONG, "_")).toEqual({ kind: "bad", problem: "a line longer than the limit" });
  });

  it("shortens a long bad line in the problem", () => {
    const parsed = parseStreamLine("x".repeat(500), "_");
    expect(parsed.kind === "bad" && parsed.problem.length).toBeLessThan(80);
  });
});

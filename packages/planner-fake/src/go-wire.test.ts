import { describe, expect, it } from "vitest";
import { goJsonLine, pressureLine } from "./go-wire.js";

describe("Go's json.Encoder output", () => {
  it("sorts map keys and ends the line with a newline", () => {
    const line = pressureLine(
      new Map([
        ["small", 2],
        ["large", 1],
        ["medium", 0],
      ]),
    );
    expect(line).toBe('{"large":1,"medium":0,"small":2}\n');
  });

  it("writes an empty map as {}", () => {
    expect(pressureLine(new Map())).toBe("{}\n");
  });

  it("sorts by UTF-8 bytes, as Go does, not by UTF-16 code units", () => {
    // UTF-16 puts U+1F600 (surrogate 0xD83D) before U+FF21; UTF-8 (F0... after EF...) does not.
    const line = pressureLine(
      new Map([
        ["\u{1F600}", 1],
        ["\uFF21", 2],
      ]),
    );
    expect(line).toBe('{"\uFF21":2,"\u{1F600}":1}\n');
  });

  it("escapes <, >, & and the JavaScript line separators like Go's HTML-safe encoder", () => {
    expect(goJsonLine({ "a<b>&c": "\u2028\u2029" })).toBe('{"a\\u003cb\\u003e\\u0026c":"\\u2028\\u2029"}\n');
  });

  it("keeps a flavor named __proto__ as an ordinary key", () => {
    expect(pressureLine(new Map([["__proto__", 1]]))).toBe('{"__proto__":1}\n');
  });
});

import { describe, it, expect } from "vitest";
import { pythonJsonDumps, PythonJsonEncodingError } from "./python-json.js";

describe("pythonJsonDumps", () => {
  // Expected strings are what CPython 3 prints for json.dumps(<the same value>).
  it.each([
    [{ model: "garm-model", port: 8080 }, '{"model": "garm-model", "port": 8080}'],
    [["a", "b"], '["a", "b"]'],
    [[], "[]"],
    [{}, "{}"],
    [{ nested: [{ a: true, b: false, c: null }] }, '{"nested": [{"a": true, "b": false, "c": null}]}'],
    [1.5, "1.5"],
    ['quote " backslash \\ newline \n tab \t', '"quote \\" backslash \\\\ newline \\n tab \\t"'],
    ["\u0001\u001f", '"\\u0001\\u001f"'],
    ["del \u007f", '"del \\u007f"'],
    ["caf\u00e9 \u2603", '"caf\\u00e9 \\u2603"'],
    ["\u{1f600}", '"\\ud83d\\ude00"'],
  ])("encodes %j as Python does", (value, expected) => {
    expect(pythonJsonDumps(value)).toBe(expected);
  });

  it("keeps insertion order of keys and leaves undefined properties out", () => {
    expect(pythonJsonDumps({ z: 1, a: 2, skipped: undefined })).toBe('{"z": 1, "a": 2}');
  });

  it("parses back to the same value", () => {
    const value = { groups: [{ name: "g", rules: [{ alert: "A", expr: 'up{x="\u00e9"} < 1', for: "5m" }] }] };
    expect(JSON.parse(pythonJsonDumps(value))).toEqual(value);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol("s"), 10n])("refuses %s", (value) => {
    expect(() => pythonJsonDumps(value)).toThrow(PythonJsonEncodingError);
  });
});

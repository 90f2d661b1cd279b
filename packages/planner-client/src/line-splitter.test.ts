import { describe, expect, it } from "vitest";
import { LineSplitter, OVERLONG } from "./line-splitter.js";
import type { SplitLine } from "./line-splitter.js";

const bytes = (text: string) => Buffer.from(text);
/** Lines are bytes; shown as text for readable assertions. */
const text = (line: SplitLine | undefined) => (Buffer.isBuffer(line) ? line.toString("utf8") : line);
const texts = (lines: SplitLine[]) => lines.map(text);

describe("LineSplitter", () => {
  it("carries a partial line across chunks and returns several lines from one chunk", () => {
    const splitter = new LineSplitter(100);
    expect(texts(splitter.push(bytes('{"a":')))).toEqual([]);
    expect(texts(splitter.push(bytes('1}\n{"a":2}\n{"a"')))).toEqual(['{"a":1}', '{"a":2}']);
    expect(texts(splitter.push(bytes(":3}\n")))).toEqual(['{"a":3}']);
    expect(splitter.end()).toBeUndefined();
  });

  it("keeps a line gathered across chunks whole while the next one starts in the same chunk", () => {
    const splitter = new LineSplitter(100);
    splitter.push(bytes('{"abc":'));
    const lines = splitter.push(bytes('1}\n{"xyz":2}\n{"qrs"'));
    expect(texts(lines)).toEqual(['{"abc":1}', '{"xyz":2}']);
    expect(texts(splitter.push(bytes(":3}\n")))).toEqual(['{"qrs":3}']);
  });

  it("drops a \\r before the newline and keeps blank lines as empty strings", () => {
    const splitter = new LineSplitter(100);
    expect(texts(splitter.push(bytes("x\r\n\n\r\n")))).toEqual(["x", "", ""]);
  });

  it("decodes a multi-byte character split between chunks", () => {
    const splitter = new LineSplitter(100);
    const encoded = bytes('{"é":1}\n');
    expect(texts(splitter.push(encoded.slice(0, 3)))).toEqual([]);
    expect(texts(splitter.push(encoded.slice(3)))).toEqual(['{"é":1}']);
  });

  it("reports an overlong line inside one chunk and goes on with the next", () => {
    const splitter = new LineSplitter(5);
    expect(texts(splitter.push(bytes("0123456789\nabc\n")))).toEqual([OVERLONG, "abc"]);
  });

  it("stops buffering an overlong line that spans chunks, then resumes after its newline", () => {
    const splitter = new LineSplitter(5);
    expect(texts(splitter.push(bytes("0123456")))).toEqual([]);
    expect(texts(splitter.push(bytes("789")))).toEqual([]);
    expect(texts(splitter.push(bytes("xyz\nok\n")))).toEqual([OVERLONG, "ok"]);
  });

  it("returns an unterminated rest at the end, or OVERLONG when it was being dropped", () => {
    const rest = new LineSplitter(100);
    rest.push(bytes('{"a":1}\n{"a":'));
    expect(text(rest.end())).toBe('{"a":');
    const dropped = new LineSplitter(2);
    dropped.push(bytes("abcdef"));
    expect(dropped.end()).toBe(OVERLONG);
  });
});

import { describe, expect, it } from "vitest";
import {
  MultipartFormatError,
  boundaryOf,
  encodeMultipart,
  escapeQuoted,
  newBoundary,
  parseHeaderValue,
  parseMultipart,
} from "./multipart.js";

describe("multipart", () => {
  it("makes boundaries of at least 32 characters, different each time", () => {
    const a = newBoundary();
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(newBoundary()).not.toBe(a);
  });

  it("escapes backslashes and quotes as Go's mime/multipart does", () => {
    expect(escapeQuoted('/a\\b"c')).toBe('/a\\\\b\\"c');
  });

  it("round-trips every byte value, including CRLF and dashes inside content", () => {
    const boundary = newBoundary();
    const content = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from(`\r\n--${boundary.slice(0, 10)}\r\n`),
    ]);
    const body = encodeMultipart(boundary, [
      { name: "request", contentType: "application/json", body: "{}" },
      { name: "files", filename: '/we"ird\\', contentType: "application/octet-stream", body: content },
    ]);
    const parts = parseMultipart(body, boundary);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ["request", undefined],
      ["files", '/we"ird\\'],
    ]);
    expect(parts[1]?.body.equals(content)).toBe(true);
    expect(parts[1]?.headers["content-type"]).toBe("application/octet-stream");
  });

  it("accepts an empty part, a preamble and transport padding after a boundary", () => {
    const b = "x".repeat(32);
    const body = Buffer.from(
      `preamble\r\n--${b}  \r\nContent-Disposition: form-data; name=files; filename="/e"\r\n\r\n\r\n--${b}--\r\n`,
    );
    const [part] = parseMultipart(body, b);
    expect(part).toMatchObject({ name: "files", filename: "/e" });
    expect(part?.body.length).toBe(0);
  });

  it("rejects a body cut short", () => {
    const b = "y".repeat(32);
    const full = `--${b}\r\nContent-Disposition: form-data; name="response"\r\n\r\n{"a":1}\r\n--${b}--\r\n`;
    expect(() => parseMultipart(Buffer.from(full.slice(0, 60)), b)).toThrow(MultipartFormatError);
    expect(() => parseMultipart(Buffer.from("no boundary here"), b)).toThrow(MultipartFormatError);
  });

  it("reads header parameters and the boundary of a content type", () => {
    expect(parseHeaderValue('form-data; name="files"; filename="/a\\"b"')).toEqual({
      value: "form-data",
      params: { name: "files", filename: '/a"b' },
    });
    expect(boundaryOf('multipart/form-data; boundary="abc"')).toBe("abc");
    expect(boundaryOf("multipart/form-data; boundary=abc")).toBe("abc");
    expect(boundaryOf("application/json")).toBeUndefined();
    expect(boundaryOf(undefined)).toBeUndefined();
  });
});

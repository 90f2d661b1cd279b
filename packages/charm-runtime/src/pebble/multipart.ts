/**
 * multipart/form-data for Pebble's files API, on Buffers so binary content survives untouched.
 * Written by hand because undici's `Response.formData()` rejects the backslash-escaped filenames
 * Pebble (Go's mime/multipart) sends back.
 */
import { randomBytes } from "node:crypto";

export interface MultipartPart {
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `name` parameter of Content-Disposition. */
  readonly name: string | undefined;
  /** The `filename` parameter of Content-Disposition, unescaped. */
  readonly filename: string | undefined;
  readonly body: Buffer;
}

export interface OutgoingPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType: string;
  readonly body: Uint8Array | string;
}

export class MultipartFormatError extends Error {
  override readonly name = "MultipartFormatError";
}

const CRLF = "\r\n";

/** 32 hex characters: Pebble rejects boundaries shorter than 32. */
export function newBoundary(): string {
  return randomBytes(16).toString("hex");
}

/** Quoted-string escaping as Go's mime/multipart writer does it. */
export function escapeQuoted(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`);
}

export function encodeMultipart(boundary: string, parts: readonly OutgoingPart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = `form-data; name="${escapeQuoted(part.name)}"`;
    if (part.filename !== undefined) disposition += `; filename="${escapeQuoted(part.filename)}"`;
    const head = `--${boundary}${CRLF}Content-Disposition: ${disposition}${CRLF}Content-Type: ${part.contentType}${CRLF}${CRLF}`;
    chunks.push(Buffer.from(head, "utf8"));
    chunks.push(typeof part.body === "string" ? Buffer.from(part.body, "utf8") : Buffer.from(part.body));
    chunks.push(Buffer.from(CRLF, "utf8"));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`, "utf8"));
  return Buffer.concat(chunks);
}

interface Scanned {
  readonly text: string;
  /** Index just past what was read. */
  readonly next: number;
}

/** A quoted-string starting at the opening quote at `start`, with backslash escapes removed. */
function readQuoted(value: string, start: number, key: string): Scanned {
  let text = "";
  let i = start + 1;
  while (i < value.length && value[i] !== '"') {
    if (value[i] === "\\" && i + 1 < value.length) i++;
    text += value.charAt(i);
    i++;
  }
  if (i >= value.length) throw new MultipartFormatError(`unterminated quoted parameter ${key}`);
  return { text, next: i + 1 };
}

/** A bare token value starting at `start`, up to the next `;`. */
function readToken(value: string, start: number): Scanned {
  const end = value.indexOf(";", start);
  return end === -1
    ? { text: value.slice(start).trim(), next: value.length }
    : { text: value.slice(start, end).trim(), next: end };
}

/** The `key=value` parameter at or after `start`, or undefined when none is left. */
function readParam(
  value: string,
  start: number,
): { key: string; paramValue: string; next: number } | undefined {
  let i = start;
  while (i < value.length && (value[i] === " " || value[i] === "\t" || value[i] === ";")) i++;
  const eq = value.indexOf("=", i);
  if (eq === -1) return undefined;
  const key = value.slice(i, eq).trim().toLowerCase();
  const read = value[eq + 1] === '"' ? readQuoted(value, eq + 1, key) : readToken(value, eq + 1);
  return { key, paramValue: read.text, next: read.next };
}

/**
 * Splits a header value such as `form-data; name="files"; filename="/a\"b"` into its leading
 * token and its parameters (names lower-cased, quoted values unescaped).
 */
export function parseHeaderValue(value: string): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const semicolon = value.indexOf(";");
  const head = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  let i = semicolon === -1 ? value.length : semicolon + 1;
  while (i < value.length) {
    const param = readParam(value, i);
    if (param === undefined) break;
    if (param.key) params[param.key] = param.paramValue;
    i = param.next;
  }
  return { value: head, params };
}

/** The boundary of a `multipart/form-data; boundary=...` Content-Type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const parsed = parseHeaderValue(contentType);
  if (parsed.value !== "multipart/form-data") return undefined;
  return parsed.params["boundary"] || undefined;
}

function parsePartHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.split(CRLF)) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new MultipartFormatError("malformed part header line");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Parses a complete multipart body. Throws MultipartFormatError when it is cut short or malformed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`, "utf8");
  const bodyDelimiter = Buffer.from(`${CRLF}--${boundary}`, "utf8");
  const headerEnd = Buffer.from(`${CRLF}${CRLF}`, "utf8");
  const parts: MultipartPart[] = [];

  const first = body.indexOf(delimiter);
  if (first === -1) throw new MultipartFormatError("no boundary found in body");
  // `pos` always points just past a delimiter.
  let pos = first + delimiter.length;
  for (;;) {
    if (body.subarray(pos, pos + 2).toString("latin1") === "--") return parts;
    // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body.subarray(pos, pos + 2).toString("latin1") !== CRLF) {
      throw new MultipartFormatError("boundary not followed by CRLF");
    }
    pos += 2;
    const headersEnd = body.indexOf(headerEnd, pos);
    if (headersEnd === -1) throw new MultipartFormatError("part headers are not terminated");
    const headers = parsePartHeaders(body.subarray(pos, headersEnd).toString("utf8"));
    const contentStart = headersEnd + headerEnd.length;
    const contentEnd = body.indexOf(bodyDelimiter, contentStart);
    if (contentEnd === -1) throw new MultipartFormatError("part is not terminated by a boundary");
    const disposition = headers["content-disposition"];
    const params = disposition === undefined ? {} : parseHeaderValue(disposition).params;
    parts.push({
      headers,
      name: params["name"],
      filename: params["filename"],
      body: body.subarray(contentStart, contentEnd),
    });
    pos = contentEnd + bodyDelimiter.length;
  }
}

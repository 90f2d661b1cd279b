/**
 * The server side of Pebble's multipart handling, kept separate from the client's parser so the
 * two check each other: reading a push request (Go mime/multipart rules: boundary >= 32 chars
 * enforced by Pebble, quoted-string filenames) and writing a pull answer.
 */
import { randomBytes } from "node:crypto";
import { badRequest } from "./errors.js";

export interface ReceivedPart {
  name: string | undefined;
  filename: string | undefined;
  body: Buffer;
}

const MIN_BOUNDARY_LENGTH = 32;

/** Reads one Content-Disposition parameter; quoted values have `\x` unescaped to `x`. */
function dispositionParam(header: string, param: string): string | undefined {
  const match = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
}

export function requestBoundary(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw badRequest("content-type must be multipart/form-data with a boundary");
  if (boundary.length < MIN_BOUNDARY_LENGTH) {
    throw badRequest(`multipart boundary must be at least ${String(MIN_BOUNDARY_LENGTH)} characters long`);
  }
  return boundary;
}

export function readParts(body: Buffer, boundary: string): ReceivedPart[] {
  const opening = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let cursor = body.indexOf(opening);
  if (cursor === -1) throw badRequest("cannot parse multipart body: no opening boundary");
  cursor += opening.length;
  const parts: ReceivedPart[] = [];
  while (body.toString("latin1", cursor, cursor + 2) === "\r\n") {
    const blank = body.indexOf("\r\n\r\n", cursor);
    if (blank === -1) throw badRequest("cannot parse multipart body: unterminated part headers");
    const headerLines = body.toString("utf8", cursor + 2, blank).split("\r\n");
    const end = body.indexOf(separator, blank + 4);
    if (end === -1) throw badRequest("cannot parse multipart body: missing closing boundary");
    const disposition =
      headerLines.find((line) => line.toLowerCase().startsWith("content-disposition:"))?.slice(20) ?? "";
    parts.push({
      name: dispositionParam(disposition, "name"),
      filename: dispositionParam(disposition, "filename"),
      body: body.subarray(blank + 4, end),
    });
    cursor = end + separator.length;
  }
  if (body.toString("latin1", cursor, cursor + 2) !== "--") {
    throw badRequest("cannot parse multipart body: malformed boundary line");
  }
  return parts;
}

export interface AnswerPart {
  name: string;
  filename?: string;
  contentType: string;
  body: Buffer;
}

export function writeParts(parts: readonly AnswerPart[]): { boundary: string; body: Buffer } {
  const boundary = randomBytes(30).toString("hex");
  const escape = (value: string): string => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? "" : `; filename="${escape(part.filename)}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n` +
          `Content-Type: ${part.contentType}\r\n\r\n`,
      ),
      part.body,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(chunks) };
}

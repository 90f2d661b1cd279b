/**
 * The bytes the planner (a Go net/http server) writes: `json.Encoder` output (map keys sorted by
 * byte order, `<`, `>`, `&`, U+2028 and U+2029 escaped, a trailing newline) and `http.Error`
 * answers (text/plain, the message plus a newline).
 */
import type { ServerResponse } from "node:http";

const GO_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** `json.NewEncoder(w).Encode(value)` for the values the planner encodes (no maps inside arrays). */
export function goJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c) + "\n";
}

/** Go sorts map keys by their UTF-8 bytes, which differs from UTF-16 order above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** A `map[string]int` as Go encodes it: one line, keys sorted. */
export function pressureLine(pressures: ReadonlyMap<string, number>): string {
  const sorted: Record<string, number> = {};
  for (const name of [...pressures.keys()].sort(compareUtf8)) {
    Object.defineProperty(sorted, name, { value: pressures.get(name), enumerable: true });
  }
  return goJsonLine(sorted);
}

/** `http.Error(w, message, status)`. */
export function goError(res: ServerResponse, status: number, message: string): void {
  const body = message + "\n";
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** `respondWithJSON(w, status, value)`: JSON body through `json.Encoder`. */
export function goJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extra?: Record<string, string>,
): void {
  const body = goJsonLine(value);
  res.writeHead(status, {
    ...extra,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

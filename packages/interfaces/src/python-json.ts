/**
 * JSON text exactly as Python's `json.dumps(value)` writes it with default arguments: `", "` between
 * items, `": "` after keys and every non-ASCII character escaped (`ensure_ascii=True`). The
 * prometheus_scrape library writes its app databag this way; writing the same bytes means a charm
 * upgraded from the Python implementation does not change the databag (and wake the consumer) for
 * nothing.
 */

/** A value can only be encoded when it is plain JSON data; anything else is a programming error. */
export class PythonJsonEncodingError extends Error {
  constructor(what: string) {
    super(`cannot encode ${what} as JSON for a relation databag`);
    this.name = "PythonJsonEncodingError";
  }
}

/**
 * `JSON.stringify` escapes quotes, backslashes and C0 controls as Python does; Python also escapes
 * DEL and everything above ASCII, characters outside the BMP as a surrogate pair (no `u` flag here,
 * so the class matches UTF-16 code units one by one).
 */
function encodeString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new PythonJsonEncodingError(`the number ${String(value)}`);
  return String(value);
}

/** `json.dumps(value)` for JSON data; object keys keep their insertion order, as Python dicts do. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return encodeString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return encodeNumber(value);
  if (Array.isArray(value)) return `[${value.map((item: unknown) => pythonJsonDumps(item)).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${encodeString(key)}: ${pythonJsonDumps(item)}`).join(", ")}}`;
  }
  throw new PythonJsonEncodingError(`a value of type ${typeof value}`);
}

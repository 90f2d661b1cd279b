/** One request as the fake saw it, with secret values replaced by "<redacted>". */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The status answered; 0 when an injected hang or reset meant no answer. */
  readonly status: number;
  /** The JSON body (redacted), undefined when empty, "<invalid json>" when it did not parse. */
  readonly body: unknown;
  /** Set when an injected fault answered this request. */
  readonly fault?: "status" | "hang" | "reset";
}

export const REDACTED = "<redacted>";

/** Keys whose values are secrets: passwords, private keys, tokens, webhook secrets. */
const SECRET_KEY = /password|private_key|token|secret/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        SECRET_KEY.test(key) && inner !== null && typeof inner !== "object" ? REDACTED : redact(inner);
    }
    return out;
  }
  return value;
}

export function recordableBody(bodyText: string): unknown {
  if (bodyText === "") return undefined;
  try {
    return redact(JSON.parse(bodyText));
  } catch {
    // Never keep raw text: it could hold a secret we cannot find without parsing.
    return "<invalid json>";
  }
}

export class RequestRecorder {
  private readonly entries: RecordedRequest[] = [];

  /** `onRecord` sees each request as it is recorded (the `garm` executable's access log). */
  constructor(private readonly onRecord?: (entry: RecordedRequest) => void) {}

  get requests(): readonly RecordedRequest[] {
    return this.entries;
  }

  record(entry: RecordedRequest): void {
    this.entries.push(entry);
    this.onRecord?.(entry);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** Turns what undici throws, and non-2xx answers, into the typed planner errors. */
import {
  PlannerAuthError,
  PlannerNotFoundError,
  PlannerProtocolError,
  PlannerUnreachableError,
} from "./errors.js";
import type { PlannerError, PlannerUnreachableReason } from "./errors.js";

const MAX_QUOTED = 200;

/** Replaces the token wherever it appears, so no quoted text can carry it into a message. */
export function redact(text: string, token: string): string {
  return token === "" ? text : text.split(token).join("[token]");
}

/** The first line of an error body (the planner's are `http.Error` text), shortened. */
function said(body: string, token: string): string {
  const first = redact(body, token).split("\n", 1)[0]?.trim() ?? "";
  return first.length > MAX_QUOTED ? `${first.slice(0, MAX_QUOTED)}...` : first;
}

/** A non-2xx answer as the planner means it (spec 1.6). */
export function statusFailure(call: string, status: number, body: string, token: string): PlannerError {
  const text = said(body, token);
  if (status === 401) return new PlannerAuthError(call, status, text);
  if (status === 400 && text === "invalid authorization header")
    return new PlannerAuthError(call, status, text);
  if (status === 404) return new PlannerNotFoundError(call, text);
  const detail = text === "" ? "" : ` ${JSON.stringify(text)}`;
  if (status >= 500)
    return new PlannerUnreachableError(call, "server-error", `HTTP ${status}${detail}`, status);
  return new PlannerProtocolError(call, `unexpected HTTP ${status}${detail}`, status);
}

/** How long the call waited, for the timeout messages. */
export interface Waits {
  readonly timeoutMs: number;
  /** Set for streams: a body timeout is then the stream's idle timeout. */
  readonly idleTimeoutMs?: number;
}

/** Walks an error and its causes for the Node/undici code that says what went wrong. */
function reasonOf(error: unknown): PlannerUnreachableReason {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "UND_ERR_BODY_TIMEOUT") return "idle-timeout";
    if (current.name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT") return "timeout";
    if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "timeout";
    if (code === "ECONNREFUSED") return "refused";
    if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET") return "reset";
    current = current.cause;
  }
  return "network";
}

function explain(reason: PlannerUnreachableReason, error: unknown, waits: Waits, token: string): string {
  switch (reason) {
    case "idle-timeout":
      return `no data for ${waits.idleTimeoutMs ?? waits.timeoutMs} ms (idle timeout)`;
    case "timeout":
      return `no answer within ${waits.timeoutMs} ms`;
    case "refused":
      return "connection refused (is the planner running, and is the endpoint right?)";
    case "reset":
      return "the connection was closed mid-answer";
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `network error (${redact(message, token).split("\n", 1)[0] ?? ""})`;
    }
  }
}

/** A thrown transport error as an unreachable planner. */
export function transportFailure(
  call: string,
  error: unknown,
  waits: Waits,
  token: string,
): PlannerUnreachableError {
  const reason = reasonOf(error);
  const failure = new PlannerUnreachableError(call, reason, explain(reason, error, waits, token));
  failure.cause = error;
  return failure;
}

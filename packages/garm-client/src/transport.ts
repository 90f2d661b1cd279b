import { setTimeout as sleep } from "node:timers/promises";
import { request, type Dispatcher } from "@garm-charms/undici-core";
import * as z from "zod";
import {
  GarmApiError,
  GarmUnavailableError,
  type GarmCallDescription,
  type GarmUnavailableReason,
} from "./errors.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface TransportOptions {
  /** GARM's root URL (`http://127.0.0.1:8080`); a trailing `/api/v1` is accepted too. */
  readonly baseUrl: string;
  /** Budget for one attempt: connect, headers and the whole body. */
  readonly timeoutMs: number;
  /** Extra attempts for GET when GARM is unreachable or answers 5xx. */
  readonly readRetries: number;
  /** First backoff between read attempts; doubles each time. */
  readonly retryDelayMs: number;
  readonly dispatcher: Dispatcher;
}

export interface TransportRequest {
  readonly method: HttpMethod;
  /** Path below `/api/v1`, starting with `/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** JSON-encoded as the request body. Never appears in errors or logs. */
  readonly body?: unknown;
  readonly token?: string | undefined;
  /** Overrides the client's per-attempt timeout. */
  readonly timeoutMs?: number;
  /** False to make a GET a single attempt (readiness probes pace themselves). */
  readonly retry?: boolean;
}

export interface TransportResponse {
  readonly status: number;
  readonly text: string;
}

const apiErrorBody = z.object({ error: z.string(), details: z.string().optional() });

const API_PREFIX = "/api/v1";
const MAX_QUOTED_BODY = 200;

/** Sends one GARM API request with a deadline, retrying reads; non-2xx answers become typed errors. */
export class GarmTransport {
  readonly #origin: string;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#origin = normaliseBaseUrl(options.baseUrl);
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const call = describeRequest(req);
    const attempts = req.method === "GET" && req.retry !== false ? 1 + this.#options.readRetries : 1;
    let delay = this.#options.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(req, call);
      } catch (err) {
        if (attempt >= attempts || !isRetryable(err)) throw err;
      }
      await sleep(delay);
      delay *= 2;
    }
  }

  async #attempt(req: TransportRequest, call: GarmCallDescription): Promise<TransportResponse> {
    const { dispatcher } = this.#options;
    const timeoutMs = req.timeoutMs ?? this.#options.timeoutMs;
    const headers: Record<string, string> = { accept: "application/json" };
    if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    let status: number;
    let text: string;
    try {
      const res = await request(dispatcher, this.#origin + call.path + queryString(req.query), {
        method: req.method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw unavailableFrom(call, err, timeoutMs);
    }
    if (status >= 200 && status < 300) return { status, text };
    const said = parseErrorBody(text);
    if (status >= 500) {
      throw new GarmUnavailableError(call, "server-error", `HTTP ${status} ${describeSaid(said)}`, {
        status,
        ...said,
      });
    }
    throw new GarmApiError(call, status, said.code, said.details);
  }
}

/** The request as errors name it: method and full API path, without the query. */
export function describeRequest(req: Pick<TransportRequest, "method" | "path">): GarmCallDescription {
  return { method: req.method, path: API_PREFIX + req.path };
}

function normaliseBaseUrl(baseUrl: string): string {
  let origin = baseUrl.trim().replace(/\/+$/, "");
  if (origin.endsWith(API_PREFIX)) origin = origin.slice(0, -API_PREFIX.length);
  return origin;
}

function queryString(query: TransportRequest["query"]): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, value);
  }
  const encoded = params.toString();
  return encoded === "" ? "" : `?${encoded}`;
}

/** GARM's `{"error","details"}`, or the start of a non-JSON body (the admin middleware's text/plain). */
function parseErrorBody(text: string): { code: string; details: string } {
  try {
    const parsed = apiErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) return { code: parsed.data.error, details: parsed.data.details ?? "" };
  } catch {
    // not JSON: fall through to the plain-text form
  }
  return { code: text.trim().slice(0, MAX_QUOTED_BODY), details: "" };
}

function describeSaid(said: { code: string; details: string }): string {
  if (said.code === "" && said.details === "") return "with an empty body";
  return `(${said.details === "" ? said.code : `${said.code}: ${said.details}`})`;
}

function isRetryable(err: unknown): boolean {
  return err instanceof GarmUnavailableError && err.reason !== "timeout";
}

/** Walks an error and its causes for the Node/undici code or name that says what went wrong. */
function unavailableReason(err: unknown): GarmUnavailableReason {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (current.name === "TimeoutError" || current.name === "AbortError") return "timeout";
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "timeout";
    if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "timeout";
    if (code === "ECONNREFUSED") return "refused";
    if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET") return "reset";
    current = current.cause;
  }
  return "network";
}

function unavailableFrom(call: GarmCallDescription, err: unknown, timeoutMs: number): GarmUnavailableError {
  const reason = unavailableReason(err);
  const explanation: Record<GarmUnavailableReason, string> = {
    timeout: `no complete answer within ${timeoutMs} ms`,
    refused: "connection refused (is GARM running and listening?)",
    reset: "the connection was closed before GARM answered",
    network: `network error (${err instanceof Error ? err.message : String(err)})`,
    "server-error": "server error",
  };
  const error = new GarmUnavailableError(call, reason, explanation[reason]);
  error.cause = err;
  return error;
}

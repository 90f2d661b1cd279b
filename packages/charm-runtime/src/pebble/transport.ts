/**
 * HTTP/1.1 over Pebble's unix socket with undici. One request in, status + headers + the whole
 * body out; socket and timeout failures become PebbleConnectionError / PebbleTimeoutError.
 */
import { Agent, request } from "@garm-charms/undici-core";

import { PebbleConnectionError, PebbleTimeoutError } from "./errors.js";

export interface TransportRequest {
  readonly method: "GET" | "POST";
  /** Path below the socket, e.g. `/v1/files`. */
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** Overrides the transport's default per-request timeout. */
  readonly timeoutMs?: number;
  /** Names the request in errors, e.g. `GET /v1/plan`. */
  readonly operation: string;
}

export interface TransportResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

const CONNECTION_ERROR_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EACCES",
  "ENOTSOCK",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return errorCode((error as { cause?: unknown }).cause);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

export class PebbleTransport {
  readonly #agent: Agent;

  constructor(
    readonly socketPath: string,
    readonly defaultTimeoutMs: number,
  ) {
    this.#agent = new Agent({ connect: { socketPath } });
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    const query = req.query?.toString();
    const url = `http://localhost${req.path}${query ? `?${query}` : ""}`;
    try {
      const response = await request(this.#agent, url, {
        method: req.method,
        headers: { ...req.headers },
        body: req.body ?? null,
        signal,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name] = headerValue(value);
      return { statusCode: response.statusCode, headers, body };
    } catch (error) {
      if (signal.aborted) throw new PebbleTimeoutError(req.operation, timeoutMs);
      const code = errorCode(error);
      if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) {
        throw new PebbleConnectionError(this.socketPath, code, `${req.operation}: ${code}`);
      }
      throw new PebbleConnectionError(
        this.socketPath,
        code,
        `${req.operation}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

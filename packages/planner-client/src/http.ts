import { request } from "undici";
import type { Dispatcher } from "undici";
import { PlannerError, PlannerProtocolError } from "./errors.js";
import { statusFailure, transportFailure } from "./failure.js";
import type { Waits } from "./failure.js";

/** What every request needs: where, who, how long. */
export interface RequestContext {
  readonly url: URL;
  /** The call as messages name it (`GET <url>`). */
  readonly call: string;
  readonly token: string;
  readonly accept: string;
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal | undefined;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly waits: Waits;
}

type Body = Dispatcher.ResponseData["body"];

/** An error body is quoted, not read whole. */
const MAX_ERROR_BODY = 4096;

/**
 * Closes a body that will not be read to its end. undici reports such a body as aborted through
 * an `error` event, which would be uncaught without this listener.
 */
export function discard(body: Body): void {
  body.on("error", () => undefined);
  body.destroy();
}

/** Reads at most `limit` bytes of a body as text; longer is a protocol error when `strict`. */
export async function readText(body: Body, limit: number, strict: boolean, call: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size < limit) continue;
    discard(body);
    if (strict) throw new PlannerProtocolError(call, `the body is larger than ${limit} bytes`);
    break;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Sends a GET and returns the 2xx response with its body unread. A non-2xx answer becomes a
 * typed error; a thrown transport error too, unless the caller's signal aborted it (then its
 * reason is rethrown, for the caller to recognise).
 */
export async function get(ctx: RequestContext): Promise<Dispatcher.ResponseData> {
  let response: Dispatcher.ResponseData;
  let errorBody: string | undefined;
  try {
    response = await request(ctx.url, {
      method: "GET",
      headers: { accept: ctx.accept, authorization: `Bearer ${ctx.token}` },
      dispatcher: ctx.dispatcher,
      signal: ctx.signal,
      headersTimeout: ctx.headersTimeoutMs,
      bodyTimeout: ctx.bodyTimeoutMs,
    });
    if (response.statusCode < 200 || response.statusCode > 299) {
      errorBody = await readText(response.body, MAX_ERROR_BODY, false, ctx.call);
    }
  } catch (error) {
    throw failureFrom(ctx, error);
  }
  if (errorBody !== undefined) throw statusFailure(ctx.call, response.statusCode, errorBody, ctx.token);
  return response;
}

/** A thrown error as the caller should see it. */
export function failureFrom(ctx: RequestContext, error: unknown): unknown {
  if (ctx.signal?.aborted === true && !isTimeoutSignalReason(ctx.signal.reason)) return ctx.signal.reason;
  if (error instanceof PlannerError) return error;
  return transportFailure(ctx.call, error, ctx.waits, ctx.token);
}

function isTimeoutSignalReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === "TimeoutError";
}

/** The media type of a Content-Type header, lowercased, without parameters. */
export function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? (header[0] ?? "") : (header ?? "");
  return value.split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

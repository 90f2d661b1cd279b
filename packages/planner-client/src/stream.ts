import type { Dispatcher } from "undici";
import { PlannerError, PlannerProtocolError, PlannerRequestInvalidError } from "./errors.js";
import { redact } from "./failure.js";
import { discard, failureFrom, get, mediaType } from "./http.js";
import type { RequestContext } from "./http.js";
import { LineSplitter } from "./line-splitter.js";
import { StreamLineParser, type ParsedLine, type PressureLine } from "./stream-line.js";

/** What a pressure stream reports, in order. `end` or `error` comes last, exactly once. */
export type PressureStreamEvent =
  /** The planner answered 200 with an NDJSON stream. */
  | { readonly kind: "connected" }
  /**
   * A pressure line: desired total runners per flavor (every flavor on a `_` stream), and the
   * flavors whose pressure changed since the previous pressure line of this stream (`since`).
   */
  | PressureLine
  /** A `{}` line: the flavor (or every flavor) was deleted; the planner answers 404 on reconnect. */
  | { readonly kind: "empty" }
  /** A line that is not a pressure map; skipped. `badLines` counts them on this stream. */
  | { readonly kind: "bad-line"; readonly problem: string; readonly badLines: number }
  /** The planner closed the stream cleanly (`eof`), or the caller's signal aborted it. */
  | { readonly kind: "end"; readonly reason: "eof" | "aborted" }
  /** The stream could not be opened or broke: refused token, unknown flavor, timeout, reset... */
  | { readonly kind: "error"; readonly error: PlannerError };

export interface StreamContext extends RequestContext {
  readonly flavor: string;
  readonly maxLineChars: number;
}

type Body = Dispatcher.ResponseData["body"];

/**
 * One connection to the planner's pressure stream, read once as an async iterable of events.
 * It never throws for a planner or network failure: those end it with an `error` event. Breaking
 * out of the loop closes the connection. Reconnecting is opening a new stream.
 */
export class PressureStream implements AsyncIterable<PressureStreamEvent> {
  readonly #ctx: StreamContext;
  #started = false;
  #lines = 0;
  #badLines = 0;

  constructor(ctx: StreamContext) {
    this.#ctx = ctx;
  }

  /** Pressure and `{}` lines received so far. */
  get lines(): number {
    return this.#lines;
  }

  /** Lines skipped as unreadable so far. */
  get badLines(): number {
    return this.#badLines;
  }

  [Symbol.asyncIterator](): AsyncIterator<PressureStreamEvent> {
    if (this.#started) {
      throw new PlannerRequestInvalidError("a pressure stream is read once; open a new one to reconnect");
    }
    this.#started = true;
    return this.#run();
  }

  async *#run(): AsyncGenerator<PressureStreamEvent> {
    let body: Body;
    try {
      body = await this.#open();
    } catch (error) {
      yield this.#terminal(error);
      return;
    }
    try {
      yield { kind: "connected" };
      yield* this.#read(body);
    } finally {
      discard(body);
    }
  }

  async #open(): Promise<Body> {
    const response = await get(this.#ctx);
    const type = mediaType(response.headers["content-type"]);
    if (type !== "application/x-ndjson") {
      discard(response.body);
      const shown = type === "" ? "no content type" : type;
      throw new PlannerProtocolError(
        this.#ctx.call,
        `a stream answered with ${shown}, not application/x-ndjson`,
      );
    }
    return response.body;
  }

  async *#read(body: Body): AsyncGenerator<PressureStreamEvent> {
    const splitter = new LineSplitter(this.#ctx.maxLineChars);
    const parser = new StreamLineParser(this.#ctx.flavor);
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        for (const line of splitter.push(chunk)) {
          const event = this.#event(parser.parse(line));
          if (event !== undefined) yield event;
        }
      }
    } catch (error) {
      yield this.#terminal(error);
      return;
    }
    if (splitter.end() !== undefined) yield this.#bad("the stream ended inside a line");
    yield { kind: "end", reason: "eof" };
  }

  #event(parsed: ParsedLine): PressureStreamEvent | undefined {
    switch (parsed.kind) {
      case "blank":
        return undefined;
      case "bad":
        return this.#bad(parsed.problem);
      case "empty":
        this.#lines++;
        return { kind: "empty" };
      case "pressure":
        this.#lines++;
        return parsed;
    }
  }

  #bad(problem: string): PressureStreamEvent {
    this.#badLines++;
    return { kind: "bad-line", problem: redact(problem, this.#ctx.token), badLines: this.#badLines };
  }

  #terminal(error: unknown): PressureStreamEvent {
    if (this.#ctx.signal?.aborted === true) return { kind: "end", reason: "aborted" };
    const failure = failureFrom(this.#ctx, error);
    if (failure instanceof PlannerError) return { kind: "error", error: failure };
    throw failure;
  }
}

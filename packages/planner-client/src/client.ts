import { Agent } from "undici";
import type { Dispatcher } from "undici";
import * as z from "zod";
import { PlannerProtocolError, PlannerRequestInvalidError } from "./errors.js";
import { failureFrom, get, readText } from "./http.js";
import type { RequestContext } from "./http.js";
import { readPressureMap } from "./pressure-map.js";
import { PressureStream } from "./stream.js";
import { ALL_FLAVORS, apiUrl, describeCall, endpointUrl, flavorSegment } from "./url.js";

export interface PlannerClientOptions {
  /** The relation's `endpoint`; a path prefix (ingress route) is kept. */
  readonly endpoint: string;
  /** The bearer token (the content of the relation's token secret). */
  readonly token: string;
  /** Budget for a non-streaming call, connect to last byte; default 30 s. */
  readonly timeoutMs?: number;
  /** Longest silence a stream may have before it is given up; default 300 s. */
  readonly idleTimeoutMs?: number;
  /** Longest stream line accepted, in bytes (the planner writes ASCII); default 4 Mi. */
  readonly maxLineChars?: number;
  /** For tests or custom TLS; the client then does not close it. */
  readonly dispatcher?: Dispatcher;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface StreamOptions extends CallOptions {
  /** The flavor to follow; default `_`, every flavor on one connection. */
  readonly flavor?: string;
  /** Overrides the client's idle timeout for this stream. */
  readonly idleTimeoutMs?: number;
}

/** A flavor as the planner stores it (labels lowercased). */
export interface PlannerFlavor {
  readonly platform: string;
  readonly name: string;
  readonly labels: readonly string[];
  readonly priority: number;
  readonly isDisabled: boolean;
  readonly minimumPressure: number;
}

const flavorSchema = z
  .object({
    platform: z.string(),
    name: z.string(),
    labels: z.array(z.string()).nullable(),
    priority: z.int(),
    is_disabled: z.boolean(),
    minimum_pressure: z.int(),
  })
  .transform((f): PlannerFlavor => ({
    platform: f.platform,
    name: f.name,
    labels: f.labels ?? [],
    priority: f.priority,
    isDisabled: f.is_disabled,
    minimumPressure: f.minimum_pressure,
  }));

const DEFAULTS = { timeoutMs: 30_000, idleTimeoutMs: 300_000, maxLineChars: 4 * 1024 * 1024 };
/** A JSON answer larger than this is not the planner's. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** What a bearer token can hold: visible ASCII, no spaces (base64url and admin tokens fit). */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new PlannerRequestInvalidError(`${name} must be positive`);
  return value;
}

/** The planner's API as the reconciler uses it: flavor and pressure reads and the pressure stream. */
export class PlannerClient {
  readonly #base: URL;
  readonly #token: string;
  readonly #settings: typeof DEFAULTS;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(options: PlannerClientOptions) {
    this.#base = endpointUrl(options.endpoint);
    if (!TOKEN_PATTERN.test(options.token)) {
      throw new PlannerRequestInvalidError("the token is empty or has characters a bearer token cannot have");
    }
    this.#token = options.token;
    this.#settings = {
      timeoutMs: positive("timeoutMs", options.timeoutMs ?? DEFAULTS.timeoutMs),
      idleTimeoutMs: positive("idleTimeoutMs", options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs),
      maxLineChars: positive("maxLineChars", options.maxLineChars ?? DEFAULTS.maxLineChars),
    };
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent();
  }

  /** `GET api/v1/flavors/{name}`. Not for `_` (the planner refuses it). */
  async getFlavor(name: string, options: CallOptions = {}): Promise<PlannerFlavor> {
    if (name === ALL_FLAVORS) throw new PlannerRequestInvalidError('"_" is not a flavor; name one flavor');
    const { call, value } = await this.#getJson(`api/v1/flavors/${flavorSegment(name)}`, options);
    const parsed = flavorSchema.safeParse(value);
    if (!parsed.success)
      throw new PlannerProtocolError(
        call,
        `not a flavor: ${z.prettifyError(parsed.error)}`.replace(/\n/g, "; "),
      );
    return parsed.data;
  }

  /** `GET api/v1/flavors/{name}/pressure`: the pressure of one flavor, or with `_` of all. */
  async getPressures(
    name: string = ALL_FLAVORS,
    options: CallOptions = {},
  ): Promise<ReadonlyMap<string, number>> {
    const { call, value } = await this.#getJson(`api/v1/flavors/${flavorSegment(name)}/pressure`, options);
    const read = readPressureMap(value);
    if (!read.ok) throw new PlannerProtocolError(call, read.problem);
    return read.pressures;
  }

  /** One flavor's pressure: its desired total runner count. */
  async getPressure(name: string, options: CallOptions = {}): Promise<number> {
    if (name === ALL_FLAVORS) throw new PlannerRequestInvalidError('"_" is not a flavor; use getPressures');
    const pressures = await this.getPressures(name, options);
    const pressure = pressures.get(name);
    if (pressure === undefined) {
      const call = describeCall("GET", this.#url(`api/v1/flavors/${flavorSegment(name)}/pressure`));
      throw new PlannerProtocolError(call, `the answer has no pressure for ${JSON.stringify(name)}`);
    }
    return pressure;
  }

  /**
   * Opens `GET api/v1/flavors/{flavor}/pressure?stream=true` (all flavors by default) when
   * iterated. See PressureStream for the events.
   */
  streamPressure(options: StreamOptions = {}): PressureStream {
    const flavor = options.flavor ?? ALL_FLAVORS;
    const idleTimeoutMs = positive("idleTimeoutMs", options.idleTimeoutMs ?? this.#settings.idleTimeoutMs);
    const url = this.#url(`api/v1/flavors/${flavorSegment(flavor)}/pressure?stream=true`);
    return new PressureStream({
      ...this.#context(url, "application/x-ndjson", options.signal),
      headersTimeoutMs: idleTimeoutMs,
      bodyTimeoutMs: idleTimeoutMs,
      waits: { timeoutMs: idleTimeoutMs, idleTimeoutMs },
      flavor,
      maxLineChars: this.#settings.maxLineChars,
    });
  }

  /** Closes the connections the client opened (not a dispatcher it was given). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #url(relative: string): URL {
    return apiUrl(this.#base, relative);
  }

  #context(url: URL, accept: string, signal: AbortSignal | undefined): RequestContext {
    const { timeoutMs } = this.#settings;
    return {
      url,
      call: describeCall("GET", url),
      token: this.#token,
      accept,
      dispatcher: this.#dispatcher,
      signal,
      headersTimeoutMs: timeoutMs,
      bodyTimeoutMs: timeoutMs,
      waits: { timeoutMs },
    };
  }

  async #getJson(relative: string, options: CallOptions): Promise<{ call: string; value: unknown }> {
    const deadline = AbortSignal.timeout(this.#settings.timeoutMs);
    const signal = options.signal === undefined ? deadline : AbortSignal.any([options.signal, deadline]);
    const ctx = this.#context(this.#url(relative), "application/json", signal);
    let text: string;
    try {
      const response = await get(ctx);
      text = await readText(response.body, MAX_JSON_BYTES, true, ctx.call);
    } catch (error) {
      throw failureFrom(ctx, error);
    }
    try {
      return { call: ctx.call, value: JSON.parse(text) };
    } catch {
      throw new PlannerProtocolError(ctx.call, "the body is not JSON");
    }
  }
}

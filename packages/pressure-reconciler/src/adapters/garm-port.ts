/**
 * GARM as the reconciler uses it: list, get and set min idle. The gateway logs in on first use and
 * again, once, when GARM answers 401 (an expired or revoked JWT), then repeats the call.
 */
import { GarmApiError, GarmClient } from "@garm-charms/garm-client";
import type { ScaleSet } from "@garm-charms/garm-client";
import { Agent } from "undici";
import type { GarmSettings } from "../config.js";
import type { ObservedScaleSet } from "../core/reconciler-core.js";

export interface GarmPort {
  listScaleSets(): Promise<ObservedScaleSet[]>;
  getScaleSet(id: number): Promise<ObservedScaleSet>;
  /** PUTs only `min_idle_runners`: never max, enabled, image, flavor or extra specs. */
  setMinIdle(id: number, minIdle: number): Promise<ObservedScaleSet>;
  close(): Promise<void>;
}

/** GARM answered 404: the scale set was deleted (or re-created under a new id). */
export function isNotFound(error: unknown): boolean {
  return error instanceof GarmApiError && error.isNotFound;
}

/** GARM answered 400: on a min-idle-only PUT, min idle above a max runners lowered meanwhile. */
export function isBadRequest(error: unknown): boolean {
  return error instanceof GarmApiError && error.isBadRequest;
}

function observed(s: ScaleSet): ObservedScaleSet {
  return {
    id: s.id,
    name: s.name,
    enabled: s.enabled,
    minIdleRunners: s.minIdleRunners,
    maxRunners: s.maxRunners,
    desiredRunnerCount: s.desiredRunnerCount,
  };
}

/** A PUT includes GitHub round trips on GARM's side (spec 4.1), so it gets a generous budget. */
const GARM_TIMEOUT_MS = 30_000;

export class GarmGateway implements GarmPort {
  readonly #client: GarmClient;
  readonly #agent: Agent | undefined;
  readonly #settings: GarmSettings;
  #loggedIn = false;

  constructor(settings: GarmSettings) {
    this.#settings = settings;
    this.#agent = settings.caCert === undefined ? undefined : new Agent({ connect: { ca: settings.caCert } });
    this.#client = new GarmClient({
      baseUrl: settings.url,
      timeoutMs: GARM_TIMEOUT_MS,
      dispatcher: this.#agent,
    });
  }

  listScaleSets(): Promise<ObservedScaleSet[]> {
    return this.#call(async (c) => (await c.listScaleSets()).map(observed));
  }

  getScaleSet(id: number): Promise<ObservedScaleSet> {
    return this.#call(async (c) => observed(await c.getScaleSet(id)));
  }

  setMinIdle(id: number, minIdle: number): Promise<ObservedScaleSet> {
    return this.#call(async (c) => observed(await c.updateScaleSet(id, { minIdleRunners: minIdle })));
  }

  async close(): Promise<void> {
    await this.#client.close();
    await this.#agent?.close();
  }

  async #call<T>(work: (client: GarmClient) => Promise<T>): Promise<T> {
    if (!this.#loggedIn) await this.#login();
    try {
      return await work(this.#client);
    } catch (error) {
      if (!(error instanceof GarmApiError) || !error.isUnauthorised) throw error;
      await this.#login();
      return work(this.#client);
    }
  }

  async #login(): Promise<void> {
    this.#loggedIn = false;
    await this.#client.login(this.#settings.username, this.#settings.password);
    this.#loggedIn = true;
  }
}

import type { AuthConfig } from "./auth.js";
import { PlannerFakeError } from "./errors.js";
import { FlavorStore } from "./flavors.js";
import type { FlavorRecord, PlannerFakeFlavor } from "./flavors.js";
import { pressureLine } from "./go-wire.js";
import { StreamHub } from "./streams.js";
import type { DropMode } from "./streams.js";

/** What `state()` reports: each flavor with the pressure the planner would report for it. */
export interface PlannerFakeState {
  readonly flavors: readonly (FlavorRecord & { readonly reported: number })[];
  readonly openStreams: number;
  readonly refusingAuth: boolean;
}

/** The operations a test or the control endpoint can apply; one implementation for both. */
export interface PlannerFakeControls {
  /** Sets a flavor's job count (creating the flavor when needed); streams get the change. */
  setPressure(flavor: string, pressure: number): void;
  /** Adds or replaces a flavor. */
  addFlavor(flavor: PlannerFakeFlavor): void;
  /** Deletes a flavor: a stream of it alone then gets `{}`, a `_` stream loses its key. */
  removeFlavor(name: string): void;
  /** Ends every open stream, cleanly (`eof`, the default) or by resetting the connection. */
  dropStreams(mode?: DropMode): void;
  /** Freezes every open stream (nothing more is written); new streams are not affected. */
  stallStreams(): void;
  /** Writes a `{}` line to every live stream. */
  sendEmpty(): void;
  /** While on, every token (admin too) gets 401; open streams keep going, as on the planner. */
  refuseAuth(on: boolean): void;
  /** A heartbeat tick now: every live stream gets its current line. */
  heartbeat(): void;
  state(): PlannerFakeState;
}

export interface CoreOptions {
  readonly token: string;
  readonly adminToken: string | undefined;
  readonly flavors: readonly (string | PlannerFakeFlavor)[];
  readonly heartbeatMs: number;
}

/** The fake's state and streams, shared by the HTTP routes and both control surfaces. */
export class PlannerFakeCore implements PlannerFakeControls {
  readonly flavors: FlavorStore;
  readonly streams = new StreamHub();
  #refusing = false;
  readonly #token: string;
  readonly #adminToken: string | undefined;
  readonly #ticker: NodeJS.Timeout;

  constructor(options: CoreOptions) {
    if (options.token === "") throw new PlannerFakeError("the planner fake needs a non-empty token");
    this.#token = options.token;
    this.#adminToken = options.adminToken;
    this.flavors = new FlavorStore(options.flavors);
    this.#ticker = setInterval(() => this.heartbeat(), options.heartbeatMs);
    this.#ticker.unref();
  }

  get auth(): AuthConfig {
    return { token: this.#token, adminToken: this.#adminToken, refusing: this.#refusing };
  }

  lineFor = (flavor: string): string => pressureLine(this.flavors.pressures(flavor));

  setPressure(flavor: string, pressure: number): void {
    this.flavors.setPressure(flavor, pressure);
    this.streams.changed(this.lineFor);
  }

  addFlavor(flavor: PlannerFakeFlavor): void {
    this.flavors.add(flavor);
    this.streams.changed(this.lineFor);
  }

  removeFlavor(name: string): void {
    if (!this.flavors.remove(name)) throw new PlannerFakeError(`the planner fake has no flavor "${name}"`);
    this.streams.changed(this.lineFor);
  }

  dropStreams(mode: DropMode = "eof"): void {
    this.streams.drop(mode);
  }

  stallStreams(): void {
    this.streams.stall();
  }

  sendEmpty(): void {
    this.streams.sendEmpty();
  }

  refuseAuth(on: boolean): void {
    this.#refusing = on;
  }

  heartbeat(): void {
    this.streams.heartbeat(this.lineFor);
  }

  state(): PlannerFakeState {
    const all = this.flavors.pressures("_");
    return {
      flavors: this.flavors.list().map((f) => ({ ...f, reported: all.get(f.name) ?? 0 })),
      openStreams: this.streams.size,
      refusingAuth: this.#refusing,
    };
  }

  close(): void {
    clearInterval(this.#ticker);
    this.streams.closeAll();
  }
}

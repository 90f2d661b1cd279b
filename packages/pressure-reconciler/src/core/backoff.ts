import type { RandomSource } from "./clock.js";

/**
 * Exponential backoff with jitter: the n-th delay is drawn from [base/2, base], base doubling
 * from `initialMs` up to `maxMs`. The lower half is never skipped, so a server that closes every
 * stream at once cannot cause a hot reconnect loop (the reference reconnects at once after EOF).
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: RandomSource;
  #attempt = 0;

  constructor(initialMs: number, maxMs: number, random: RandomSource) {
    this.#initialMs = initialMs;
    this.#maxMs = Math.max(maxMs, initialMs);
    this.#random = random;
  }

  /** The delay before the next attempt. */
  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * 2 ** this.#attempt);
    if (base < this.#maxMs) this.#attempt++;
    return base / 2 + this.#random() * (base / 2);
  }

  /** The longest delay, for failures that retrying soon cannot fix (a refused token). */
  longest(): number {
    return this.#maxMs / 2 + this.#random() * (this.#maxMs / 2);
  }

  /** Back to the first delay: called after the first good line of a new stream. */
  reset(): void {
    this.#attempt = 0;
  }
}

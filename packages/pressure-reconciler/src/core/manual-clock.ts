import type { Clock } from "./clock.js";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told, for tests: timers fire in order during advance(). */
export class ManualClock implements Clock {
  #now = 0;
  #seq = 0;
  #timers: Timer[] = [];

  now(): number {
    return this.#now;
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers still waiting, for assertions on what is scheduled. */
  pendingDelays(): number[] {
    return this.#live().map((t) => t.at - this.#now);
  }

  /** Moves time forward by `ms`, firing each timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#live()
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.#now = next.at;
      next.cancelled = true;
      next.callback();
    }
    this.#now = end;
  }

  #live(): Timer[] {
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    return this.#timers;
  }
}

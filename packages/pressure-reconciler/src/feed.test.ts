import type { PressureStreamEvent } from "@garm-charms/planner-client";
import { PlannerAuthError, PlannerUnreachableError } from "@garm-charms/planner-client";
import { describe, expect, it, vi } from "vitest";
import type { PressureSource } from "./adapters/pressure-source.js";
import { Backoff } from "./core/backoff.js";
import { ManualClock } from "./core/manual-clock.js";
import { runFeed } from "./feed.js";
import { memoryLogger } from "./logger.js";
import { MetricsState } from "./metrics.js";

const pressure = (value: number): PressureStreamEvent => {
  const pressures = new Map([["small", value]]);
  return { kind: "pressure", pressures, changed: pressures, since: undefined };
};
const CONNECTED: PressureStreamEvent = { kind: "connected" };
const EOF: PressureStreamEvent = { kind: "end", reason: "eof" };

/** A source whose n-th connection yields the n-th script (the last one repeats). */
function scripted(scripts: PressureStreamEvent[][]) {
  let opened = 0;
  const closed: number[] = [];
  const source: PressureSource = {
    open: () =>
      (async function* () {
        const index = opened++;
        try {
          yield* scripts[Math.min(index, scripts.length - 1)]!;
        } finally {
          closed.push(index);
        }
      })(),
    close: () => Promise.resolve(),
  };
  return { source, opened: () => opened, closed };
}

function feed(scripts: PressureStreamEvent[][]) {
  const clock = new ManualClock();
  const script = scripted(scripts);
  const metrics = new MetricsState();
  const seen: number[] = [];
  const events = { lost: 0, authRefused: 0 };
  const abort = new AbortController();
  const done = runFeed(
    {
      source: () => script.source,
      clock,
      backoff: new Backoff(1000, 8000, () => 0),
      log: memoryLogger(),
      metrics,
      onPressure: (p) => seen.push(p.get("small")!),
      onLost: () => events.lost++,
      onAuthRefused: () => events.authRefused++,
    },
    abort.signal,
  );
  return { clock, script, metrics, seen, events, abort, done };
}

/** Lets the feed's promise chain run until it waits on the clock again. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("the pressure feed", () => {
  it("clean EOF: holds, then reconnects after a backoff that grows, not in a hot loop", async () => {
    const f = feed([[CONNECTED, EOF]]);
    await settle();
    expect(f.script.opened()).toBe(1);
    expect(f.events.lost).toBe(1);
    expect(f.clock.pendingDelays()).toEqual([500]);
    f.clock.advance(499);
    await settle();
    expect(f.script.opened()).toBe(1);
    f.clock.advance(1);
    await settle();
    expect(f.script.opened()).toBe(2);
    expect(f.clock.pendingDelays()).toEqual([1000]);
    expect(f.metrics.streamReconnects).toBe(2);
    f.abort.abort();
    await f.done;
  });

  it("a {} line: closes the stream, holds and reconnects", async () => {
    const f = feed([
      [CONNECTED, pressure(3), { kind: "empty" }, pressure(9)],
      [CONNECTED, pressure(4)],
    ]);
    await settle();
    expect(f.seen).toEqual([3]);
    expect(f.script.closed).toEqual([0]);
    expect(f.events.lost).toBe(1);
    f.clock.advance(500);
    await settle();
    expect(f.seen).toEqual([3, 4]);
    f.abort.abort();
    await f.done;
  });

  it("the first good line of a new stream resets the backoff", async () => {
    const error: PressureStreamEvent = {
      kind: "error",
      error: new PlannerUnreachableError("GET x", "reset", "reset"),
    };
    const f = feed([[error], [error], [CONNECTED, pressure(1), EOF]]);
    await settle();
    f.clock.advance(500);
    await settle();
    expect(f.clock.pendingDelays()).toEqual([1000]);
    f.clock.advance(1000);
    await settle();
    expect(f.seen).toEqual([1]);
    expect(f.clock.pendingDelays()).toEqual([500]);
    f.abort.abort();
    await f.done;
  });

  it("a refused token: asks for the config to be re-read and retries slowly", async () => {
    const f = feed([[{ kind: "error", error: new PlannerAuthError("GET x", 401, "unauthorized") }]]);
    await settle();
    expect(f.events.authRefused).toBe(1);
    expect(f.clock.pendingDelays()).toEqual([4000]);
    f.abort.abort();
    await f.done;
  });

  it("a bad line is skipped; the stream goes on", async () => {
    const bad: PressureStreamEvent = {
      kind: "bad-line",
      problem: 'flavor "small" has pressure 1.5',
      badLines: 1,
    };
    const f = feed([[CONNECTED, pressure(1), bad, pressure(2)]]);
    await settle();
    expect(f.seen).toEqual([1, 2]);
    f.abort.abort();
    await f.done;
  });

  it("stops at once when aborted while waiting to reconnect", async () => {
    const f = feed([[CONNECTED, EOF]]);
    await settle();
    f.abort.abort();
    await vi.waitFor(() => f.done);
    expect(f.script.opened()).toBe(1);
  });
});

import { startPlannerFake } from "@garm-charms/planner-fake";
import type { PlannerFake } from "@garm-charms/planner-fake";
import { afterEach, describe, expect, it } from "vitest";
import { PlannerClient } from "./client.js";
import type { PlannerClientOptions } from "./client.js";
import {
  PlannerAuthError,
  PlannerNotFoundError,
  PlannerProtocolError,
  PlannerUnreachableError,
} from "./errors.js";
import type { PressureStreamEvent } from "./stream.js";
import { drain, ndjsonHead, pressuresOf, reader, scriptedServer } from "./test-support.js";
import type { ScriptedServer } from "./test-support.js";

const TOKEN = "q0E8mYvZ1k3rT6wXb9pLs2dF5hJ7nC4aG0uV8iO3eR1";
let fake: PlannerFake | undefined;
let scripted: ScriptedServer | undefined;
const clients: PlannerClient[] = [];
const controllers: AbortController[] = [];

async function startFake(prefix?: string): Promise<PlannerFake> {
  fake = await startPlannerFake({ token: TOKEN, prefix, flavors: [{ name: "small", pressure: 2 }, "large"] });
  return fake;
}

function client(endpoint: string, options: Partial<PlannerClientOptions> = {}): PlannerClient {
  const made = new PlannerClient({ endpoint, token: TOKEN, ...options });
  clients.push(made);
  return made;
}

/** A signal the test tears down, so no stream outlives its test. */
function signal(): AbortSignal {
  const controller = new AbortController();
  controllers.push(controller);
  return controller.signal;
}

function errorOf(event: PressureStreamEvent): Error {
  if (event.kind !== "error") throw new Error(`expected an error event, got ${event.kind}`);
  return event.error;
}

afterEach(async () => {
  for (const controller of controllers.splice(0)) controller.abort();
  for (const made of clients.splice(0)) await made.close();
  await fake?.close();
  await scripted?.close();
  fake = undefined;
  scripted = undefined;
});

describe("pressure stream against the planner fake", () => {
  it("streams every flavor on one connection: connected, the current line, then changes", async () => {
    const f = await startFake();
    const next = reader(client(f.url).streamPressure({ signal: signal() }));
    expect(await next()).toEqual({ kind: "connected" });
    expect(pressuresOf(await next())).toEqual({ large: 0, small: 2 });
    f.setPressure("small", 5);
    expect(pressuresOf(await next())).toEqual({ large: 0, small: 5 });
    f.heartbeat();
    expect(pressuresOf(await next())).toEqual({ large: 0, small: 5 });
    expect(f.state().openStreams).toBe(1);
  });

  it("follows one flavor when asked", async () => {
    const f = await startFake();
    const next = reader(client(f.url).streamPressure({ flavor: "small", signal: signal() }));
    await next();
    expect(pressuresOf(await next())).toEqual({ small: 2 });
  });

  it("keeps an ingress path prefix", async () => {
    const f = await startFake("/planner/");
    const next = reader(client(`${f.url}/`).streamPressure({ signal: signal() }));
    expect((await next()).kind).toBe("connected");
    expect(pressuresOf(await next())).toEqual({ large: 0, small: 2 });
  });

  it("reports a {} line as empty and goes on", async () => {
    const f = await startFake();
    const stream = client(f.url).streamPressure({ signal: signal() });
    const next = reader(stream);
    await next();
    await next();
    f.sendEmpty();
    expect(await next()).toEqual({ kind: "empty" });
    f.setPressure("large", 1);
    expect(pressuresOf(await next())).toEqual({ large: 1, small: 2 });
    expect([stream.lines, stream.badLines]).toEqual([3, 0]);
  });

  it("reports {} when the followed flavor is deleted mid-stream", async () => {
    const f = await startFake();
    const next = reader(client(f.url).streamPressure({ flavor: "small", signal: signal() }));
    await next();
    await next();
    f.removeFlavor("small");
    expect(await next()).toEqual({ kind: "empty" });
  });

  it("ends with eof when the planner closes the stream cleanly", async () => {
    const f = await startFake();
    const next = reader(client(f.url).streamPressure({ signal: signal() }));
    await next();
    await next();
    f.dropStreams();
    expect(await next()).toEqual({ kind: "end", reason: "eof" });
  });

  it("ends with an unreachable error when the connection is reset", async () => {
    const f = await startFake();
    const next = reader(client(f.url).streamPressure({ signal: signal() }));
    await next();
    await next();
    f.dropStreams("reset");
    const error = errorOf(await next());
    expect([error.constructor, (error as PlannerUnreachableError).reason]).toEqual([
      PlannerUnreachableError,
      "reset",
    ]);
  });

  it("gives up a stalled stream after the idle timeout", async () => {
    const f = await startFake();
    const next = reader(client(f.url, { idleTimeoutMs: 300 }).streamPressure({ signal: signal() }));
    await next();
    await next();
    f.stallStreams();
    f.setPressure("small", 9);
    const started = Date.now();
    const error = errorOf(await next());
    expect((error as PlannerUnreachableError).reason).toBe("idle-timeout");
    expect(error.message).toMatch(/no data for 300 ms \(idle timeout\)$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it("takes a per-stream idle timeout over the client's", async () => {
    const f = await startFake();
    const stream = client(f.url).streamPressure({ idleTimeoutMs: 200, signal: signal() });
    const next = reader(stream);
    await next();
    await next();
    f.stallStreams();
    expect((errorOf(await next()) as PlannerUnreachableError).reason).toBe("idle-timeout");
  });

  it("ends with PlannerAuthError on 401, the token in no message", async () => {
    const f = await startFake();
    f.refuseAuth(true);
    const events = await drain(client(f.url).streamPressure());
    expect(events).toHaveLength(1);
    const error = errorOf(events[0]!);
    expect(error).toBeInstanceOf(PlannerAuthError);
    expect(error.message).not.toContain(TOKEN);
  });

  it("ends with PlannerNotFoundError for an unknown flavor", async () => {
    const f = await startFake();
    const [event] = await drain(client(f.url).streamPressure({ flavor: "nope" }));
    expect(errorOf(event!)).toBeInstanceOf(PlannerNotFoundError);
  });

  it("ends with aborted when the caller's signal fires, and closes the connection", async () => {
    const f = await startFake();
    const controller = new AbortController();
    const next = reader(client(f.url).streamPressure({ signal: controller.signal }));
    await next();
    await next();
    const pending = next();
    controller.abort();
    expect(await pending).toEqual({ kind: "end", reason: "aborted" });
    await expect.poll(() => f.state().openStreams).toBe(0);
  });

  it("closes the connection when the caller stops reading", async () => {
    const f = await startFake();
    for await (const event of client(f.url).streamPressure()) {
      if (event.kind === "pressure") break;
    }
    await expect.poll(() => f.state().openStreams).toBe(0);
  });

  it("is read once; reconnecting is a new stream", async () => {
    const f = await startFake();
    const stream = client(f.url).streamPressure({ signal: signal() });
    await reader(stream)();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/read once/);
  });
});

describe("pressure stream: lines the fake never sends", () => {
  it("counts and skips bad lines, never throwing, and keeps reading", async () => {
    scripted = await scriptedServer((_req, res) => {
      ndjsonHead(res);
      res.end(
        [
          '{"small":1}',
          "heartbeat",
          "",
          '{"small":1.5}',
          '{"small":-2}',
          "[3]",
          '{"small":"4"}',
          '{"small":5}',
          "",
        ].join("\n"),
      );
    });
    const stream = client(scripted.url).streamPressure();
    const events = await drain(stream);
    expect(events.map((e) => (e.kind === "bad-line" ? `bad ${e.badLines}` : pressuresOf(e)))).toEqual([
      "connected",
      { small: 1 },
      "bad 1",
      "bad 2",
      "bad 3",
      "bad 4",
      "bad 5",
      { small: 5 },
      "end",
    ]);
    expect([stream.lines, stream.badLines]).toEqual([2, 5]);
  });

  it("reassembles lines split across chunks", async () => {
    scripted = await scriptedServer((_req, res) => {
      ndjsonHead(res);
      res.write('{"lar');
      setTimeout(() => res.write('ge":3,"small"'), 20);
      setTimeout(() => res.end(':4}\n{"large":0,"small":0}\n'), 40);
    });
    const events = await drain(client(scripted.url).streamPressure());
    expect(events.map(pressuresOf)).toEqual([
      "connected",
      { large: 3, small: 4 },
      { large: 0, small: 0 },
      "end",
    ]);
  });

  it("marks a line cut off by the end of the stream as bad", async () => {
    scripted = await scriptedServer((_req, res) => {
      ndjsonHead(res);
      res.end('{"small":1}\n{"small":');
    });
    const events = await drain(client(scripted.url).streamPressure());
    expect(events.map((e) => e.kind)).toEqual(["connected", "pressure", "bad-line", "end"]);
  });

  it("skips an overlong line without buffering it whole", async () => {
    scripted = await scriptedServer((_req, res) => {
      ndjsonHead(res);
      res.end(`{"small":${"1".repeat(200)}}\n{"small":2}\n`);
    });
    const events = await drain(client(scripted.url, { maxLineChars: 64 }).streamPressure());
    expect(events.map((e) => (e.kind === "bad-line" ? e.problem : pressuresOf(e)))).toEqual([
      "connected",
      "a line longer than the limit",
      { small: 2 },
      "end",
    ]);
  });

  it("redacts the token from a bad line it quotes", async () => {
    scripted = await scriptedServer((req, res) => {
      ndjsonHead(res);
      res.end(`echo ${req.headers.authorization}\n`);
    });
    const [, bad] = await drain(client(scripted.url).streamPressure());
    expect(bad?.kind === "bad-line" && bad.problem).toBe('not JSON: "echo Bearer [token]"');
  });

  it("refuses a 200 that is not an NDJSON stream", async () => {
    scripted = await scriptedServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html>"),
    );
    const [event] = await drain(client(scripted.url).streamPressure());
    const error = errorOf(event!);
    expect(error).toBeInstanceOf(PlannerProtocolError);
    expect(error.message).toMatch(/a stream answered with text\/html, not application\/x-ndjson$/);
  });

  it("asks for the all-flavors stream with the bearer token", async () => {
    let path = "";
    scripted = await scriptedServer((req, res) => {
      path = req.url ?? "";
      ndjsonHead(res);
      res.end();
    });
    await drain(client(`${scripted.url}/prefix`).streamPressure());
    expect(path).toBe("/prefix/api/v1/flavors/_/pressure?stream=true");
    expect(scripted.authorizations).toEqual([`Bearer ${TOKEN}`]);
  });
});

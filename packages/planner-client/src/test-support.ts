/** Helpers for this package's tests: a scripted HTTP server and stream event readers. */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PressureStream, PressureStreamEvent } from "./stream.js";

export interface ScriptedServer {
  readonly url: string;
  /** The Authorization headers received, in order. */
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** A loopback server answering every request with `handler`, for what the fake never sends. */
export async function scriptedServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<ScriptedServer> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts an NDJSON answer as the planner does. */
export function ndjsonHead(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-cache" });
}

/** Pulls events one at a time from a stream. */
export function reader(stream: PressureStream): () => Promise<PressureStreamEvent> {
  const iterator = stream[Symbol.asyncIterator]();
  return async () => {
    const result = await iterator.next();
    if (result.done === true) throw new Error("the stream has no more events");
    return result.value;
  };
}

/** Reads every event up to and including the terminal one. */
export async function drain(stream: PressureStream): Promise<PressureStreamEvent[]> {
  const events: PressureStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** A pressure event's map as a plain object, for readable assertions. */
export function pressuresOf(event: PressureStreamEvent): Record<string, number> | string {
  return event.kind === "pressure" ? Object.fromEntries(event.pressures) : event.kind;
}

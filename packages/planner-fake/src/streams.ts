import type { ServerResponse } from "node:http";

/** How `dropStreams` ends a stream: a clean end of the chunked body, or a reset connection. */
export type DropMode = "eof" | "reset";

interface OpenStream {
  readonly res: ServerResponse;
  /** The flavor in the URL (`_` for all). */
  readonly flavor: string;
  /** The last line written, which the planner's dedup compares against. */
  last: string;
  /** A stalled stream keeps its connection and never writes again. */
  stalled: boolean;
}

/** Renders the current pressure line for a stream's flavor. */
export type LineFor = (flavor: string) => string;

/** The open `?stream=true` responses and what the planner writes to them. */
export class StreamHub {
  readonly #streams = new Set<OpenStream>();

  get size(): number {
    return this.#streams.size;
  }

  /** Registers a stream whose headers are sent, then writes its first line at once. */
  open(res: ServerResponse, flavor: string, firstLine: string): void {
    const stream: OpenStream = { res, flavor, last: firstLine, stalled: false };
    this.#streams.add(stream);
    res.on("close", () => this.#streams.delete(stream));
    res.write(firstLine);
  }

  /** A pressure change: each stream gets a line only if it differs from the last one it got. */
  changed(lineFor: LineFor): void {
    for (const stream of this.#live()) {
      const line = lineFor(stream.flavor);
      if (line !== stream.last) this.#write(stream, line);
    }
  }

  /** A heartbeat tick: the current line, re-sent even when unchanged. */
  heartbeat(lineFor: LineFor): void {
    for (const stream of this.#live()) this.#write(stream, lineFor(stream.flavor));
  }

  /** Writes `{}` (what a deleted flavor looks like mid-stream) to every live stream. */
  sendEmpty(): void {
    for (const stream of this.#live()) this.#write(stream, "{}\n");
  }

  drop(mode: DropMode): void {
    for (const stream of this.#streams) {
      if (mode === "reset") stream.res.socket?.destroy();
      else stream.res.end();
      this.#streams.delete(stream);
    }
  }

  /** Freezes every open stream: connection held, nothing written, until the client gives up. */
  stall(): void {
    for (const stream of this.#streams) stream.stalled = true;
  }

  closeAll(): void {
    this.drop("reset");
  }

  *#live(): Generator<OpenStream> {
    for (const stream of this.#streams) if (!stream.stalled) yield stream;
  }

  #write(stream: OpenStream, line: string): void {
    stream.last = line;
    stream.res.write(line);
  }
}

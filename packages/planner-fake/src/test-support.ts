/** Raw-HTTP helpers for this package's tests: exact bytes and headers, no client in the way. */
import { request } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** An open response whose body is kept as it arrives. */
export interface RawStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body so far, exact bytes (as UTF-8). */
  text(): string;
  /** Resolves with the n-th line (0-based, newline included) once it has arrived. */
  line(index: number): Promise<string>;
  /** How the response ended: a clean end of the body, or a broken connection. */
  readonly ended: Promise<"end" | "error">;
  close(): void;
}

export function openRawStream(url: string, headers: Record<string, string>): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => resolve(wrapStream(res, () => req.destroy())));
    req.on("error", reject);
    req.end();
  });
}

function wrapStream(res: IncomingMessage, close: () => void): RawStream {
  let body = "";
  const waiters: (() => void)[] = [];
  res.on("data", (chunk: Buffer) => {
    body += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  let done = false;
  const ended = new Promise<"end" | "error">((resolve) => {
    const finish = (how: "end" | "error") => {
      done = true;
      for (const wake of waiters.splice(0)) wake();
      resolve(how);
    };
    res.on("end", () => finish("end"));
    res.on("error", () => finish("error"));
    res.on("aborted", () => finish("error"));
  });
  const complete = () => body.split(/(?<=\n)/).filter((l) => l.endsWith("\n"));
  const line = async (index: number): Promise<string> => {
    while (complete().length <= index) {
      if (done) throw new Error(`the stream ended before line ${index}: ${JSON.stringify(body)}`);
      await new Promise<void>((wake) => waiters.push(wake));
    }
    return complete()[index]!;
  };
  return { status: res.statusCode ?? 0, headers: res.headers, text: () => body, line, ended, close };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

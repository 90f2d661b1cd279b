/**
 * The `garm` executable's access log: one line per request on stdout, in the shape of GARM's own
 * slog `access_log` line (a real GARM logs every API request), so an operator of the local model
 * (or the demo) can see what a charm asked of GARM. Method, path and status only: never a body,
 * header or query string, which is where passwords and tokens travel.
 */
import type { RecordedRequest } from "../recorder.js";

export function accessLogLine(request: RecordedRequest, at: Date = new Date()): string {
  return `time=${at.toISOString()} level=INFO msg=access_log method=${request.method} uri=${request.path} code=${String(request.status)}\n`;
}

export function writeAccessLog(request: RecordedRequest): void {
  process.stdout.write(accessLogLine(request));
}

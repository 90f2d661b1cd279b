/**
 * Typed errors for everything that can go wrong talking to Pebble. Messages name the request and
 * what to check; they never carry file contents or other payload bytes.
 */

/** Base class: `catch (e) { if (e instanceof PebbleError) ... }` catches every Pebble failure. */
export class PebbleError extends Error {
  override readonly name: string = "PebbleError";
}

/** The socket is missing, refuses connections, or dropped the connection mid-request. */
export class PebbleConnectionError extends PebbleError {
  override readonly name = "PebbleConnectionError";
  constructor(
    readonly socketPath: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`cannot reach Pebble at ${socketPath}: ${detail}`);
  }
}

/** A request, or waiting for a change, took longer than allowed. */
export class PebbleTimeoutError extends PebbleError {
  override readonly name = "PebbleTimeoutError";
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`Pebble ${operation} did not finish within ${String(timeoutMs)} ms`);
  }
}

/** Pebble answered with an error envelope (`{"type":"error", ...}`). */
export class PebbleApiError extends PebbleError {
  override readonly name: string = "PebbleApiError";
  constructor(
    readonly operation: string,
    readonly statusCode: number,
    /** Pebble's error kind (`not-found`, `permission-denied`, ...); undefined when Pebble sets none. */
    readonly kind: string | undefined,
    readonly apiMessage: string,
  ) {
    super(`Pebble ${operation} failed (${String(statusCode)}${kind ? `, ${kind}` : ""}): ${apiMessage}`);
  }
}

/** `wait` (and then `GET /v1/changes/{id}`) answered 404: Pebble does not know this change id. */
export class PebbleChangeNotFoundError extends PebbleApiError {
  override readonly name = "PebbleChangeNotFoundError";
  constructor(
    readonly changeId: string,
    apiMessage: string,
  ) {
    super(`change ${changeId}`, 404, "not-found", apiMessage);
    this.message = `Pebble has no change with id ${changeId} (${apiMessage}); it may have been pruned, or the id is wrong`;
  }
}

/** A change finished with an error: `err` is Pebble's summary of the failed tasks. */
export class PebbleChangeError extends PebbleError {
  override readonly name = "PebbleChangeError";
  constructor(
    readonly changeId: string,
    readonly kind: string,
    readonly err: string,
  ) {
    super(`Pebble change ${changeId} (${kind}) failed: ${err}`);
  }
}

/** One path of a file request failed; the request as a whole answered 200. */
export class PebblePathError extends PebbleError {
  override readonly name = "PebblePathError";
  constructor(
    readonly operation: string,
    readonly path: string,
    readonly kind: string | undefined,
    readonly apiMessage: string,
  ) {
    super(`Pebble ${operation} ${path} failed${kind ? ` (${kind})` : ""}: ${apiMessage}`);
  }
}

/** Pebble's answer does not have the documented shape (a Pebble version we do not understand). */
export class PebbleProtocolError extends PebbleError {
  override readonly name = "PebbleProtocolError";
  constructor(
    readonly operation: string,
    detail: string,
  ) {
    super(`unexpected answer from Pebble ${operation}: ${detail}`);
  }
}

/** A pulled file is not valid UTF-8; pull it with `encoding: null` to get the bytes. */
export class PebbleEncodingError extends PebbleError {
  override readonly name = "PebbleEncodingError";
  constructor(readonly path: string) {
    super(`file ${path} is not valid UTF-8; pull it with { encoding: null } to read raw bytes`);
  }
}

/** A layer or argument was rejected before anything was sent to Pebble. */
export class PebbleRequestError extends PebbleError {
  override readonly name = "PebbleRequestError";
}

/**
 * The errors a GARM call can end in. Every message names the call (method and path) and what
 * GARM said, never a request body: bodies carry passwords, private keys, PATs and tokens.
 */

/** The request as an error message names it: method and path, without query values. */
export interface GarmCallDescription {
  readonly method: string;
  readonly path: string;
}

function describeCall(call: GarmCallDescription): string {
  return `${call.method} ${call.path}`;
}

/**
 * GARM answered with a well-formed error (4xx). `code` is GARM's `error` field
 * (`init_required`, `urls_required`, `Not Found`, `Conflict`, ...), `details` its `details`.
 */
export class GarmApiError extends Error {
  override readonly name = "GarmApiError";
  readonly status: number;
  readonly code: string;
  readonly details: string;
  readonly call: GarmCallDescription;

  constructor(call: GarmCallDescription, status: number, code: string, details: string) {
    const said = details === "" ? code : `${code}: ${details}`;
    super(`GARM rejected ${describeCall(call)} with HTTP ${status} (${said === "" ? "no details" : said})`);
    this.status = status;
    this.code = code;
    this.details = details;
    this.call = call;
  }

  /** GARM has no admin user yet: run first-run. */
  get isInitRequired(): boolean {
    return this.status === 409 && this.code === "init_required";
  }

  /** GARM's controller has no metadata/callback URLs yet: update the controller. */
  get isUrlsRequired(): boolean {
    return this.status === 409 && this.code === "urls_required";
  }

  /** Missing, expired or wrong credentials or token: log in again. */
  get isUnauthorised(): boolean {
    return this.status === 401 || this.status === 403;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** A duplicate or a state conflict; the two 409 gates above are not conflicts. */
  get isConflict(): boolean {
    return this.status === 409 && !this.isInitRequired && !this.isUrlsRequired;
  }

  get isBadRequest(): boolean {
    return this.status === 400;
  }
}

/** Why GARM could not be reached or could not answer. */
export type GarmUnavailableReason = "timeout" | "reset" | "refused" | "server-error" | "network";

/**
 * GARM did not answer usefully: connection refused or reset, no answer within the timeout, or a
 * 5xx. Reads are retried before this is thrown; the caller may retry the whole operation later.
 */
export class GarmUnavailableError extends Error {
  override readonly name = "GarmUnavailableError";
  readonly reason: GarmUnavailableReason;
  /** The HTTP status for `server-error`, otherwise undefined. */
  readonly status: number | undefined;
  /** GARM's `error` and `details` for a `server-error` with a JSON body, otherwise empty. */
  readonly code: string;
  readonly details: string;
  readonly call: GarmCallDescription;

  constructor(
    call: GarmCallDescription,
    reason: GarmUnavailableReason,
    explanation: string,
    server?: { status: number; code: string; details: string },
  ) {
    super(`GARM unavailable for ${describeCall(call)}: ${explanation}`);
    this.reason = reason;
    this.status = server?.status;
    this.code = server?.code ?? "";
    this.details = server?.details ?? "";
    this.call = call;
  }
}

/** GARM answered 2xx with a body this client cannot read (a version skew or a proxy in the way). */
export class GarmProtocolError extends Error {
  override readonly name = "GarmProtocolError";
  readonly call: GarmCallDescription;

  constructor(call: GarmCallDescription, problem: string) {
    super(`GARM's answer to ${describeCall(call)} is not what this client understands: ${problem}`);
    this.call = call;
  }
}

/**
 * The caller asked for something GARM would reject or mishandle (GARM answers some invalid
 * scale-set parameters with a 500 after touching GitHub), so the client refuses before sending.
 */
export class GarmRequestInvalidError extends Error {
  override readonly name = "GarmRequestInvalidError";
}

/**
 * The errors a planner call can end in. Each message is one line naming the call (method and
 * URL without credentials or query) and what went wrong; none ever contains the token.
 */

export type PlannerErrorKind = "auth-refused" | "not-found" | "unreachable" | "protocol" | "invalid-request";

/** Common base, so a caller can catch every planner failure at once and switch on `kind`. */
export abstract class PlannerError extends Error {
  abstract readonly kind: PlannerErrorKind;
  /** `GET http://planner:8080/api/v1/flavors/_/pressure`; empty before a request exists. */
  readonly call: string;

  constructor(call: string, message: string) {
    super(message);
    this.call = call;
  }
}

/** 401 (token wrong, revoked or deleted) or 400 `invalid authorization header`. */
export class PlannerAuthError extends PlannerError {
  override readonly name = "PlannerAuthError";
  readonly kind = "auth-refused";
  readonly status: number;

  constructor(call: string, status: number, said: string) {
    super(
      call,
      `planner refused the token for ${call} (HTTP ${status}${quote(said)}): ` +
        "check the token secret the planner relation carries",
    );
    this.status = status;
  }
}

/** 404: the flavor does not exist (or is not a `github` flavor). */
export class PlannerNotFoundError extends PlannerError {
  override readonly name = "PlannerNotFoundError";
  readonly kind = "not-found";
  readonly status = 404;

  constructor(call: string, said: string) {
    super(call, `planner has no such flavor for ${call} (HTTP 404${quote(said)})`);
  }
}

/** Why the planner gave no usable answer. */
export type PlannerUnreachableReason =
  "refused" | "reset" | "timeout" | "idle-timeout" | "server-error" | "network";

/** Connection refused or reset, a timeout (including a silent stream), or a 5xx. Retry later. */
export class PlannerUnreachableError extends PlannerError {
  override readonly name = "PlannerUnreachableError";
  readonly kind = "unreachable";
  readonly reason: PlannerUnreachableReason;
  /** The HTTP status for `server-error`. */
  readonly status: number | undefined;

  constructor(call: string, reason: PlannerUnreachableReason, explanation: string, status?: number) {
    super(call, `planner unreachable for ${call}: ${explanation}`);
    this.reason = reason;
    this.status = status;
  }
}

/** An answer this client cannot read: an unexpected status, content type or body. */
export class PlannerProtocolError extends PlannerError {
  override readonly name = "PlannerProtocolError";
  readonly kind = "protocol";
  readonly status: number | undefined;

  constructor(call: string, problem: string, status?: number) {
    super(call, `planner's answer to ${call} is not what this client understands: ${problem}`);
    this.status = status;
  }
}

/** The caller asked for something that cannot be sent (bad endpoint, token or flavor name). */
export class PlannerRequestInvalidError extends PlannerError {
  override readonly name = "PlannerRequestInvalidError";
  readonly kind = "invalid-request";

  constructor(problem: string) {
    super("", `invalid planner request: ${problem}`);
  }
}

function quote(said: string): string {
  return said === "" ? "" : ` ${JSON.stringify(said)}`;
}

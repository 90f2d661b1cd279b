/**
 * The one GARM error policy of the charm, used by bootstrap, the object reconcile and the status:
 *
 * - `transient`: GARM did not answer, answered an error, or answered something the client could
 *   not read. The hook survives it and a later hook retries (status `waiting`).
 * - `operator`: the charm refused to send a request GARM would mishandle; only a change of the
 *   operator's input clears it (status `blocked`).
 * - `bug`: anything else. It propagates, so the hook fails loudly.
 *
 * A 5xx or a timeout on one call does not mean GARM is down: GARM passes GitHub's failures on as a
 * bare 500 and hangs while GitHub hangs. `garmAnswers` asks GARM itself before concluding that.
 */
import {
  GarmApiError,
  GarmProtocolError,
  GarmRequestInvalidError,
  GarmUnavailableError,
  type GarmClient,
} from "@garm-charms/garm-client";

export type GarmFailure = GarmApiError | GarmUnavailableError | GarmProtocolError | GarmRequestInvalidError;

export type GarmFailurePolicy = "transient" | "operator" | "bug";

export function garmFailurePolicy(error: unknown): GarmFailurePolicy {
  if (error instanceof GarmRequestInvalidError) return "operator";
  if (
    error instanceof GarmApiError ||
    error instanceof GarmUnavailableError ||
    error instanceof GarmProtocolError
  ) {
    return "transient";
  }
  return "bug";
}

/** A failure the hook survives (transient or operator-fixable). */
export function isGarmFailure(error: unknown): error is GarmFailure {
  return garmFailurePolicy(error) !== "bug";
}

/** The status a surviving failure leads to. */
export function failureSeverity(policy: Exclude<GarmFailurePolicy, "bug">): "waiting" | "blocked" {
  return policy === "operator" ? "blocked" : "waiting";
}

/** A failure the hook survives: the one-line reason and the status it leads to. */
export interface SurvivedGarmFailure {
  readonly reason: string;
  readonly severity: "waiting" | "blocked";
}

/** Judges `error` by the policy: a surviving failure's reason and severity; a bug is rethrown. */
export function survivedGarmFailure(error: unknown): SurvivedGarmFailure {
  const policy = garmFailurePolicy(error);
  if (policy === "bug") throw error;
  return { reason: describeGarmFailure(error), severity: failureSeverity(policy) };
}

/** GARM did not answer the call usefully (refused, reset, timed out, or a 5xx). */
export function isNoAnswer(error: unknown): error is GarmUnavailableError {
  return error instanceof GarmUnavailableError;
}

/**
 * Whether GARM itself answers: one cheap authenticated read. Call it after a call ended without
 * an answer; only when this is false is GARM down.
 */
export async function garmAnswers(client: GarmClient): Promise<boolean> {
  try {
    await client.controller();
    return true;
  } catch (error) {
    if (isNoAnswer(error)) return false;
    // Any well-formed answer, even an error, is GARM answering.
    if (isGarmFailure(error)) return true;
    throw error;
  }
}

/**
 * A one-line reason for a GARM failure. GARM client errors name the call and GARM's answer, never
 * a request body, so they carry no credentials.
 */
export function describeGarmFailure(error: unknown): string {
  if (error instanceof GarmApiError && error.isUrlsRequired) {
    return "GARM still requires its controller URLs (409 urls_required)";
  }
  if (error instanceof GarmApiError && error.isUnauthorised && error.call.path.endsWith("/auth/login")) {
    return "GARM refused the admin credentials (401 on login)";
  }
  if (isGarmFailure(error)) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return "unexpected failure";
}

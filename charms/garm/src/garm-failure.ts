/**
 * GARM failures a hook survives: GARM answered with an error, did not answer, or answered
 * something the client could not read. Anything else is a bug and propagates.
 */
import { GarmApiError, GarmProtocolError, GarmUnavailableError } from "@garm-charms/garm-client";

export type GarmFailure = GarmApiError | GarmUnavailableError | GarmProtocolError;

export function isGarmFailure(error: unknown): error is GarmFailure {
  return (
    error instanceof GarmApiError ||
    error instanceof GarmUnavailableError ||
    error instanceof GarmProtocolError
  );
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

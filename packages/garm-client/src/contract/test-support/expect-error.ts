import { expect } from "vitest";
import { GarmApiError, GarmUnavailableError } from "../../errors.js";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value: unknown) => {
      throw new Error(`expected the call to fail, it answered ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

/** The GarmApiError the call fails with (the test fails if it succeeds or fails otherwise). */
export async function apiError(promise: Promise<unknown>): Promise<GarmApiError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(GarmApiError);
  return err as GarmApiError;
}

export async function unavailableError(promise: Promise<unknown>): Promise<GarmUnavailableError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(GarmUnavailableError);
  return err as GarmUnavailableError;
}

export async function anyError(promise: Promise<unknown>): Promise<unknown> {
  return rejection(promise);
}

/**
 * The GarmApiError of each call, started one at a time. Starting several calls together and
 * awaiting them in turn leaves the later ones' rejections unobserved while the first is awaited:
 * an unhandled rejection that fails the whole run.
 */
export async function apiErrorsInTurn(calls: readonly (() => Promise<unknown>)[]): Promise<GarmApiError[]> {
  const errors: GarmApiError[] = [];
  for (const call of calls) errors.push(await apiError(call()));
  return errors;
}

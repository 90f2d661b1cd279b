/**
 * How a fake hook tool fails, mirroring `juju/cmd`: usage errors (bad flags or arguments, found
 * while parsing) exit 2, errors found while running exit 1, and stderr reads `ERROR <message>`.
 */
export class HookToolFailure extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = "HookToolFailure";
  }
}

/** A flag or argument problem: Juju reports these from `Init` with exit code 2. */
export function usageError(message: string): HookToolFailure {
  return new HookToolFailure(2, message);
}

/** A problem found while running the command: Juju exits 1. */
export function runError(message: string): HookToolFailure {
  return new HookToolFailure(1, message);
}

/** Juju's text for a write that needs the leadership lease. */
export const NOT_LEADER = "this unit is not the leader";
export const PERMISSION_DENIED = "permission denied";

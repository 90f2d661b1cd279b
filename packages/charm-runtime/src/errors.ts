/**
 * Typed errors of the charm runtime. Messages say what went wrong and what to do about it; none of
 * them ever carries a secret value, relation data or a hook tool's stdin.
 */

/** Base class: every error the runtime throws on purpose is one of these. */
export class CharmRuntimeError extends Error {
  override readonly name: string = "CharmRuntimeError";
}

/** A `JUJU_*` variable the current event needs is missing or empty. */
export class MissingEnvironmentError extends CharmRuntimeError {
  override readonly name = "MissingEnvironmentError";
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(
      `environment variable ${variable} is required ${reason} but is not set; is this running as a Juju hook?`,
    );
  }
}

/** An environment variable is present but malformed (e.g. a relation id that is not a number). */
export class InvalidEnvironmentError extends CharmRuntimeError {
  override readonly name = "InvalidEnvironmentError";
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`environment variable ${variable} is invalid: ${problem}`);
  }
}

/** `JUJU_DISPATCH_PATH` names a hook this runtime does not know. */
export class UnknownHookError extends CharmRuntimeError {
  override readonly name = "UnknownHookError";
  constructor(readonly dispatchPath: string) {
    super(
      `unknown hook in JUJU_DISPATCH_PATH=${JSON.stringify(dispatchPath)}; expected hooks/<hook> or actions/<action>`,
    );
  }
}

/** A hook tool failed. Carries the tool, its exit code and its stderr (never its stdin). */
export class ModelError extends CharmRuntimeError {
  override readonly name: string = "ModelError";
  constructor(
    readonly tool: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`${tool} failed with exit code ${exitCode}: ${stderr.trim() || "(no error output)"}`);
  }
}

/** The tool rejected its arguments (exit code 2). A bug in the caller, not in the model. */
export class HookToolUsageError extends ModelError {
  override readonly name = "HookToolUsageError";
}

/** The relation id given to a `relation-*` or `network-get` tool does not exist (any more). */
export class RelationNotFoundError extends ModelError {
  override readonly name = "RelationNotFoundError";
}

/** The secret does not exist, or this unit cannot see it. */
export class SecretNotFoundError extends ModelError {
  override readonly name = "SecretNotFoundError";
}

/** Juju refused the operation: not the leader, or no access to that databag or secret. */
export class PermissionDeniedError extends ModelError {
  override readonly name = "PermissionDeniedError";
}

/** A hook tool printed something that does not match its documented output format. */
export class UnexpectedToolOutputError extends CharmRuntimeError {
  override readonly name = "UnexpectedToolOutputError";
  constructor(
    readonly tool: string,
    problem: string,
  ) {
    super(`${tool} printed output in an unexpected format: ${problem}`);
  }
}

/** A hook tool could not be started at all (not on PATH, not executable). */
export class HookToolSpawnError extends CharmRuntimeError {
  override readonly name = "HookToolSpawnError";
  constructor(
    readonly tool: string,
    cause: string,
  ) {
    super(`cannot run hook tool ${tool}: ${cause}; hook tools exist only inside a Juju hook (check PATH)`);
  }
}

/**
 * Linux would refuse to start the hook tool: an argument of 131072 bytes or more (MAX_ARG_STRLEN,
 * counting the NUL), or argv and environment together over ARG_MAX. Raised before spawning; names
 * the tool and the sizes, never the value.
 */
export class HookToolArgumentTooLongError extends CharmRuntimeError {
  override readonly name = "HookToolArgumentTooLongError";
  constructor(
    readonly tool: string,
    problem: string,
  ) {
    super(`cannot run hook tool ${tool}: ${problem}; large values must go through a file or stdin`);
  }
}

export interface ConfigProblem {
  /** Dotted path of the offending option (`openstack-network`), or `(config)` for the whole map. */
  readonly option: string;
  readonly problem: string;
  /** More for the log only (a quoted, shortened token); never in a status or the error's message. */
  readonly detail?: string;
}

/** The charm's config does not satisfy the charm's schema. Lists option names, never values. */
export class InvalidConfigError extends CharmRuntimeError {
  override readonly name = "InvalidConfigError";
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid config: ${problems.map((p) => `${p.option}: ${p.problem}`).join("; ")}`);
  }
}

/** Action parameters do not satisfy the action's schema. Lists parameter names, never values. */
export class InvalidActionParamsError extends CharmRuntimeError {
  override readonly name = "InvalidActionParamsError";
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid action parameters: ${problems.map((p) => `${p.option}: ${p.problem}`).join("; ")}`);
  }
}

/** A key (secret content, action result) breaks Juju's naming rule; rejected before any tool runs. */
export class InvalidKeyError extends CharmRuntimeError {
  override readonly name = "InvalidKeyError";
  constructor(
    readonly key: string,
    rule: string,
  ) {
    super(`invalid key ${JSON.stringify(key)}: ${rule}`);
  }
}

/** A databag was written that this unit may not write (remote bag, or app bag as a non-leader). */
export class RelationDataAccessError extends CharmRuntimeError {
  override readonly name = "RelationDataAccessError";
}

/** The operation needs leadership and this unit is not the leader. */
export class LeadershipRequiredError extends CharmRuntimeError {
  override readonly name = "LeadershipRequiredError";
  constructor(operation: string) {
    super(`${operation} requires leadership, and this unit is not the leader`);
  }
}

/** `relation(endpoint)` was asked for one relation, but the endpoint has several. */
export class TooManyRelationsError extends CharmRuntimeError {
  override readonly name = "TooManyRelationsError";
  constructor(
    readonly endpoint: string,
    readonly count: number,
  ) {
    super(
      `endpoint ${endpoint} has ${count} relations where at most one was expected; use relations(endpoint)`,
    );
  }
}

/** A call that only makes sense in another kind of hook (e.g. action-get outside an action). */
export class WrongEventError extends CharmRuntimeError {
  override readonly name = "WrongEventError";
}

/** `ctx.container(name)` in a charm whose entry gave the runtime no Pebble connector. */
export class NoPebbleConnectorError extends CharmRuntimeError {
  override readonly name = "NoPebbleConnectorError";
  constructor(readonly container: string) {
    super(
      `container ${container} needs a Pebble client: pass { pebble: connectPebble } ` +
        `(from @garm-charms/charm-runtime/pebble) to main()`,
    );
  }
}

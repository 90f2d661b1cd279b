import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCharm } from "@garm-charms/charm-runtime";
import type { Charm } from "@garm-charms/charm-runtime";
import type { HookToolInvocation } from "@garm-charms/charm-runtime/internal";
import { connectPebble } from "@garm-charms/charm-runtime/pebble";
import { callerFile, loadDefaultCharmMeta } from "./charm-root.js";
import { actionParamsWithDefaults, checkConsistency } from "./consistency.js";
import { buildHookEnv } from "./env.js";
import type { HarnessEvent } from "./events.js";
import { hookName } from "./events.js";
import type { HookInfo, LogLine, RemovedSecretRevision, StorageRequest } from "./fake-hook-tools/index.js";
import { FakeHookTools, FakeModel } from "./fake-hook-tools/index.js";
import type { CharmMeta } from "./meta.js";
import { startFakePebble } from "./pebble-fake/index.js";
import { isPackedCharm, prepareDispatch, type PackedCharm } from "./process/packed-charm.js";
import type { FakePebble, FakePebbleRequest } from "./pebble-fake/index.js";
import { findSecretLeaks, SecretLeakError } from "./secret-leaks.js";
import type { SecretLeakOptions } from "./secret-leaks.js";
import type { State, Status } from "./state.js";

export interface ContextOptions {
  /**
   * The charm's metadata. Default: the nearest charmcraft.yaml above `charmRoot`, else above the
   * file that constructs the Context, else above the working directory.
   */
  readonly meta?: CharmMeta;
  /** Where to look for charmcraft.yaml when `meta` is not given (a folder path or `file:` URL). */
  readonly charmRoot?: string | URL;
  /** Defaults to the charm's name. */
  readonly appName?: string;
  readonly unitId?: number;
  /** `JUJU_VERSION`; defaults to a current 3.6 agent. */
  readonly jujuVersion?: string;
  /**
   * The secret-leak check after every run, on by default: a secret value in a log line, status,
   * action output, argv, plain databag, charm state or the charm's error fails the run with
   * SecretLeakError. Options exempt public keys or places a protocol needs; `false` turns the
   * check off (for a test that shows what a leaky charm does).
   */
  readonly secretLeaks?: SecretLeakOptions | boolean;
}

/**
 * The charm threw. Juju would put the unit in error and retry the hook; the harness gives the
 * test both the charm's error (`cause`) and the State as Juju would leave it (`state`): the
 * buffered writes discarded, statuses, workload version and logs kept.
 */
export class UncaughtCharmError extends Error {
  constructor(
    readonly hook: string,
    override readonly cause: unknown,
    readonly state: State,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the charm failed in ${hook}: ${reason}`);
    this.name = "UncaughtCharmError";
  }
}

/** Thrown by `runToFailure` when the hook did not fail. */
export class ExpectedFailureError extends Error {
  constructor(readonly hook: string) {
    super(`expected ${hook} to fail, but the charm returned normally`);
    this.name = "ExpectedFailureError";
  }
}

function hookInfo(meta: CharmMeta, event: HarnessEvent): HookInfo {
  switch (event.kind) {
    case "relation-created":
    case "relation-joined":
    case "relation-changed":
    case "relation-departed":
    case "relation-broken":
      return {
        relationId: event.relationId,
        ...(event.remoteUnit === undefined ? {} : { remoteUnit: event.remoteUnit }),
        ...(event.departingUnit === undefined ? {} : { departingUnit: event.departingUnit }),
        relationBroken: event.kind === "relation-broken",
      };
    case "action":
      return { actionParams: actionParamsWithDefaults(meta, event.name, event.params) };
    case "storage-attached":
    case "storage-detaching":
      return { storageId: `${event.storage}/${String(event.index)}` };
    default:
      return {};
  }
}

let contextNumber = 0;

/**
 * Runs one event against one State, the way Juju would run that hook, and returns the State
 * afterwards (the counterpart of Scenario's `Context.run`). The charm runs through the real
 * runtime (`runCharm`): hook tools are answered by `FakeHookTools`, containers by fake Pebbles.
 *
 * After each run the Context holds what the hook did besides changing State: `jujuLog`,
 * status histories, action output, every hook-tool call and every Pebble request.
 */
export class Context {
  readonly meta: CharmMeta;
  readonly appName: string;
  readonly unitId: number;
  readonly jujuVersion: string;
  private readonly secretLeaks: SecretLeakOptions | false;

  jujuLog: LogLine[] = [];
  /** Every unit status the hook set, in order. */
  unitStatusHistory: Status[] = [];
  appStatusHistory: Status[] = [];
  /** Every workload version the hook set, in order. */
  workloadVersionHistory: string[] = [];
  /** `action-set` results, nested on dots; undefined when the event was not an action. */
  actionResults: Record<string, unknown> | undefined;
  actionLogs: string[] = [];
  /** The `action-fail` message, or undefined when the action did not fail. */
  actionFailure: string | undefined;
  removedSecretRevisions: RemovedSecretRevision[] = [];
  /** `storage-add` requests of the last run (kept only when the hook succeeded, as Juju does). */
  requestedStorages: StorageRequest[] = [];
  hookToolCalls: HookToolInvocation[] = [];
  /** Pebble requests by container name. */
  pebbleRequests: Record<string, FakePebbleRequest[]> = {};
  /** The charm's error when the last run failed; undefined after a successful run. */
  error: unknown;
  /** The environment the last run's charm saw. */
  env: Readonly<Record<string, string>> = {};

  /**
   * `charm` is the charm function (run in this process), or `packedCharm(dir)`: a packed charm run
   * as Juju runs it, `dispatch` as a process with hook-tool executables on PATH (same model, same
   * State in and out).
   */
  constructor(
    private readonly charm: Charm | PackedCharm,
    options: ContextOptions = {},
  ) {
    this.meta =
      options.meta ??
      loadDefaultCharmMeta({ charmRoot: options.charmRoot, callerFile: callerFile(new.target) });
    this.appName = options.appName ?? this.meta.name;
    this.unitId = options.unitId ?? 0;
    this.jujuVersion = options.jujuVersion ?? "3.6.8";
    const secretLeaks = options.secretLeaks ?? true;
    this.secretLeaks = secretLeaks === true ? {} : secretLeaks;
  }

  /**
   * Runs `event` against `state` and resolves with the new State. Rejects with an
   * `InconsistentStateError` before running when the setup is impossible in Juju, and with an
   * `UncaughtCharmError` (carrying the post-failure State) when the charm throws.
   * An action that calls `action-fail` still succeeds: see `actionFailure`.
   * `state` is never mutated.
   */
  async run(event: HarnessEvent, state: State): Promise<State> {
    this.reset();
    checkConsistency(this.meta, event, state);
    const hook = hookName(event);
    const model = new FakeModel(
      state,
      this.meta,
      { appName: this.appName, unitId: this.unitId },
      hookInfo(this.meta, event),
    );
    const tools = new FakeHookTools(model);
    const workDir = await mkdtemp(join(tmpdir(), "charm-testing-"));
    const pebbles = new Map<string, FakePebble>();
    let failure: { error: unknown } | undefined;
    try {
      const charmDir = join(workDir, "charm");
      const tmpDir = join(workDir, "tmp");
      await mkdir(charmDir);
      await mkdir(tmpDir, { mode: 0o700 });
      for (const container of state.containers) pebbles.set(container.name, await startFakePebble(container));
      contextNumber += 1;
      this.env = buildHookEnv({
        event,
        state,
        meta: this.meta,
        appName: this.appName,
        unitId: this.unitId,
        jujuVersion: this.jujuVersion,
        charmDir,
        contextNumber,
      });
      try {
        await this.execute(tools, pebbles, workDir, tmpDir);
      } catch (error) {
        failure = { error };
      }
      const containers = state.containers.map((c) => pebbles.get(c.name)?.snapshot() ?? c);
      const stateOut: State = { ...model.toState(failure === undefined), containers };
      this.record(model, tools, pebbles, event, failure === undefined);
      if (failure !== undefined) this.error = failure.error;
      this.checkSecretLeaks(hook, state, stateOut);
      if (failure !== undefined) {
        throw new UncaughtCharmError(hook, failure.error, stateOut);
      }
      return stateOut;
    } finally {
      for (const pebble of pebbles.values()) await pebble.close();
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** Runs the hook: the charm function in this process, or the packed charm's `dispatch` as a process. */
  private async execute(
    tools: FakeHookTools,
    pebbles: ReadonlyMap<string, FakePebble>,
    workDir: string,
    tmpDir: string,
  ): Promise<void> {
    if (isPackedCharm(this.charm)) {
      const sockets = new Map([...pebbles].map(([name, pebble]) => [name, pebble.socketPath]));
      const dispatch = await prepareDispatch({
        charm: this.charm,
        hookEnv: this.env,
        runner: tools,
        pebbleSockets: sockets,
        workDir,
      });
      this.env = dispatch.env;
      await dispatch.run();
      return;
    }
    const pebbleSocketPath = (name: string): string =>
      pebbles.get(name)?.socketPath ?? join(workDir, "containers", name, "pebble.socket");
    await runCharm(this.charm, {
      env: this.env,
      hookTools: tools,
      pebbleSocketPath,
      pebble: connectPebble,
      tmpDir,
    });
  }

  /** Runs an event that must fail; resolves with the UncaughtCharmError (its `state` and `cause`). */
  async runToFailure(event: HarnessEvent, state: State): Promise<UncaughtCharmError> {
    try {
      await this.run(event, state);
    } catch (error) {
      if (error instanceof UncaughtCharmError) return error;
      throw error;
    }
    throw new ExpectedFailureError(hookName(event));
  }

  private checkSecretLeaks(hook: string, input: State, output: State): void {
    if (this.secretLeaks === false) return;
    const leaks = findSecretLeaks(this, input, output, this.secretLeaks);
    if (leaks.length > 0) throw new SecretLeakError(hook, leaks);
  }

  private reset(): void {
    this.jujuLog = [];
    this.unitStatusHistory = [];
    this.appStatusHistory = [];
    this.workloadVersionHistory = [];
    this.actionResults = undefined;
    this.actionLogs = [];
    this.actionFailure = undefined;
    this.removedSecretRevisions = [];
    this.requestedStorages = [];
    this.hookToolCalls = [];
    this.pebbleRequests = {};
    this.error = undefined;
    this.env = {};
  }

  private record(
    model: FakeModel,
    tools: FakeHookTools,
    pebbles: ReadonlyMap<string, FakePebble>,
    event: HarnessEvent,
    committed: boolean,
  ): void {
    this.jujuLog = [...model.logs];
    this.unitStatusHistory = [...model.unitStatusHistory];
    this.appStatusHistory = [...model.appStatusHistory];
    this.workloadVersionHistory = [...model.workloadVersionHistory];
    this.actionResults = event.kind === "action" ? structuredClone(model.actionResults) : undefined;
    this.actionLogs = [...model.actionLogs];
    this.actionFailure = model.actionFailure;
    this.removedSecretRevisions = committed ? [...model.removedSecretRevisions] : [];
    this.requestedStorages = committed ? [...model.requestedStorages] : [];
    this.hookToolCalls = [...tools.calls];
    this.pebbleRequests = Object.fromEntries(
      [...pebbles].map(([name, pebble]) => [name, [...pebble.requests]]),
    );
  }
}

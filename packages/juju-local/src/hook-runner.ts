/**
 * Runs one queued hook of one unit the way Juju's uniter does: `<charm dir>/dispatch` as a process
 * with a replaced environment (the JUJU_* variables, a PATH whose first entry is the hook-tool
 * directory), cwd = the charm dir, no arguments. The tools answer from the unit's view of the
 * model; when the process exits 0 the buffered writes are committed, otherwise discarded.
 */
import { spawn } from "node:child_process";
import { buildHookEnv, FakeHookTools, FakeModel, actionParamsWithDefaults } from "@garm-charms/charm-testing";
import type { CharmMeta, HarnessEvent, State, ToolServer } from "@garm-charms/charm-testing";
import { CONTAINERS_DIR_VARIABLE } from "@garm-charms/charm-runtime/internal";
import type { DebugLog } from "./debug-log.js";
import { podDir } from "./pod/layout.js";
import type { ActionRecord, ModelState, QueuedHook, Unit } from "./model.js";
import { appOfUnit, now, unitNumber } from "./model.js";
import { foldHook, hookInfo, trackReads, unitState } from "./project.js";

export interface HookRunContext {
  readonly model: ModelState;
  /** The model directory (where the units' pods live). */
  readonly modelDir: string;
  readonly server: ToolServer;
  readonly toolDir: string;
  readonly log: DebugLog;
  readonly meta: (appName: string) => CharmMeta;
  /** Kills a hook that runs longer than this (ms). */
  readonly timeoutMs: number;
}

export interface HookOutcome {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function hookNameOf(hook: QueuedHook, meta?: CharmMeta): string {
  if (hook.kind.startsWith("relation-")) return `${hook.endpoint ?? ""}-${hook.kind}`;
  if (hook.kind === "pebble-ready") return `${hook.container ?? ""}-pebble-ready`;
  if (hook.kind === "action") return meta === undefined ? "action" : hook.kind;
  return hook.kind;
}

/** The harness event whose environment matches `hook` (leader-settings-changed borrows a lifecycle shape). */
function harnessEvent(
  hook: QueuedHook,
  action?: { name: string; params: Record<string, unknown> },
): HarnessEvent {
  if (hook.kind.startsWith("relation-")) {
    return {
      kind: hook.kind as "relation-changed",
      relationId: hook.relationId ?? 0,
      endpoint: hook.endpoint ?? "",
      ...(hook.remoteUnit === undefined ? {} : { remoteUnit: hook.remoteUnit }),
      ...(hook.departingUnit === undefined ? {} : { departingUnit: hook.departingUnit }),
    };
  }
  if (hook.kind === "pebble-ready") return { kind: "pebble-ready", container: hook.container ?? "" };
  if (hook.kind === "secret-changed") return { kind: "secret-changed", secretId: hook.secretId ?? "" };
  if (action !== undefined)
    return { kind: "action", name: action.name, params: action.params, id: hook.actionId ?? "" };
  return { kind: "install" };
}

function hookEnv(
  ctx: HookRunContext,
  unit: Unit,
  hook: QueuedHook,
  state: State,
  meta: CharmMeta,
  charmDir: string,
): Record<string, string> {
  const action = hook.actionId === undefined ? undefined : ctx.model.actions[hook.actionId];
  const event = harnessEvent(
    hook,
    action === undefined ? undefined : { name: action.name, params: action.params },
  );
  const contextNumber = ctx.model.nextContextId++;
  const env = buildHookEnv({
    event,
    state,
    meta,
    appName: appOfUnit(unit.name),
    unitId: unitNumber(unit.name),
    jujuVersion: "3.6.8",
    charmDir,
    contextNumber,
  });
  const name = action === undefined ? hookNameOf(hook) : action.name;
  if (action === undefined) {
    env["JUJU_HOOK_NAME"] = name;
    env["JUJU_DISPATCH_PATH"] = `hooks/${name}`;
  }
  if (hook.kind === "relation-created" || hook.kind === "relation-broken")
    env["JUJU_REMOTE_APP"] = hook.remoteApp ?? "";
  env["JUJU_CONTEXT_ID"] = `${unit.name}-${name}-${String(contextNumber)}`;
  env["JUJU_AGENT_SOCKET_ADDRESS"] = ctx.server.address;
  // The runtime's documented redirect: the unit's Pebble sockets are in its pod, not /charm/containers.
  if (Object.keys(meta.containers).length > 0) env[CONTAINERS_DIR_VARIABLE] = podDir(ctx.modelDir, unit.name);
  env["PATH"] = `${ctx.toolDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  return env;
}

function runDispatch(charmDir: string, env: Record<string, string>, timeoutMs: number): Promise<HookOutcome> {
  return new Promise((resolve) => {
    const child = spawn("./dispatch", [], { cwd: charmDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, exitCode: 1, stdout, stderr: `${stderr}${error.message}\n` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, exitCode: code ?? 1, stdout, stderr });
    });
  });
}

/** Runs `hook` on `unit` and folds its outcome into the model. */
export async function runHook(ctx: HookRunContext, unit: Unit, hook: QueuedHook): Promise<HookOutcome> {
  const appName = appOfUnit(unit.name);
  const app = ctx.model.applications[appName];
  if (app === undefined) throw new Error(`application ${appName} not found`);
  const meta = ctx.meta(appName);
  const action = hook.actionId === undefined ? undefined : ctx.model.actions[hook.actionId];
  const before = unitState(ctx.model, unit, hook);
  const params =
    action === undefined ? undefined : actionParamsWithDefaults(meta, action.name, action.params);
  const fake = new FakeModel(
    before,
    meta,
    { appName, unitId: unitNumber(unit.name) },
    hookInfo(hook, params),
  );
  const tools = new FakeHookTools(fake);
  const env = hookEnv(ctx, unit, hook, before, meta, app.charmDir);
  const context = env["JUJU_CONTEXT_ID"] ?? "";
  const unregister = ctx.server.register(context, tools);
  unit.agent = {
    current: "executing",
    message: `running ${action?.name ?? hookNameOf(hook)} hook`,
    since: now(),
  };
  if (action !== undefined) Object.assign(action, { status: "running", started: now() });
  const outcome = await runDispatch(app.charmDir, env, ctx.timeoutMs);
  unregister();
  const committed = outcome.ok;
  const after: State = { ...fake.toState(committed), containers: before.containers };
  foldHook(ctx.model, unit, before, after, committed);
  if (committed) trackReads(unit, before, tools.calls);
  ctx.log.hook(unit.name, action?.name ?? hookNameOf(hook), hook, fake.logs, outcome);
  if (action !== undefined) recordAction(action, fake, outcome);
  return outcome;
}

/** The task as `juju run` reports it: action-set results plus Juju's return-code, stdout and stderr. */
function recordAction(action: ActionRecord, fake: FakeModel, outcome: HookOutcome): void {
  const failed = !outcome.ok || fake.actionFailure !== undefined;
  const results: Record<string, unknown> = { ...fake.actionResults, "return-code": outcome.exitCode };
  if (outcome.stdout !== "") results["stdout"] = outcome.stdout;
  if (outcome.stderr !== "") results["stderr"] = outcome.stderr;
  Object.assign(action, {
    status: failed ? "failed" : "completed",
    message: fake.actionFailure ?? (outcome.ok ? "" : `exit status ${String(outcome.exitCode)}`),
    results,
    log: [...fake.actionLogs],
    completed: now(),
  });
}

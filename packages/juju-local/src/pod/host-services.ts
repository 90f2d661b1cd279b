/**
 * The services of the Pebble stand-in as real host processes: started from the plan's command
 * (see container-command.ts), stdout and stderr appended to `<logs>/<service>.log`, each in its
 * own process group so a stop reaches its children. Pebble's restart rules as far as charms rely
 * on them: a service that exits is restarted after a backoff (500ms, doubling, capped at 30s by
 * default) unless its `on-success`/`on-failure` says otherwise, and reports `backoff` meanwhile;
 * one that is not restarted reports `error`. Differences from Pebble: a start is done once the
 * process is spawned (Pebble waits a second to see it stay up), and `user`/`group` are ignored.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  ChangeLog,
  Layer,
  LayerEntry,
  PebbleServices,
  TaskOutcome,
  WireChange,
  WireService,
} from "@garm-charms/charm-testing";
import { badRequest, serviceFingerprint } from "@garm-charms/charm-testing";
import { containerProcess, splitCommand } from "./container-command.js";

type Current = WireService["current"];

interface ServiceRun {
  current: Current;
  since: string;
  child?: ChildProcess;
  /** Fingerprint of the definition it was started with (while active or in backoff). */
  startedWith?: string;
  stopping?: boolean;
  restartTimer?: NodeJS.Timeout;
  backoffMs?: number;
  startedAt?: number;
}

export interface HostServicesOptions {
  readonly root: string;
  readonly logDir: string;
  /** Where each running service's pid is recorded (`<name>.pid`), so a dead pod's leftovers can be reaped. */
  readonly pidDir: string;
  /** The image's environment (under the layer's). */
  readonly imageEnv: Readonly<Record<string, string>>;
  /** Called after every change, to persist the plan. */
  readonly onChange?: () => void;
}

const quoteList = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(", ");

/** Go durations as Pebble's layers use them: "500ms", "30s", "1m30s". */
export function parseDuration(text: unknown, fallbackMs: number): number {
  if (typeof text !== "string") return fallbackMs;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let matched = "";
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * (units[m[2] ?? "s"] ?? 1000);
    matched += m[0];
  }
  return matched === text && matched !== "" ? total : fallbackMs;
}

const stringRecord = (value: unknown): Record<string, string> =>
  typeof value === "object" && value !== null
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]))
    : {};

export class HostServices implements PebbleServices {
  readonly #runs = new Map<string, ServiceRun>();

  constructor(
    private readonly plan: () => Layer,
    private readonly changes: ChangeLog,
    private readonly options: HostServicesOptions,
  ) {
    mkdirSync(options.logDir, { recursive: true });
    mkdirSync(options.pidDir, { recursive: true });
  }

  list(names: readonly string[]): WireService[] {
    const services = this.plan().services ?? {};
    return Object.keys(services)
      .filter((name) => names.length === 0 || names.includes(name))
      .sort()
      .map((name) => {
        const run = this.#runs.get(name);
        return {
          name,
          startup: services[name]?.["startup"] === "enabled" ? "enabled" : "disabled",
          current: run?.current ?? "inactive",
          ...(run === undefined ? {} : { "current-since": run.since }),
        };
      });
  }

  act(action: string, names: readonly string[]): WireChange {
    const change = this.#act(action, names);
    this.options.onChange?.();
    return change;
  }

  /** Stops every service (for the pod's shutdown); resolves when all have exited. */
  async stopAll(killDelayMs = 2000): Promise<void> {
    const running = [...this.#runs.entries()].filter(([, run]) => run.child !== undefined);
    for (const [name] of this.#runs) this.#stop(name);
    await Promise.all(running.map(([, run]) => waitExit(run.child, killDelayMs)));
  }

  #act(action: string, names: readonly string[]): WireChange {
    const services = this.plan().services ?? {};
    switch (action) {
      case "start":
      case "stop":
      case "restart":
        return this.#explicit(action, names, services);
      case "replan":
        return this.#replan(services);
      case "autostart": {
        const enabled = Object.keys(services).filter((name) => services[name]?.["startup"] === "enabled");
        if (enabled.length === 0) throw badRequest("no default services", "no-default-services");
        const outcomes = enabled.map((name) => this.#start(name, services[name] ?? {}));
        return this.changes.record("autostart", `Autostart service ${quoteList(enabled)}`, outcomes);
      }
      default:
        throw badRequest(`action "${action}" is unsupported`);
    }
  }

  #explicit(
    action: "start" | "stop" | "restart",
    names: readonly string[],
    services: Record<string, LayerEntry>,
  ): WireChange {
    if (names.length === 0) throw badRequest(`no services to ${action} provided`);
    for (const name of names) if (!services[name]) throw badRequest(`service "${name}" does not exist`);
    const outcomes: TaskOutcome[] = [];
    if (action !== "start") for (const name of names) outcomes.push(this.#stop(name));
    if (action !== "stop") for (const name of names) outcomes.push(this.#start(name, services[name] ?? {}));
    const verb = { start: "Start", stop: "Stop", restart: "Restart" }[action];
    return this.changes.record(action, `${verb} service ${quoteList(names)}`, outcomes);
  }

  /** Restarts the services whose definition changed, starts the enabled ones that are down. */
  #replan(services: Record<string, LayerEntry>): WireChange {
    const stale = Object.keys(services).filter((name) => {
      const startedWith = this.#runs.get(name)?.startedWith;
      return startedWith !== undefined && startedWith !== serviceFingerprint(services[name] ?? {});
    });
    const toStart = Object.keys(services).filter(
      (name) => stale.includes(name) || (services[name]?.["startup"] === "enabled" && !this.#isUp(name)),
    );
    const outcomes = [
      ...stale.map((name) => this.#stop(name)),
      ...toStart.map((name) => this.#start(name, services[name] ?? {})),
    ];
    const summary =
      toStart.length > 0 ? `Replan - start service ${quoteList(toStart)}` : "Replan - no services";
    return this.changes.record("replan", summary, outcomes);
  }

  /** Active, or waiting to restart: replan leaves both alone when the definition is unchanged. */
  #isUp(name: string): boolean {
    const current = this.#runs.get(name)?.current;
    return current === "active" || current === "backoff";
  }

  #set(name: string, patch: Partial<ServiceRun>): ServiceRun {
    const run = this.#runs.get(name) ?? { current: "inactive", since: new Date().toISOString() };
    if (patch.current !== undefined && patch.current !== run.current) run.since = new Date().toISOString();
    Object.assign(run, patch);
    this.#runs.set(name, run);
    return run;
  }

  #start(name: string, service: LayerEntry): TaskOutcome {
    const summary = `Start service "${name}"`;
    const run = this.#runs.get(name);
    if (run?.current === "active")
      return { kind: "start", summary, log: [`Service "${name}" already started.`] };
    if (run?.restartTimer !== undefined) clearTimeout(run.restartTimer);
    try {
      this.#spawn(name, service);
    } catch (error) {
      this.#set(name, { current: "error", startedWith: undefined, restartTimer: undefined });
      const message = error instanceof Error ? error.message : String(error);
      return { kind: "start", summary, error: `cannot start service: ${message}` };
    }
    return { kind: "start", summary };
  }

  #spawn(name: string, service: LayerEntry): void {
    const argv = splitCommand(String(service["command"] ?? ""));
    const workingDir = service["working-dir"];
    const proc = containerProcess(this.options.root, argv, {
      env: { ...this.options.imageEnv, ...stringRecord(service["environment"]) },
      ...(typeof workingDir === "string" ? { workingDir } : {}),
    });
    const log = openSync(join(this.options.logDir, `${name}.log`), "a");
    let child: ChildProcess;
    try {
      child = spawn(proc.file, proc.args, {
        cwd: proc.cwd,
        env: proc.env,
        argv0: argv[0],
        detached: true,
        stdio: ["ignore", log, log],
      });
    } finally {
      closeSync(log);
    }
    if (child.pid !== undefined) writeFileSync(this.#pidFile(name), String(child.pid));
    const run = this.#set(name, {
      current: "active",
      child,
      stopping: false,
      restartTimer: undefined,
      startedWith: serviceFingerprint(service),
      startedAt: Date.now(),
    });
    child.on("error", () => undefined);
    child.on("exit", (code) => this.#exited(name, run, child, code ?? 1));
  }

  #exited(name: string, run: ServiceRun, child: ChildProcess, code: number): void {
    if (run.child !== child) return;
    run.child = undefined;
    rmSync(this.#pidFile(name), { force: true });
    if (run.stopping === true) {
      this.#set(name, { current: "inactive", startedWith: undefined });
      return;
    }
    const service = this.plan().services?.[name] ?? {};
    const rule = String(service[code === 0 ? "on-success" : "on-failure"] ?? "restart");
    if (rule !== "restart") {
      // ignore (and the shutdown rules, which would stop the whole container): the service stays down.
      this.#set(name, { current: "error", startedWith: undefined });
      return;
    }
    const limit = parseDuration(service["backoff-limit"], 30_000);
    const first = parseDuration(service["backoff-delay"], 500);
    const factor = typeof service["backoff-factor"] === "number" ? service["backoff-factor"] : 2;
    // A service that ran longer than the limit starts its backoff afresh, as Pebble does.
    const ranFor = Date.now() - (run.startedAt ?? 0);
    const delay =
      run.backoffMs === undefined || ranFor > limit ? first : Math.min(run.backoffMs * factor, limit);
    const timer = setTimeout(() => {
      if (this.#runs.get(name)?.restartTimer !== timer) return;
      const current = this.plan().services?.[name];
      if (current === undefined) return;
      try {
        this.#spawn(name, current);
      } catch {
        this.#set(name, { current: "error", startedWith: undefined, restartTimer: undefined });
      }
    }, delay);
    this.#set(name, { current: "backoff", backoffMs: delay, restartTimer: timer });
  }

  #stop(name: string): TaskOutcome {
    const summary = `Stop service "${name}"`;
    const run = this.#runs.get(name);
    if (run?.restartTimer !== undefined) clearTimeout(run.restartTimer);
    if (run?.child === undefined) {
      if (run !== undefined)
        this.#set(name, { current: "inactive", startedWith: undefined, restartTimer: undefined });
      return { kind: "stop", summary, log: [`Service "${name}" is not running.`] };
    }
    run.stopping = true;
    run.restartTimer = undefined;
    run.backoffMs = undefined;
    killGroup(run.child, "SIGTERM");
    const child = run.child;
    setTimeout(() => killGroup(child, "SIGKILL"), 5_000).unref();
    this.#set(name, { current: "inactive", startedWith: undefined });
    return { kind: "stop", summary };
  }

  #pidFile(name: string): string {
    return join(this.options.pidDir, `${name}.pid`);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function waitExit(child: ChildProcess | undefined, killDelayMs: number): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), killDelayMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

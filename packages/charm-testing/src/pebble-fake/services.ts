/**
 * Service lifecycle in the fake: start, stop, restart, replan and autostart against the plan.
 * Each running service remembers the definition it was started with, so replan restarts exactly
 * the services whose configuration changed since, as Pebble does.
 */
import type { ServiceCurrent } from "../state.js";
import type { ChangeLog, TaskOutcome, WireChange } from "./changes.js";
import { badRequest } from "./errors.js";
import type { Layer, LayerEntry } from "./layers.js";
import { serviceFingerprint } from "./layers.js";

export interface WireService {
  name: string;
  startup: "enabled" | "disabled";
  current: ServiceCurrent;
}

const quoteList = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(", ");

export class ServiceManager {
  readonly #statuses: Map<string, ServiceCurrent>;
  /** Fingerprint of the definition each active service was started with. */
  readonly #startedWith = new Map<string, string>();

  constructor(
    initial: Readonly<Record<string, ServiceCurrent>>,
    private readonly plan: () => Layer,
    private readonly changes: ChangeLog,
    private readonly startErrors: Readonly<Record<string, string>>,
  ) {
    this.#statuses = new Map(Object.entries(initial));
    // Services already running were started with the plan as it stands.
    const services = this.plan().services ?? {};
    for (const [name, status] of this.#statuses) {
      const service = services[name];
      if (status === "active" && service) this.#startedWith.set(name, serviceFingerprint(service));
    }
  }

  list(names: readonly string[]): WireService[] {
    const services = this.plan().services ?? {};
    return Object.keys(services)
      .filter((name) => names.length === 0 || names.includes(name))
      .sort()
      .map((name) => ({
        name,
        startup: services[name]?.["startup"] === "enabled" ? "enabled" : "disabled",
        current: this.#statuses.get(name) ?? "inactive",
      }));
  }

  statuses(): Record<string, ServiceCurrent> {
    return Object.fromEntries(this.#statuses);
  }

  act(action: string, names: readonly string[]): WireChange {
    switch (action) {
      case "start":
      case "stop":
      case "restart":
        return this.#explicit(action, names);
      case "replan":
        return this.#replan();
      case "autostart":
        return this.#autostart();
      default:
        throw badRequest(`action "${action}" is unsupported`);
    }
  }

  #explicit(action: "start" | "stop" | "restart", names: readonly string[]): WireChange {
    if (names.length === 0) throw badRequest(`no services to ${action} provided`);
    const services = this.plan().services ?? {};
    for (const name of names) {
      if (!services[name]) throw badRequest(`service "${name}" does not exist`);
    }
    const outcomes: TaskOutcome[] = [];
    if (action !== "start") for (const name of names) outcomes.push(this.#stop(name));
    if (action !== "stop") for (const name of names) outcomes.push(this.#start(name, services[name]!));
    const verb = { start: "Start", stop: "Stop", restart: "Restart" }[action];
    return this.changes.record(action, `${verb} service ${quoteList(names)}`, outcomes);
  }

  #replan(): WireChange {
    const services = this.plan().services ?? {};
    const stale = Object.keys(services).filter((name) => {
      const startedWith = this.#startedWith.get(name);
      return startedWith !== undefined && startedWith !== serviceFingerprint(services[name]!);
    });
    const toStart = Object.keys(services).filter(
      (name) => stale.includes(name) || (services[name]?.["startup"] === "enabled" && !this.#isActive(name)),
    );
    const outcomes = [
      ...stale.map((name) => this.#stop(name)),
      ...toStart.map((name) => this.#start(name, services[name]!)),
    ];
    const summary =
      toStart.length > 0 ? `Replan - start service ${quoteList(toStart)}` : "Replan - no services";
    return this.changes.record("replan", summary, outcomes);
  }

  #autostart(): WireChange {
    const services = this.plan().services ?? {};
    const enabled = Object.keys(services).filter((name) => services[name]?.["startup"] === "enabled");
    if (enabled.length === 0) throw badRequest("no default services", "no-default-services");
    const outcomes = enabled.map((name) => this.#start(name, services[name]!));
    return this.changes.record("autostart", `Autostart service ${quoteList(enabled)}`, outcomes);
  }

  #isActive(name: string): boolean {
    return this.#statuses.get(name) === "active";
  }

  #start(name: string, service: LayerEntry): TaskOutcome {
    const summary = `Start service "${name}"`;
    if (this.#isActive(name)) return { kind: "start", summary, log: [`Service "${name}" already started.`] };
    const failure = this.startErrors[name];
    if (failure !== undefined) {
      this.#statuses.set(name, "error");
      this.#startedWith.delete(name);
      return { kind: "start", summary, error: `cannot start service: ${failure}` };
    }
    this.#statuses.set(name, "active");
    this.#startedWith.set(name, serviceFingerprint(service));
    return { kind: "start", summary };
  }

  #stop(name: string): TaskOutcome {
    const summary = `Stop service "${name}"`;
    this.#startedWith.delete(name);
    if (!this.#isActive(name)) {
      if (this.#statuses.has(name)) this.#statuses.set(name, "inactive");
      return { kind: "stop", summary, log: [`Service "${name}" is not running.`] };
    }
    this.#statuses.set(name, "inactive");
    return { kind: "stop", summary };
  }
}

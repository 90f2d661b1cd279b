import { PlannerFakeError } from "./errors.js";

/** A flavor as the fake is told about it; every field but `name` has the planner's default. */
export interface PlannerFakeFlavor {
  readonly name: string;
  readonly platform?: string;
  readonly labels?: readonly string[];
  readonly priority?: number;
  readonly isDisabled?: boolean;
  readonly minimumPressure?: number;
  /** The job count the fake reports, before the `minimumPressure` floor. Default 0. */
  readonly pressure?: number;
}

/** A flavor as the fake holds it. */
export interface FlavorRecord {
  readonly name: string;
  readonly platform: string;
  readonly labels: readonly string[];
  readonly priority: number;
  readonly isDisabled: boolean;
  readonly minimumPressure: number;
  readonly pressure: number;
}

/** The name `{name}` takes to mean "every flavor". */
export const ALL_FLAVORS = "_";

/** The only platform the planner computes pressure for. */
const PRESSURE_PLATFORM = "github";

function checkCount(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PlannerFakeError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function checkName(name: string): string {
  if (name === "" || name === ALL_FLAVORS || name.includes("/")) {
    throw new PlannerFakeError(`"${name}" cannot be a flavor name (empty, "_" or containing "/")`);
  }
  return name;
}

/** The planner stores labels lowercased. */
function recordOf(flavor: PlannerFakeFlavor): FlavorRecord {
  return {
    name: checkName(flavor.name),
    platform: flavor.platform ?? PRESSURE_PLATFORM,
    labels: (flavor.labels ?? [flavor.name]).map((label) => label.toLowerCase()),
    priority: flavor.priority ?? 50,
    isDisabled: flavor.isDisabled ?? false,
    minimumPressure: checkCount("minimum pressure", flavor.minimumPressure ?? 0),
    pressure: checkCount("pressure", flavor.pressure ?? 0),
  };
}

/** The planner's flavors and their job counts. */
export class FlavorStore {
  readonly #flavors = new Map<string, FlavorRecord>();

  constructor(flavors: readonly (string | PlannerFakeFlavor)[]) {
    for (const flavor of flavors) this.add(typeof flavor === "string" ? { name: flavor } : flavor);
  }

  /** Adds or replaces a flavor (the planner charm deletes and re-creates a changed flavor). */
  add(flavor: PlannerFakeFlavor): FlavorRecord {
    const record = recordOf(flavor);
    this.#flavors.set(record.name, record);
    return record;
  }

  remove(name: string): boolean {
    return this.#flavors.delete(name);
  }

  /** Sets a flavor's job count, creating the flavor with defaults when it does not exist. */
  setPressure(name: string, pressure: number): void {
    const current = this.#flavors.get(name);
    this.add({ ...(current ?? { name }), pressure });
  }

  get(name: string): FlavorRecord | undefined {
    return this.#flavors.get(name);
  }

  list(): FlavorRecord[] {
    return [...this.#flavors.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The planner's pressure query: `max(minimum_pressure, jobs)` per `github` flavor, for one
   * flavor or, with `_`, all of them. Empty when nothing matches.
   */
  pressures(name: string): Map<string, number> {
    const result = new Map<string, number>();
    for (const flavor of this.#flavors.values()) {
      if (flavor.platform !== PRESSURE_PLATFORM) continue;
      if (name !== ALL_FLAVORS && flavor.name !== name) continue;
      result.set(flavor.name, Math.max(flavor.minimumPressure, flavor.pressure));
    }
    return result;
  }
}

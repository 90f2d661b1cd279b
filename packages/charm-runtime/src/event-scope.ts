/**
 * The part of an event a filter looks at (kind, and the endpoint or container it is about), and
 * the matching rule of `eventFilter`. Kept free of zod and the model so the lazy dispatch entry can
 * decide from the environment alone, before the charm is loaded.
 */
import type { EventFilterSpec } from "./event-filter.js";

export interface EventScope {
  readonly kind: string;
  /** Relation events: the endpoint. */
  readonly endpoint?: string;
  /** Pebble events: the container. */
  readonly container?: string;
}

const CONTAINER_KINDS: readonly string[] = [
  "pebble-ready",
  "pebble-custom-notice",
  "pebble-check-failed",
  "pebble-check-recovered",
];

/** In scope: `name` is listed, and `kind` is one of `kinds` (every kind when `kinds` is absent). */
function inScope(
  names: readonly string[] | undefined,
  kinds: readonly string[] | undefined,
  name: string | undefined,
  kind: string,
): boolean {
  if (name === undefined || names === undefined || !names.includes(name)) return false;
  return kinds === undefined || kinds.includes(kind);
}

export function matchesFilter(spec: EventFilterSpec, event: EventScope): boolean {
  if (event.kind.startsWith("relation-")) {
    return inScope(spec.relations?.endpoints, spec.relations?.kinds, event.endpoint, event.kind);
  }
  if (CONTAINER_KINDS.includes(event.kind)) {
    return inScope(spec.containers?.names, spec.containers?.kinds, event.container, event.kind);
  }
  const kinds: readonly string[] = spec.kinds ?? [];
  return kinds.includes(event.kind);
}

/**
 * The scope of the hook Juju is running, from `JUJU_DISPATCH_PATH` and the variables naming what a
 * hook is about (`JUJU_RELATION`, `JUJU_WORKLOAD_NAME`, `JUJU_STORAGE_ID`). Undefined when the
 * environment is not a hook's (the full runtime then reports the problem).
 */
export function scopeFromEnv(env: Readonly<Record<string, string | undefined>>): EventScope | undefined {
  const path = env["JUJU_DISPATCH_PATH"] ?? "";
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash).split("/").at(-1);
  const name = path.slice(slash + 1);
  if (name === "") return undefined;
  if (dir === "actions") return { kind: "action" };
  const relation = env["JUJU_RELATION"];
  if (relation !== undefined && relation !== "" && name.startsWith(`${relation}-relation-`)) {
    return { kind: name.slice(relation.length + 1), endpoint: relation };
  }
  const workload = env["JUJU_WORKLOAD_NAME"];
  if (workload !== undefined && workload !== "" && name.startsWith(`${workload}-pebble-`)) {
    return { kind: name.slice(workload.length + 1), container: workload };
  }
  const storage = (env["JUJU_STORAGE_ID"] ?? "").split("/")[0] ?? "";
  if (storage !== "" && name.startsWith(`${storage}-storage-`))
    return { kind: name.slice(storage.length + 1) };
  return { kind: name };
}

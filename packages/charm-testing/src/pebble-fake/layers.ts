/**
 * Pebble's layer rules for the fake: format checks on each added layer, and how layers combine
 * into the plan (`override: replace` swaps an entry, `override: merge` merges it: scalars are
 * replaced, lists appended, maps merged key by key), as in Pebble's `internals/plan`.
 */
import { badRequest } from "./errors.js";

export type LayerEntry = Record<string, unknown>;
// A type alias, not an interface, so a Layer is assignable to ContainerState's plain records.
export type Layer = {
  summary?: string;
  description?: string;
  services?: Record<string, LayerEntry>;
  checks?: Record<string, LayerEntry>;
  "log-targets"?: Record<string, LayerEntry>;
};

export const SECTIONS = ["services", "checks", "log-targets"] as const;
type Section = (typeof SECTIONS)[number];
const NOUNS: Record<Section, string> = { services: "service", checks: "check", "log-targets": "log target" };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One entry of a section: a mapping with an `override` of merge or replace. */
function parseEntry(label: string, section: Section, name: string, entry: unknown): LayerEntry {
  if (section === "services") checkServiceName(name);
  if (!isRecord(entry)) throw badRequest(`layer "${label}" has an invalid ${NOUNS[section]} "${name}"`);
  const override = entry["override"];
  if (override === undefined || override === "") {
    throw badRequest(`layer "${label}" must define "override" for ${NOUNS[section]} "${name}"`);
  }
  if (override !== "merge" && override !== "replace") {
    throw badRequest(`layer "${label}" has invalid "override" value for ${NOUNS[section]} "${name}"`);
  }
  return structuredClone(entry);
}

/** A section (`services`, `checks`, `log-targets`), or undefined when the layer leaves it out. */
function parseSection(
  label: string,
  section: Section,
  entries: unknown,
): Record<string, LayerEntry> | undefined {
  if (entries === undefined || entries === null) return undefined;
  if (!isRecord(entries)) throw badRequest(`cannot parse layer "${label}": ${section} must be a mapping`);
  const parsed: Record<string, LayerEntry> = {};
  for (const [name, entry] of Object.entries(entries)) parsed[name] = parseEntry(label, section, name, entry);
  return parsed;
}

/** Checks one layer as Pebble's `ParseLayer` does and returns it in normalised form. */
export function parseLayer(label: string, raw: unknown): Layer {
  if (label.startsWith("pebble-")) throw badRequest(`cannot use reserved layer label "${label}"`);
  if (raw === null || raw === undefined) return {};
  if (!isRecord(raw)) throw badRequest(`cannot parse layer "${label}": not a mapping`);
  const layer: Layer = {};
  if (typeof raw["summary"] === "string") layer.summary = raw["summary"];
  if (typeof raw["description"] === "string") layer.description = raw["description"];
  for (const section of SECTIONS) {
    const parsed = parseSection(label, section, raw[section]);
    if (parsed !== undefined) layer[section] = parsed;
  }
  return layer;
}

function checkServiceName(name: string): void {
  if (name === "") throw badRequest("cannot use empty string as service name");
  if (name === "pebble") throw badRequest('cannot use reserved service name "pebble"');
  if (name.startsWith("-"))
    throw badRequest(`cannot use service name "${name}": starting with "-" is not allowed`);
}

function mergeValues(base: unknown, next: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(next)) return [...(base as unknown[]), ...(next as unknown[])];
  if (isRecord(base) && isRecord(next)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(next)) merged[key] = mergeValues(base[key], value);
    return merged;
  }
  return structuredClone(next);
}

/** `next` laid over `base`, entry by entry, honouring each entry's override. */
export function combineLayers(base: Layer, next: Layer): Layer {
  const combined: Layer = structuredClone(base);
  if (next.summary !== undefined) combined.summary = next.summary;
  if (next.description !== undefined) combined.description = next.description;
  for (const section of SECTIONS) {
    const entries = next[section];
    if (entries === undefined) continue;
    const target: Record<string, LayerEntry> = combined[section] ?? {};
    for (const [name, entry] of Object.entries(entries)) {
      const existing = target[name];
      target[name] =
        entry["override"] === "merge" && existing !== undefined
          ? (mergeValues(existing, entry) as LayerEntry)
          : structuredClone(entry);
    }
    combined[section] = target;
  }
  return combined;
}

/** The plan: all layers combined in order, then checked as Pebble's `Plan.Validate` does. */
export function planOf(layers: readonly Layer[]): Layer {
  let plan: Layer = {};
  for (const layer of layers) plan = combineLayers(plan, layer);
  delete plan.summary;
  delete plan.description;
  return plan;
}

export function validatePlan(plan: Layer): void {
  for (const [name, service] of Object.entries(plan.services ?? {})) {
    const command = service["command"];
    if (typeof command !== "string" || command.trim() === "") {
      throw badRequest(`plan must define "command" for service "${name}"`);
    }
  }
  for (const [name, check] of Object.entries(plan.checks ?? {})) {
    const kinds = ["http", "tcp", "exec"].filter((kind) => check[kind] !== undefined);
    if (kinds.length !== 1) {
      throw badRequest(`plan must specify one of "http", "tcp" or "exec" for check "${name}"`);
    }
  }
}

/** A stable rendering of a service definition, to notice a changed configuration on replan. */
export function serviceFingerprint(service: LayerEntry): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== "override")
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    );
  };
  return JSON.stringify(sortKeys(service));
}

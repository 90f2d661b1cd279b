/**
 * Checks a layer before it goes to Pebble, so a charm learns about a mistake from a precise
 * message instead of a 400 round trip, and serialises it to the YAML Pebble expects.
 */
import { parse, stringify } from "yaml";
import * as z from "zod";
import { PebbleRequestError } from "./errors.js";

/** A layer as charms write it; see the layer specification for the full field list. */
export interface PebbleLayer {
  readonly summary?: string;
  readonly description?: string;
  readonly services?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly checks?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly "log-targets"?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly [key: string]: unknown;
}

/**
 * One service with the fields a charm sets to run it. Type aliases (not interfaces) so that they
 * fit the open-ended PebbleLayer above.
 */
export type PebbleService = {
  readonly override: "replace" | "merge";
  readonly summary: string;
  readonly command: string;
  readonly startup: "enabled" | "disabled";
  readonly environment: Readonly<Record<string, string>>;
};

/** A layer of services only, as a charm builds its own. */
export type PebbleServicesLayer = {
  readonly summary: string;
  readonly services: Readonly<Record<string, PebbleService>>;
};

const entrySchema = z.record(z.string(), z.unknown());
const layerSchema = z.looseObject({
  summary: z.string().optional(),
  description: z.string().optional(),
  services: z.record(z.string(), entrySchema).nullish(),
  checks: z.record(z.string(), entrySchema).nullish(),
  "log-targets": z.record(z.string(), entrySchema).nullish(),
});

const OVERRIDES = new Set(["merge", "replace"]);
const SECTIONS = [
  ["services", "service"],
  ["checks", "check"],
  ["log-targets", "log target"],
] as const;

export function validateLayerLabel(label: string): void {
  if (label === "") throw new PebbleRequestError("a Pebble layer label must not be empty");
  if (label.startsWith("pebble-")) {
    throw new PebbleRequestError(`layer label "${label}" uses the prefix "pebble-", which Pebble reserves`);
  }
}

/** Parses (when given YAML) and validates a layer; returns the YAML text to send. */
export function serialiseLayer(label: string, layer: PebbleLayer | string): string {
  let raw: unknown = layer;
  if (typeof layer === "string") {
    try {
      raw = parse(layer);
    } catch (error) {
      throw new PebbleRequestError(
        `layer "${label}" is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const parsed = layerSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new PebbleRequestError(`layer "${label}" is not a mapping of services, checks and log-targets`);
  }
  for (const [section, noun] of SECTIONS) {
    for (const [name, entry] of Object.entries(parsed.data[section] ?? {})) {
      if (section === "services") validateServiceName(label, name);
      const override = entry["override"];
      if (typeof override !== "string" || !OVERRIDES.has(override)) {
        throw new PebbleRequestError(
          `layer "${label}" must set override: merge or override: replace for ${noun} "${name}"`,
        );
      }
    }
  }
  return typeof layer === "string" ? layer : stringify(parsed.data);
}

function validateServiceName(label: string, name: string): void {
  if (name === "" || name === "pebble" || name.startsWith("-")) {
    throw new PebbleRequestError(
      `layer "${label}" has an invalid service name "${name}": it must be non-empty, not "pebble", and not start with "-"`,
    );
  }
}

import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import type { StorageState } from "./state.js";

/**
 * The parts of a charm's `charmcraft.yaml` the harness needs: endpoints, containers, config
 * options, actions and storage. Unknown keys (parts, bases, links, ...) are ignored.
 */

const endpointSchema = z.object({
  interface: z.string().min(1),
  limit: z.number().int().positive().optional(),
  optional: z.boolean().optional(),
  scope: z.enum(["global", "container"]).optional(),
});

const configOptionSchema = z.object({
  type: z.enum(["string", "int", "float", "boolean", "secret"]),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
});

const actionParamSchema = z
  .object({
    type: z.enum(["string", "integer", "number", "boolean", "object", "array"]).optional(),
    description: z.string().optional(),
    default: z.unknown().optional(),
  })
  .loose();

const actionSchema = z.object({
  description: z.string().optional(),
  params: z.record(z.string(), actionParamSchema).default({}),
  required: z.array(z.string()).default([]),
  additionalProperties: z.boolean().default(true),
});

const containerSchema = z.object({
  resource: z.string().optional(),
  mounts: z.array(z.object({ storage: z.string(), location: z.string() })).default([]),
});

const storageSchema = z.object({
  type: z.enum(["filesystem", "block"]),
  location: z.string().optional(),
  description: z.string().optional(),
  multiple: z.object({ range: z.string() }).partial().optional(),
});

const resourceSchema = z.looseObject({
  type: z.enum(["file", "oci-image"]),
  filename: z.string().optional(),
  description: z.string().optional(),
});

const nullableRecord = <T extends z.ZodType>(value: T) =>
  z
    .record(z.string(), value)
    .nullish()
    .transform((r) => r ?? {});

export const charmMetaSchema = z.object({
  name: z.string().min(1),
  containers: nullableRecord(containerSchema.nullish().transform((c) => c ?? { mounts: [] })),
  requires: nullableRecord(endpointSchema),
  provides: nullableRecord(endpointSchema),
  peers: nullableRecord(endpointSchema),
  "extra-bindings": nullableRecord(z.null().or(z.object({}).loose())),
  config: z
    .object({ options: nullableRecord(configOptionSchema) })
    .nullish()
    .transform((c) => c ?? { options: {} }),
  actions: nullableRecord(actionSchema.nullish().transform((a) => a ?? actionSchema.parse({}))),
  storage: nullableRecord(storageSchema),
  resources: nullableRecord(resourceSchema),
});

export type CharmMeta = z.infer<typeof charmMetaSchema>;
export type EndpointMeta = z.infer<typeof endpointSchema>;
export type ConfigOptionMeta = z.infer<typeof configOptionSchema>;
export type ActionMeta = z.infer<typeof actionSchema>;
export type ActionParamMeta = z.infer<typeof actionParamSchema>;
export type EndpointRole = "requires" | "provides" | "peers";

export class CharmMetaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CharmMetaError";
  }
}

/** Validates an already parsed charmcraft.yaml document (or a test's object literal). */
export function parseCharmMeta(document: unknown, source = "charm metadata"): CharmMeta {
  const result = charmMetaSchema.safeParse(document);
  if (!result.success) {
    throw new CharmMetaError(`${source} is not a valid charmcraft.yaml: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export function parseCharmMetaYaml(text: string, source = "charmcraft.yaml"): CharmMeta {
  return parseCharmMeta(parseYaml(text), source);
}

export async function loadCharmMeta(pathToCharmcraftYaml: string): Promise<CharmMeta> {
  const text = await readFile(pathToCharmcraftYaml, "utf8");
  return parseCharmMetaYaml(text, pathToCharmcraftYaml);
}

/** Where an endpoint is declared, or undefined when the charm does not declare it. */
export function findEndpoint(
  meta: CharmMeta,
  endpoint: string,
): { role: EndpointRole; spec: EndpointMeta } | undefined {
  for (const role of ["requires", "provides", "peers"] as const) {
    const spec = meta[role][endpoint];
    if (spec !== undefined) return { role, spec };
  }
  return undefined;
}

/** Whether `name` is a binding `network-get` knows: an endpoint or an extra binding. */
export function declaresBinding(meta: CharmMeta, name: string): boolean {
  return findEndpoint(meta, name) !== undefined || name in meta["extra-bindings"];
}

/** Where a storage instance is mounted: its own location, else charmcraft.yaml's, else Juju's default. */
export function storageLocation(meta: CharmMeta, storage: StorageState): string {
  return (
    storage.location ??
    meta.storage[storage.name]?.location ??
    `/var/lib/juju/storage/${storage.name}/${String(storage.index)}`
  );
}

/** Config as Juju's `config-get` reports it: declared defaults, overridden by set values. */
export function effectiveConfig(
  meta: CharmMeta,
  config: Readonly<Record<string, string | number | boolean>>,
): Record<string, string | number | boolean> {
  const merged: Record<string, string | number | boolean> = {};
  for (const [name, option] of Object.entries(meta.config.options)) {
    if (option.default !== undefined) merged[name] = option.default;
  }
  return { ...merged, ...config };
}

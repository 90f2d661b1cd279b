/**
 * charmcraft.yaml, read and checked (zod) for what packing needs, and the files charmcraft derives
 * from it: metadata.yaml, config.yaml, actions.yaml and manifest.yaml (charmcraft's
 * `PackageService.write_metadata` and `CharmMetadata.from_charm`).
 */
import { readFileSync } from "node:fs";

import { parse } from "yaml";
import * as z from "zod";

import { ProjectFileError } from "./errors.js";
import { pyyamlDump } from "./pyyaml-dump.js";

/** The charmcraft release whose output format is reproduced; Juju reads only `bases` from the manifest. */
export const CHARMCRAFT_FORMAT_VERSION = "4.4.0";

const urls = z.union([z.string(), z.array(z.string())]);
const mapping = z.record(z.string(), z.unknown());

const projectSchema = z.object({
  type: z.literal("charm"),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "lowercase letters, digits and hyphens"),
  title: z.string().optional(),
  summary: z.string().min(1),
  description: z.string().min(1),
  base: z.string().regex(/^ubuntu@\d{2}\.\d{2}$/, "ubuntu@<yy.mm>"),
  platforms: z.record(z.string(), z.null()).refine((p) => Object.keys(p).length > 0, "at least one"),
  links: z
    .object({
      contact: urls.optional(),
      documentation: z.string().optional(),
      issues: urls.optional(),
      source: urls.optional(),
      website: urls.optional(),
    })
    .optional(),
  assumes: z.array(z.unknown()).optional(),
  "charm-user": z.enum(["root", "sudoer", "non-root"]).optional(),
  containers: mapping.optional(),
  devices: mapping.optional(),
  "extra-bindings": mapping.optional(),
  peers: mapping.optional(),
  provides: mapping.optional(),
  requires: mapping.optional(),
  resources: mapping.optional(),
  storage: mapping.optional(),
  subordinate: z.boolean().optional(),
  terms: z.array(z.string()).optional(),
  config: z.object({ options: mapping }).optional(),
  actions: mapping.optional(),
  parts: mapping,
});

export type CharmcraftProject = z.infer<typeof projectSchema>;

export function readProject(path: string): CharmcraftProject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ProjectFileError(path, "cannot read it (is this a charm directory?)");
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ProjectFileError(path, `cannot read it as YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const parsed = projectSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectFileError(path, `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Keys charmcraft copies from charmcraft.yaml into metadata.yaml unchanged. */
const METADATA_KEYS = [
  "name",
  "summary",
  "description",
  "assumes",
  "charm-user",
  "containers",
  "devices",
  "extra-bindings",
  "peers",
  "provides",
  "requires",
  "resources",
  "storage",
  "subordinate",
  "terms",
] as const;

export function metadataOf(project: CharmcraftProject): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) {
    if (project[key] !== undefined) metadata[key] = project[key];
  }
  if (project.title !== undefined) metadata["display-name"] = project.title;
  const links = project.links ?? {};
  if (links.documentation !== undefined) metadata["docs"] = links.documentation;
  if (links.contact !== undefined) {
    metadata["maintainers"] = Array.isArray(links.contact) ? links.contact : [links.contact];
  }
  for (const key of ["issues", "source", "website"] as const) {
    if (links[key] !== undefined) metadata[key] = links[key];
  }
  return metadata;
}

export interface ManifestInput {
  readonly startedAt: Date;
  readonly architectures: readonly string[];
}

/** `charmcraft-started-at` as Python's naive `datetime.isoformat()` prints it (microseconds, no zone). */
export function pythonIsoformat(date: Date): string {
  const seconds = date.toISOString().slice(0, 19);
  const millis = date.getUTCMilliseconds();
  return millis === 0 ? seconds : `${seconds}.${String(millis).padStart(3, "0")}000`;
}

export function manifestOf(project: CharmcraftProject, input: ManifestInput): Record<string, unknown> {
  const [name, channel] = project.base.split("@");
  return {
    "charmcraft-version": CHARMCRAFT_FORMAT_VERSION,
    "charmcraft-started-at": pythonIsoformat(input.startedAt),
    bases: [{ name, channel, architectures: [...input.architectures] }],
    analysis: {
      attributes: [
        { name: "language", result: "unknown" },
        { name: "framework", result: "unknown" },
      ],
    },
  };
}

/** The generated files, by name; config.yaml and actions.yaml only when the project has some. */
export function generatedFiles(project: CharmcraftProject, manifest: ManifestInput): Map<string, string> {
  const files = new Map<string, string>();
  files.set("manifest.yaml", pyyamlDump(manifestOf(project, manifest), { sortKeys: false }));
  files.set("metadata.yaml", pyyamlDump(metadataOf(project), { sortKeys: true }));
  if (project.actions !== undefined && Object.keys(project.actions).length > 0) {
    files.set("actions.yaml", pyyamlDump(project.actions, { sortKeys: true }));
  }
  if (project.config !== undefined && Object.keys(project.config).length > 0) {
    files.set("config.yaml", pyyamlDump(project.config, { sortKeys: true }));
  }
  return files;
}

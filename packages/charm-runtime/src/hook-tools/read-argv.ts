/**
 * The argv of the reads a hook starts ahead of need. The tool modules build their calls from
 * these, and so does the dispatch entry for the reads it starts before the runtime is loaded
 * (`early-reads.ts`): the two must match exactly for the early result to be used. No zod here.
 */
import { CharmRuntimeError } from "../errors.js";

export const JSON_FORMAT = ["--format=json"] as const;

export function relationIdsArgs(endpoint: string): string[] {
  return [endpoint, ...JSON_FORMAT];
}

/** `relation` as `relation-ids` prints it and `relationRef` builds it: `<endpoint>:<id>`. */
export function relationListArgs(relation: string): string[] {
  return [...JSON_FORMAT, "-r", relation];
}

export function relationGetArgs(relation: string, app: boolean, member: string): string[] {
  return [...JSON_FORMAT, "-r", relation, ...(app ? ["--app"] : []), "-", member];
}

export interface SecretLookup {
  readonly id?: string | undefined;
  readonly label?: string | undefined;
}

export type SecretReadMode = "tracked" | "refresh" | "peek";

function lookupArgs(lookup: SecretLookup): string[] {
  const args: string[] = [];
  if (lookup.id !== undefined) args.push(lookup.id);
  if (lookup.label !== undefined) args.push("--label", lookup.label);
  if (args.length === 0) {
    throw new CharmRuntimeError("a secret is looked up by id, label or both; neither was given");
  }
  return args;
}

/** By id or by label, not both: the tool takes one. */
export function secretInfoGetArgs(lookup: SecretLookup): string[] {
  const byOne = lookup.id !== undefined ? { id: lookup.id } : { label: lookup.label };
  return [...JSON_FORMAT, ...lookupArgs(byOne)];
}

export function secretGetArgs(lookup: SecretLookup, mode: SecretReadMode): string[] {
  const args = [...JSON_FORMAT, ...lookupArgs(lookup)];
  if (mode === "refresh") args.push("--refresh");
  if (mode === "peek") args.push("--peek");
  return args;
}

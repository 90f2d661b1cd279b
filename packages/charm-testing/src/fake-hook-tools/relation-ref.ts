import type { OptionSpec, ParsedArgs } from "./argv.js";
import { usageError } from "./errors.js";
import type { FakeModel } from "./model.js";
import type { RelationState } from "../state.js";

export const RELATION_OPTION: OptionSpec = { names: ["r", "relation"], kind: "string" };

/**
 * Resolves `-r`/`--relation` like Juju's relationIdValue: only the number after the last `:`
 * counts (the endpoint is not checked), and without `-r` a relation hook's own relation is used.
 */
export function resolveRelation(model: FakeModel, args: ParsedArgs): RelationState {
  const ref = args.options.get("r");
  if (ref === undefined) {
    const current = model.hook.relationId;
    const relation = current === undefined ? undefined : model.relation(current);
    if (relation === undefined) throw usageError("no relation id specified");
    return relation.state;
  }
  return relationById(model, ref);
}

export function relationById(model: FakeModel, ref: string): RelationState {
  const idText = ref.slice(ref.lastIndexOf(":") + 1);
  if (!/^\d+$/.test(idText)) throw usageError(`invalid value "${ref}" for option -r: invalid relation id`);
  const relation = model.relation(Number(idText));
  if (relation === undefined) throw usageError(`invalid value "${ref}" for option -r: relation not found`);
  return relation.state;
}

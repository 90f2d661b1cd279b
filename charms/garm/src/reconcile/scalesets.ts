/**
 * Scale sets: a pure diff from the desired scale sets and GARM's, given the template plan, in
 * three steps: classify what GARM has (mine, foreign, protected), decide per desired scale set
 * (create, re-create, update, keep or hold), then delete the rest of mine. What each template and
 * entity is still referenced by is computed once, from the outcome of all three.
 *
 * - Create with every field; the template is the charmed base or the scale set's own template.
 * - Update only drifted fields. Min idle and max runners always travel together, so each update
 *   GARM sees keeps min <= max (GARM checks the merged result).
 * - Labels, OS architecture, provider and the organisation/repository cannot change in place
 *   (GARM has no field for labels; the others would move the runners elsewhere): re-create.
 * - Never re-create or delete a scale set whose unit is still related and has not published a
 *   complete description without it (see ownership-record.ts and desired.ts): those are protected.
 */
import type { ScaleSet } from "@garm-charms/garm-client";
import { needsCustomTemplate } from "../runner-template/index.js";
import { entityKey, observedEntityKey, type DesiredScaleset, type ProtectedNames } from "./model.js";
import { addReference, scalesetIdKey, scalesetKey, type Operation } from "./operations.js";
import { problem, type ReconcileProblem } from "./problems.js";
import { decideScaleset, type Decision } from "./scaleset-decision.js";
import type { TemplatePlan } from "./templates.js";

export interface ScalesetPlan {
  readonly operations: readonly Operation[];
  readonly problems: readonly ReconcileProblem[];
  /** Template id -> operations moving scale sets off it, or "stays" (see planTemplateDeletes). */
  readonly templateReferences: ReadonlyMap<number, readonly string[] | "stays">;
  /** Entity key -> operations removing scale sets from it, or "stays" when one remains. */
  readonly entityReferences: ReadonlyMap<string, readonly string[] | "stays">;
}

export interface ScalesetInputs {
  readonly desired: readonly DesiredScaleset[];
  readonly observed: readonly ScaleSet[];
  readonly protected: ProtectedNames;
  /** Provider -> the scale set name its ready unit publishes (only that unit may replace it). */
  readonly claimedOnProvider?: ReadonlyMap<string, string>;
  readonly providers: ReadonlySet<string>;
  readonly templates: TemplatePlan;
}

/** What happens to one observed scale set in this pass, as far as its template and entity go. */
interface Fate {
  readonly observed: ScaleSet;
  /** The operation that moves it off its template; undefined when it stays on it. */
  readonly leavesTemplate?: string;
  /** The operation that takes it off its entity; undefined when it stays there. */
  readonly leavesEntity?: string;
}

export type Ownership = "mine" | "foreign" | "protected";

/** Step 1: whose each observed scale set is, and whether this pass may change it. */
export function classify(
  s: ScaleSet,
  inputs: ScalesetInputs,
  desiredByName: Map<string, DesiredScaleset>,
): Ownership {
  if (!inputs.templates.ownedById.has(s.templateId)) return "foreign";
  const p = inputs.protected;
  if (p.scalesets.has(s.name) || p.providers.has(s.providerName)) return "protected";
  // Published by its own (ready) unit, but another unit's description won the name.
  const claimed = inputs.claimedOnProvider?.get(s.providerName) === s.name;
  const wanted = desiredByName.get(s.name);
  if (claimed && wanted !== undefined && wanted.providerName !== s.providerName) return "protected";
  return "mine";
}

/** The charm's scale set GARM has for a desired one: preferably on the wanted entity. */
function currentOf(desired: DesiredScaleset, mine: readonly ScaleSet[]): ScaleSet | undefined {
  const wanted = entityKey(desired.entity.kind, desired.entity.name);
  return mine.find((s) => observedEntityKey(s) === wanted) ?? mine[0];
}

function foreignProblem(name: string, foreign: ScaleSet): ReconcileProblem {
  return problem(
    `scaleset ${name}`,
    `a scaleset with this name (id ${foreign.id}) exists that the charm did not create; it is left alone`,
    "blocked",
  );
}

/** A new scale set whose runner options need a template that cannot be rendered yet waits. */
function heldForTemplate(desired: DesiredScaleset, decision: Decision): Decision {
  if (decision.kind !== "create" || decision.op.kind !== "create-scaleset") return decision;
  const choice = decision.op.templateName;
  if (!needsCustomTemplate(desired.runnerOptions) || choice !== "github_linux_charmed") return decision;
  return {
    kind: "hold",
    problem: problem(
      `scaleset ${desired.name}`,
      "waiting for its runner template (GARM's system template github_linux is needed to render it) before creating it",
      "waiting",
    ),
  };
}

/** Step 3: my scale sets no desired scale set kept. */
function deleteOperation(s: ScaleSet, desiredNames: ReadonlySet<string>): Operation {
  const key = desiredNames.has(s.name) ? scalesetIdKey(s.id) : scalesetKey(s.name);
  const forge = observedEntityKey(s);
  return {
    kind: "delete-scaleset",
    key,
    after: [],
    ...(forge === undefined ? {} : { forge }),
    id: s.id,
    name: s.name,
    alreadyDisabled: !s.enabled && s.minIdleRunners === 0,
  };
}

/** What each template and entity is still referenced by, from every scale set's fate. */
function references(fates: readonly Fate[], wantedEntities: readonly string[]) {
  const templateReferences = new Map<number, string[] | "stays">();
  const entityReferences = new Map<string, string[] | "stays">();
  for (const fate of fates) {
    addReference(templateReferences, fate.observed.templateId, fate.leavesTemplate ?? "stays");
    const entity = observedEntityKey(fate.observed);
    if (entity !== undefined) addReference(entityReferences, entity, fate.leavesEntity ?? "stays");
  }
  for (const entity of wantedEntities) addReference(entityReferences, entity, "stays");
  return { templateReferences, entityReferences };
}

/** The charm's scale set by this name that the desired one may change; problems for foreign ones. */
function candidatesOf(
  desired: DesiredScaleset,
  candidates: readonly ScaleSet[],
  kinds: Map<number, Ownership>,
) {
  const problems = candidates
    .filter((c) => kinds.get(c.id) === "foreign")
    .map((s) => foreignProblem(desired.name, s));
  const current = currentOf(
    desired,
    candidates.filter((c) => kinds.get(c.id) === "mine"),
  );
  return { problems, current };
}

export function diffScalesets(inputs: ScalesetInputs): ScalesetPlan {
  const desiredByName = new Map(inputs.desired.map((d) => [d.name, d]));
  const kinds = new Map(inputs.observed.map((s) => [s.id, classify(s, inputs, desiredByName)]));
  const operations: Operation[] = [];
  const problems: ReconcileProblem[] = [];
  const fates: Fate[] = [];
  const wantedEntities: string[] = [];
  const decided = new Set<number>();
  for (const desired of inputs.desired) {
    const candidates = inputs.observed.filter((s) => s.name === desired.name);
    const one = candidatesOf(desired, candidates, kinds);
    problems.push(...one.problems);
    if (candidates.length > 0 && one.current === undefined) continue;
    const decision = heldForTemplate(desired, decideScaleset(desired, one.current, inputs));
    if (one.current !== undefined) decided.add(one.current.id);
    if (decision.problem !== undefined) problems.push(decision.problem);
    if ("op" in decision) operations.push(decision.op);
    if (one.current !== undefined) fates.push({ observed: one.current, ...decision.fate });
    if (decision.kind !== "hold") wantedEntities.push(entityKey(desired.entity.kind, desired.entity.name));
  }
  for (const s of inputs.observed) {
    if (decided.has(s.id)) continue;
    if (kinds.get(s.id) !== "mine") {
      fates.push({ observed: s });
      continue;
    }
    const op = deleteOperation(s, new Set(desiredByName.keys()));
    operations.push(op);
    fates.push({ observed: s, leavesTemplate: op.key, leavesEntity: op.key });
  }
  return { operations, problems, ...references(fates, wantedEntities) };
}

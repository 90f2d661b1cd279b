/**
 * Step 2 of the scale-set diff: what to do with one desired scale set given the charm's scale set
 * of that name in GARM (if any): create, re-create, update the drifted fields, keep, or hold (leave
 * it as it is this pass, with the reason).
 */
import type { ScaleSet, UpdateScaleSetParams } from "@garm-charms/garm-client";
import { DEFAULT_RUNNER_GROUP, entityKey, observedEntityKey, type DesiredScaleset } from "./model.js";
import { entityOpKey, scalesetKey, templateKey, type Operation } from "./operations.js";
import { CHARMED_TEMPLATE_NAME } from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";
import type { TemplatePlan } from "./templates.js";

/** Which operation, if any, moves the current scale set off its template or its entity. */
export interface FateChange {
  readonly leavesTemplate?: string;
  readonly leavesEntity?: string;
}

export type Decision =
  | { readonly kind: "hold" | "keep"; readonly problem?: ReconcileProblem; readonly fate?: FateChange }
  | {
      readonly kind: "create" | "recreate" | "update";
      readonly op: Operation;
      readonly problem?: ReconcileProblem;
      readonly fate?: FateChange;
    };

type ScalesetChanges = Omit<UpdateScaleSetParams, "templateId">;
type MutableChanges = { -readonly [K in keyof ScalesetChanges]?: ScalesetChanges[K] };

/** Key order does not matter to GARM; compare canonically. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const normaliseGroup = (group: string): string => (group === "" ? DEFAULT_RUNNER_GROUP : group);

function sameLabels(observed: readonly string[], desired: readonly string[]): boolean {
  const sorted = [...observed].sort();
  return sorted.length === desired.length && sorted.every((label, i) => label === desired[i]);
}

export function recreateReason(observed: ScaleSet, desired: DesiredScaleset): string | undefined {
  const reasons: string[] = [];
  if (!sameLabels(observed.labels, desired.labels)) {
    reasons.push(`labels [${[...observed.labels].sort().join(",")}] -> [${desired.labels.join(",")}]`);
  }
  if (observed.osArch !== desired.osArch) reasons.push(`os_arch ${observed.osArch} -> ${desired.osArch}`);
  if (observed.providerName !== desired.providerName)
    reasons.push(`provider ${observed.providerName} -> ${desired.providerName}`);
  if (observedEntityKey(observed) !== entityKey(desired.entity.kind, desired.entity.name))
    reasons.push(`${desired.entity.kind} ${observed.owner?.name ?? "?"} -> ${desired.entity.name}`);
  return reasons.length === 0 ? undefined : `${reasons.join("; ")}: GARM cannot change this in place`;
}

/** Disabled with no idle minimum: an earlier pass began removing it (its runners may be draining). */
function disabledForRemoval(scaleset: ScaleSet): boolean {
  return !scaleset.enabled && scaleset.minIdleRunners === 0;
}

type SizeChanges = Pick<MutableChanges, "minIdleRunners" | "maxRunners">;

/**
 * Min idle and max runners, when they drifted. Charm-managed: both together, so the merged result
 * GARM validates is the desired, valid pair. Planner-managed: the pressure reconciler owns min
 * idle, so only max runners drifts; lowering it sends min idle clamped under the new max with it
 * (GARM would check the service's raised value against the new max and answer 400).
 */
function sizeChanges(
  current: ScaleSet,
  desired: DesiredScaleset,
): { field: string; changes: SizeChanges } | undefined {
  if (!desired.plannerManaged) {
    if (current.minIdleRunners === desired.minIdleRunners && current.maxRunners === desired.maxRunners)
      return undefined;
    const changes = { minIdleRunners: desired.minIdleRunners, maxRunners: desired.maxRunners };
    return { field: "min_idle_runners/max_runners", changes };
  }
  if (current.maxRunners === desired.maxRunners) return undefined;
  if (desired.maxRunners > current.maxRunners)
    return { field: "max_runners", changes: { maxRunners: desired.maxRunners } };
  const minIdleRunners = Math.min(current.minIdleRunners, desired.maxRunners);
  return { field: "max_runners", changes: { minIdleRunners, maxRunners: desired.maxRunners } };
}

/** The drifted fields (template aside), with the values to send. */
function driftOf(
  current: ScaleSet,
  desired: DesiredScaleset,
): { changes: MutableChanges; drifted: string[] } {
  const changes: MutableChanges = {};
  const drifted: string[] = [];
  const drift = (field: string, set: () => void): void => {
    set();
    drifted.push(field);
  };
  if (current.image !== desired.image) drift("image", () => (changes.image = desired.image));
  if (current.flavor !== desired.flavor) drift("flavor", () => (changes.flavor = desired.flavor));
  const sizes = sizeChanges(current, desired);
  if (sizes !== undefined) drift(sizes.field, () => Object.assign(changes, sizes.changes));
  if (!current.enabled) drift("enabled", () => (changes.enabled = true));
  if (normaliseGroup(current.runnerGroup) !== normaliseGroup(desired.runnerGroup))
    drift("runner_group", () => (changes.runnerGroup = desired.runnerGroup));
  if (canonicalJson(current.extraSpecs) !== canonicalJson(desired.extraSpecs))
    drift("extra_specs", () => (changes.extraSpecs = desired.extraSpecs));
  return { changes, drifted };
}

/** The template to move the scale set to, when its choice differs from what it points at. */
function newTemplateOf(
  current: ScaleSet,
  desired: DesiredScaleset,
  templates: TemplatePlan,
): string | undefined {
  const choice = templates.choices.get(desired.name);
  if (choice?.kind !== "use" || templates.ownedByName.get(choice.name)?.id === current.templateId)
    return undefined;
  if (choice.name === CHARMED_TEMPLATE_NAME && !templates.charmedAvailable) return undefined;
  return choice.name;
}

function update(current: ScaleSet, desired: DesiredScaleset, templates: TemplatePlan): Decision {
  const { changes, drifted } = driftOf(current, desired);
  const newTemplate = newTemplateOf(current, desired, templates);
  if (newTemplate !== undefined) drifted.push("template");
  if (drifted.length === 0) return { kind: "keep" };
  const key = scalesetKey(desired.name);
  const forge = observedEntityKey(current);
  const op: Operation = {
    kind: "update-scaleset",
    key,
    after: newTemplate === undefined ? [] : [templateKey(newTemplate)],
    ...(forge === undefined ? {} : { forge }),
    id: current.id,
    name: desired.name,
    changes,
    templateName: newTemplate,
    drifted,
  };
  return { kind: "update", op, fate: newTemplate === undefined ? {} : { leavesTemplate: key } };
}

function waitForCharmed(desired: DesiredScaleset, what: string): Decision {
  const message = `waiting for template ${CHARMED_TEMPLATE_NAME} before ${what} it`;
  return { kind: "hold", problem: problem(`scaleset ${desired.name}`, message, "waiting") };
}

function createOrRecreate(desired: DesiredScaleset, current: ScaleSet | undefined, templates: TemplatePlan) {
  const choice = templates.choices.get(desired.name) ?? { kind: "keep" };
  const templateName = choice.kind === "use" ? choice.name : CHARMED_TEMPLATE_NAME;
  const wanted = entityKey(desired.entity.kind, desired.entity.name);
  const base = {
    key: scalesetKey(desired.name),
    after: [entityOpKey(wanted), templateKey(templateName)],
    forge: wanted,
    scaleset: desired,
    extraSpecs: desired.extraSpecs,
    templateName,
  };
  const charmedMissing = !templates.charmedAvailable && templateName === CHARMED_TEMPLATE_NAME;
  if (current === undefined) {
    if (charmedMissing) return waitForCharmed(desired, "creating");
    return { kind: "create", op: { kind: "create-scaleset", ...base } } satisfies Decision;
  }
  const reason = recreateReason(current, desired);
  if (reason === undefined) return undefined;
  if (charmedMissing) return waitForCharmed(desired, "re-creating");
  const op: Operation = {
    kind: "recreate-scaleset",
    ...base,
    id: current.id,
    reason,
    alreadyDisabled: disabledForRemoval(current),
  };
  const leavesEntity = observedEntityKey(current) !== wanted ? base.key : undefined;
  return {
    kind: "recreate",
    op,
    fate: { leavesTemplate: base.key, ...(leavesEntity === undefined ? {} : { leavesEntity }) },
  } satisfies Decision;
}

export function decideScaleset(
  desired: DesiredScaleset,
  current: ScaleSet | undefined,
  inputs: { readonly providers: ReadonlySet<string>; readonly templates: TemplatePlan },
): Decision {
  const { templates } = inputs;
  // The template plan has said why (a foreign template by its name, options it cannot render).
  if (templates.blockedScalesets.has(desired.name)) return { kind: "hold" };
  if (!inputs.providers.has(desired.providerName)) {
    const message = `provider ${desired.providerName} is not registered in GARM yet`;
    return { kind: "hold", problem: problem(`scaleset ${desired.name}`, message, "waiting") };
  }
  const created = createOrRecreate(desired, current, templates);
  if (created !== undefined || current === undefined) return created ?? { kind: "hold" };
  return update(current, desired, templates);
}

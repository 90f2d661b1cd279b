/**
 * Scale sets: a pure diff from the desired scale sets and GARM's, given the template plan.
 *
 * - Create with every field; the template is the charmed base or the scale set's own template.
 * - Update only drifted fields. Min idle and max runners always travel together, so each update
 *   GARM sees keeps min <= max (GARM checks the merged result).
 * - Labels, OS architecture, provider and the organisation/repository cannot change in place
 *   (GARM has no field for labels; the others would move the runners elsewhere): re-create.
 * - Delete only the charm's scale sets (see ownership.ts) that no ready unit wants and no
 *   not-ready unit may still claim.
 */
import type { ScaleSet, UpdateScaleSetParams } from "@garm-charms/garm-client";
import {
  buildPreInstallExtraSpecs,
  PreInstallScriptOrderError,
  UnsafeRunnerOptionError,
} from "../runner-template/index.js";
import {
  DEFAULT_RUNNER_GROUP,
  entityKey,
  type DesiredScaleset,
  type EntityKind,
  type ProtectedNames,
} from "./desired.js";
import {
  addReference,
  entityOpKey,
  scalesetIdKey,
  scalesetKey,
  templateKey,
  type Operation,
  type ScalesetExtraSpecs,
} from "./operations.js";
import { CHARMED_TEMPLATE_NAME } from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";
import type { TemplatePlan } from "./templates.js";

type ScalesetChanges = Omit<UpdateScaleSetParams, "templateId">;

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
  readonly providers: ReadonlySet<string>;
  readonly templates: TemplatePlan;
}

export function observedEntityKey(scaleset: ScaleSet): string | undefined {
  const owner = scaleset.owner;
  if (owner === undefined || owner.kind === "enterprise") return undefined;
  const kind: EntityKind = owner.kind === "organisation" ? "organization" : "repository";
  return entityKey(kind, owner.name);
}

/** `{}` when there is nothing to send, so that clearing the options also clears GARM's copy. */
export function desiredExtraSpecs(scaleset: DesiredScaleset): ScalesetExtraSpecs {
  return { ...buildPreInstallExtraSpecs(scaleset.preInstallScripts, scaleset.runnerOptions) };
}

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

function recreateReason(observed: ScaleSet, desired: DesiredScaleset): string | undefined {
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

export function diffScalesets(inputs: ScalesetInputs): ScalesetPlan {
  const operations: Operation[] = [];
  const problems: ReconcileProblem[] = [];
  const templateReferences = new Map<number, string[] | "stays">();
  const entityReferences = new Map<string, string[] | "stays">();
  const { templates } = inputs;
  const owned = (s: ScaleSet): boolean => templates.ownedById.has(s.templateId);
  const byName = new Map<string, ScaleSet[]>();
  for (const s of inputs.observed) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const desiredNames = new Set(inputs.desired.map((d) => d.name));
  /** Observed scale sets this pass keeps (possibly updated); the rest are deleted or foreign. */
  const handled = new Set<number>();

  const stay = (s: ScaleSet, templateId = s.templateId): void => {
    handled.add(s.id);
    addReference(templateReferences, templateId, "stays");
    const entity = observedEntityKey(s);
    if (entity !== undefined) addReference(entityReferences, entity, "stays");
  };

  for (const desired of inputs.desired) {
    const subject = `scaleset ${desired.name}`;
    const candidates = byName.get(desired.name) ?? [];
    const wantedEntity = entityKey(desired.entity.kind, desired.entity.name);
    const mine = candidates.filter(owned);
    const current = mine.find((s) => observedEntityKey(s) === wantedEntity) ?? mine[0];
    for (const foreign of candidates.filter((s) => !owned(s))) {
      stay(foreign);
      problems.push(
        problem(
          subject,
          `a scaleset with this name (id ${foreign.id}) exists that the charm did not create; it is left alone`,
          "blocked",
        ),
      );
    }
    if (candidates.length > 0 && current === undefined) continue;
    if (templates.blockedScalesets.has(desired.name)) {
      if (current !== undefined) stay(current);
      continue;
    }
    let extraSpecs: ScalesetExtraSpecs;
    try {
      extraSpecs = desiredExtraSpecs(desired);
    } catch (err) {
      if (!(err instanceof UnsafeRunnerOptionError || err instanceof PreInstallScriptOrderError)) throw err;
      if (current !== undefined) stay(current);
      problems.push(problem(subject, `${err.message}; the scaleset is left as it is`, "blocked"));
      continue;
    }
    if (!inputs.providers.has(desired.providerName)) {
      if (current !== undefined) stay(current);
      problems.push(
        problem(subject, `provider ${desired.providerName} is not registered in GARM yet`, "waiting"),
      );
      continue;
    }
    const choice = templates.choices.get(desired.name) ?? { kind: "keep" };
    const templateName = choice.kind === "use" ? choice.name : CHARMED_TEMPLATE_NAME;
    const after = [entityOpKey(wantedEntity), templateKey(templateName)];
    const key = scalesetKey(desired.name);
    if (current === undefined) {
      if (!templates.charmedAvailable && templateName === CHARMED_TEMPLATE_NAME) {
        problems.push(
          problem(subject, `waiting for template ${CHARMED_TEMPLATE_NAME} before creating it`, "waiting"),
        );
        continue;
      }
      operations.push({ kind: "create-scaleset", key, after, scaleset: desired, extraSpecs, templateName });
      addReference(entityReferences, wantedEntity, "stays");
      continue;
    }
    const reason = recreateReason(current, desired);
    if (reason !== undefined) {
      if (!templates.charmedAvailable && templateName === CHARMED_TEMPLATE_NAME) {
        stay(current);
        problems.push(
          problem(subject, `waiting for template ${CHARMED_TEMPLATE_NAME} before re-creating it`, "waiting"),
        );
        continue;
      }
      handled.add(current.id);
      operations.push({
        kind: "recreate-scaleset",
        key,
        after,
        id: current.id,
        reason,
        scaleset: desired,
        extraSpecs,
        templateName,
        alreadyDisabled: disabledForRemoval(current),
      });
      addReference(templateReferences, current.templateId, key);
      const oldEntity = observedEntityKey(current);
      if (oldEntity !== undefined && oldEntity !== wantedEntity)
        addReference(entityReferences, oldEntity, key);
      addReference(entityReferences, wantedEntity, "stays");
      continue;
    }
    const changes: { -readonly [K in keyof ScalesetChanges]?: ScalesetChanges[K] } = {};
    const drifted: string[] = [];
    if (current.image !== desired.image) {
      changes.image = desired.image;
      drifted.push("image");
    }
    if (current.flavor !== desired.flavor) {
      changes.flavor = desired.flavor;
      drifted.push("flavor");
    }
    if (current.minIdleRunners !== desired.minIdleRunners || current.maxRunners !== desired.maxRunners) {
      // Both together: the merged result GARM validates is then the desired, valid pair.
      changes.minIdleRunners = desired.minIdleRunners;
      changes.maxRunners = desired.maxRunners;
      drifted.push("min_idle_runners/max_runners");
    }
    if (!current.enabled) {
      changes.enabled = true;
      drifted.push("enabled");
    }
    if (normaliseGroup(current.runnerGroup) !== normaliseGroup(desired.runnerGroup)) {
      changes.runnerGroup = desired.runnerGroup;
      drifted.push("runner_group");
    }
    if (canonicalJson(current.extraSpecs) !== canonicalJson(extraSpecs)) {
      changes.extraSpecs = extraSpecs;
      drifted.push("extra_specs");
    }
    let newTemplate: string | undefined;
    if (choice.kind === "use" && templates.ownedByName.get(choice.name)?.id !== current.templateId) {
      if (choice.name !== CHARMED_TEMPLATE_NAME || templates.charmedAvailable) {
        newTemplate = choice.name;
        drifted.push("template");
      }
    }
    if (drifted.length === 0) {
      stay(current);
      continue;
    }
    handled.add(current.id);
    operations.push({
      kind: "update-scaleset",
      key,
      after: newTemplate === undefined ? [] : [templateKey(newTemplate)],
      id: current.id,
      name: desired.name,
      changes,
      templateName: newTemplate,
      drifted,
    });
    if (newTemplate === undefined) addReference(templateReferences, current.templateId, "stays");
    else addReference(templateReferences, current.templateId, key);
    addReference(entityReferences, wantedEntity, "stays");
  }

  for (const observed of inputs.observed) {
    if (handled.has(observed.id)) continue;
    const isProtected =
      inputs.protected.scalesets.has(observed.name) ||
      (inputs.protected.providers.has(observed.providerName) && !desiredNames.has(observed.name));
    if (!owned(observed) || isProtected) {
      stay(observed);
      continue;
    }
    const key = desiredNames.has(observed.name) ? scalesetIdKey(observed.id) : scalesetKey(observed.name);
    operations.push({
      kind: "delete-scaleset",
      key,
      after: [],
      id: observed.id,
      name: observed.name,
      alreadyDisabled: disabledForRemoval(observed),
    });
    addReference(templateReferences, observed.templateId, key);
    const entity = observedEntityKey(observed);
    if (entity !== undefined) addReference(entityReferences, entity, key);
  }
  return { operations, problems, templateReferences, entityReferences };
}

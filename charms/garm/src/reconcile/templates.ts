/**
 * Runner-install templates: the charmed base `github_linux_charmed` and one
 * `github_linux-<scaleset>` per scale set whose runner options need a template. Pure diffs.
 */
import type { Template } from "@garm-charms/garm-client";
import type { DebugSshConnection } from "@garm-charms/interfaces";
import {
  PreInstallScriptOrderError,
  renderRunnerTemplate,
  UnsafeRunnerOptionError,
  UnsupportedSystemTemplateError,
} from "../runner-template/index.js";
import { renderCharmedTemplate, UnsafeDebugSshValueError } from "./debug-ssh-snippet.js";
import type { DesiredScaleset } from "./desired.js";
import { templateKey, type Operation } from "./operations.js";
import {
  CHARMED_TEMPLATE_NAME,
  isCharmTemplateName,
  isOwnedTemplateDescription,
  SCALESET_TEMPLATE_PREFIX,
  scalesetTemplateName,
  templateDescription,
  templateDescriptionMatches,
} from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";

/** Which template a desired scale set should point at. */
export type TemplateChoice =
  /** Point it at this template (created or updated in this pass when needed). */
  | { readonly kind: "use"; readonly name: string }
  /** Leave an existing scale set's template as it is; a new one gets the charmed template. */
  | { readonly kind: "keep" };

export interface TemplatePlan {
  readonly operations: readonly Operation[];
  readonly problems: readonly ReconcileProblem[];
  readonly choices: ReadonlyMap<string, TemplateChoice>;
  /** Whether `github_linux_charmed` exists as the charm's, or is created in this pass. */
  readonly charmedAvailable: boolean;
  /** The charm's templates in GARM, by id (these make a scale set the charm's). */
  readonly ownedById: ReadonlyMap<number, Template>;
  readonly ownedByName: ReadonlyMap<string, Template>;
  /** Scale sets to leave alone because another owner's template holds their template name. */
  readonly blockedScalesets: ReadonlySet<string>;
}

export interface TemplateInputs {
  readonly scalesets: readonly DesiredScaleset[];
  readonly observed: readonly Template[];
  readonly systemScript: string | undefined;
  readonly sshDebug: DebugSshConnection | undefined;
}

function isRenderError(err: unknown): err is Error {
  return (
    err instanceof UnsafeRunnerOptionError ||
    err instanceof UnsupportedSystemTemplateError ||
    err instanceof PreInstallScriptOrderError ||
    err instanceof UnsafeDebugSshValueError
  );
}

/** The charm's templates in GARM, and templates by a charm name the charm did not make. */
function sortObserved(observed: readonly Template[]) {
  const ownedById = new Map<number, Template>();
  const ownedByName = new Map<string, Template>();
  const foreignByName = new Map<string, Template>();
  for (const template of observed) {
    if (template.isSystem || !isCharmTemplateName(template.name)) continue;
    if (isOwnedTemplateDescription(template.description)) {
      ownedById.set(template.id, template);
      ownedByName.set(template.name, template);
    } else {
      foreignByName.set(template.name, template);
    }
  }
  return { ownedById, ownedByName, foreignByName };
}

/** A create, an update, or nothing, so that GARM holds `script` under `name`. */
function writeTemplate(
  name: string,
  existing: Template | undefined,
  description: string,
  script: string,
): Operation | undefined {
  const base = { key: templateKey(name), after: [], name, description, script };
  if (existing === undefined) return { kind: "create-template", ...base };
  if (templateDescriptionMatches(existing.description, script)) return undefined;
  return { kind: "update-template", ...base, id: existing.id };
}

/** GARM's system template with the debug-ssh settings; undefined when it cannot be rendered. */
function charmedScriptOf(inputs: TemplateInputs, problems: ReconcileProblem[]): string | undefined {
  if (inputs.systemScript === undefined) {
    problems.push(
      problem(
        "template github_linux",
        "GARM's system template github_linux is missing (restore it with garm-cli template restore); charm templates are kept as they are",
        "waiting",
      ),
    );
    return undefined;
  }
  try {
    return renderCharmedTemplate(inputs.systemScript, inputs.sshDebug);
  } catch (err) {
    if (!(err instanceof UnsafeDebugSshValueError)) throw err;
    problems.push(
      problem("relation debug-ssh", `${err.message}; the charmed template is left as it is`, "blocked"),
    );
    return undefined;
  }
}

interface PlanParts {
  readonly operations: Operation[];
  readonly problems: ReconcileProblem[];
  readonly choices: Map<string, TemplateChoice>;
  readonly blockedScalesets: Set<string>;
  readonly ownedByName: ReadonlyMap<string, Template>;
  readonly foreignByName: ReadonlyMap<string, Template>;
}

/** The charmed base: created or updated; whether it exists (or will) once this pass is done. */
function planCharmed(parts: PlanParts, charmedScript: string | undefined): boolean {
  const charmed = parts.ownedByName.get(CHARMED_TEMPLATE_NAME);
  if (parts.foreignByName.has(CHARMED_TEMPLATE_NAME) && charmed === undefined) {
    parts.problems.push(
      problem(
        `template ${CHARMED_TEMPLATE_NAME}`,
        "a template with this name exists that the charm did not create; rename or delete it so the charm can create its own",
        "blocked",
      ),
    );
    return false;
  }
  if (charmedScript === undefined) return charmed !== undefined;
  const purpose = "GARM's github_linux with the charm's debug-ssh settings";
  const op = writeTemplate(
    CHARMED_TEMPLATE_NAME,
    charmed,
    templateDescription(purpose, charmedScript),
    charmedScript,
  );
  if (op !== undefined) parts.operations.push(op);
  return true;
}

/** A scale set's own template: its choice, and the write that makes GARM hold it. */
function planScalesetTemplate(
  parts: PlanParts,
  scaleset: DesiredScaleset,
  charmedScript: string | undefined,
) {
  const name = scalesetTemplateName(scaleset.name);
  const subject = `scaleset ${scaleset.name}`;
  if (parts.foreignByName.has(name) && !parts.ownedByName.has(name)) {
    parts.blockedScalesets.add(scaleset.name);
    const message = `template ${name} exists but the charm did not create it; the scaleset is left alone until it is renamed or deleted`;
    parts.problems.push(problem(subject, message, "blocked"));
    return;
  }
  if (charmedScript === undefined) {
    parts.choices.set(scaleset.name, { kind: "keep" });
    return;
  }
  let rendered;
  try {
    rendered = renderRunnerTemplate(charmedScript, scaleset.runnerOptions);
  } catch (err) {
    if (!isRenderError(err)) throw err;
    // Never create or update the scale set without the options it asked for.
    parts.choices.set(scaleset.name, { kind: "keep" });
    parts.blockedScalesets.add(scaleset.name);
    const message = `${err.message}; its template and the scaleset are left as they are`;
    parts.problems.push(problem(subject, message, "blocked"));
    return;
  }
  if (rendered.kind === "default") {
    parts.choices.set(scaleset.name, { kind: "use", name: CHARMED_TEMPLATE_NAME });
    return;
  }
  parts.choices.set(scaleset.name, { kind: "use", name });
  const description = templateDescription(`runner template for scaleset ${scaleset.name}`, rendered.content);
  const op = writeTemplate(name, parts.ownedByName.get(name), description, rendered.content);
  if (op !== undefined) parts.operations.push(op);
}

/** Creates and updates of templates, and the template each desired scale set gets. */
export function planTemplates(inputs: TemplateInputs): TemplatePlan {
  const { ownedById, ownedByName, foreignByName } = sortObserved(inputs.observed);
  const parts: PlanParts = {
    operations: [],
    problems: [],
    choices: new Map(),
    blockedScalesets: new Set(),
    ownedByName,
    foreignByName,
  };
  const charmedScript = charmedScriptOf(inputs, parts.problems);
  const charmedAvailable = planCharmed(parts, charmedScript);
  for (const scaleset of inputs.scalesets) planScalesetTemplate(parts, scaleset, charmedScript);
  const { operations, problems, choices, blockedScalesets } = parts;
  return { operations, problems, choices, charmedAvailable, ownedById, ownedByName, blockedScalesets };
}

/**
 * Deletes of the charm's per-scaleset templates nothing will use: no desired scale set chooses
 * it, its name is not protected, and every scale set still pointing at it is moved away or
 * deleted in this pass (the delete waits for those operations). The charmed base is never deleted.
 *
 * @param finalReferences template id -> keys of the operations that move scale sets off it, or
 *   `"stays"` when some scale set keeps pointing at it
 */
export function planTemplateDeletes(
  plan: TemplatePlan,
  finalReferences: ReadonlyMap<number, readonly string[] | "stays">,
  protectedTemplates: ReadonlySet<string>,
): Operation[] {
  const chosen = new Set<string>();
  for (const choice of plan.choices.values()) if (choice.kind === "use") chosen.add(choice.name);
  const operations: Operation[] = [];
  for (const template of plan.ownedById.values()) {
    if (!template.name.startsWith(SCALESET_TEMPLATE_PREFIX)) continue;
    if (chosen.has(template.name) || protectedTemplates.has(template.name)) continue;
    if (plan.blockedScalesets.has(template.name.slice(SCALESET_TEMPLATE_PREFIX.length))) continue;
    const references = finalReferences.get(template.id) ?? [];
    if (references === "stays") continue;
    operations.push({
      kind: "delete-template",
      key: templateKey(template.name),
      after: references,
      id: template.id,
      name: template.name,
    });
  }
  return operations;
}

/**
 * The whole diff, without HTTP: templates, then scale sets (which need the template plan), then
 * entities (which need to know which scale sets go), then credentials (which need to know which
 * entities go). Operations come back in execution order.
 */
import type { DebugSshConnection } from "@garm-charms/interfaces";
import { diffCredentials, ownedCredentialNames } from "./credentials.js";
import type { DesiredState } from "./desired.js";
import { diffEntities, observedEntities } from "./entities.js";
import type { ObservedState } from "./observed.js";
import { sortByPhase, type Operation } from "./operations.js";
import type { ReconcileProblem } from "./problems.js";
import { diffScalesets } from "./scalesets.js";
import { planTemplateDeletes, planTemplates } from "./templates.js";

export interface ReconcilePlan {
  readonly operations: readonly Operation[];
  readonly problems: readonly ReconcileProblem[];
}

export function planReconcile(
  desired: DesiredState,
  observed: ObservedState,
  sshDebug: DebugSshConnection | undefined,
): ReconcilePlan {
  const templates = planTemplates({
    scalesets: desired.scalesets,
    observed: observed.templates,
    systemScript: observed.systemTemplateScript,
    sshDebug,
  });
  const scalesets = diffScalesets({
    desired: desired.scalesets,
    observed: observed.scalesets,
    protected: desired.protected,
    claimedOnProvider: desired.claimedOnProvider,
    providers: new Set(observed.providers.map((p) => p.name)),
    templates,
  });
  const templateDeletes = planTemplateDeletes(
    templates,
    scalesets.templateReferences,
    desired.protected.templates,
  );
  const entities = diffEntities({
    desired: desired.entities,
    observed: observedEntities(observed.organisations, observed.repositories),
    ownedCredentials: ownedCredentialNames(observed.credentials),
    protected: desired.protected.entities,
    scalesetReferences: scalesets.entityReferences,
  });
  const credentials = diffCredentials({
    desired: desired.credentials,
    observed: observed.credentials,
    protected: desired.protected.credentials,
    entityReferences: entities.credentialReferences,
  });
  return {
    operations: sortByPhase([
      ...credentials.operations,
      ...entities.operations,
      ...templates.operations,
      ...scalesets.operations,
      ...templateDeletes,
    ]),
    problems: [...templates.problems, ...scalesets.problems, ...entities.problems, ...credentials.problems],
  };
}

/**
 * What the `plan` action reports besides the operations: the objects GARM holds that the next
 * reconcile keeps although no configurator wants them, because the charm did not make them
 * (foreign) or because their configurator unit still claims them (protected). Classified with the
 * reconcilers' own rules, from the same desired and observed state as the plan.
 */
import type { DebugSshConnection } from "@garm-charms/interfaces";
import { ownedCredentialNames } from "./credentials.js";
import { entityKey, type DesiredState } from "./desired.js";
import { observedEntities } from "./entities.js";
import type { ObservedState } from "./observed.js";
import { isCharmTemplate, isOwnedCredentialDescription } from "./ownership.js";
import { classify, type ScalesetInputs } from "./scalesets.js";
import { planTemplates } from "./templates.js";

export interface KeptObject {
  /** `scaleset <name> (id <id>)`, `credentials <name>`, `organization <name>`, `template <name>`. */
  readonly object: string;
  readonly reason: "foreign" | "protected";
}

function keptScalesets(
  desired: DesiredState,
  observed: ObservedState,
  sshDebug: DebugSshConnection | undefined,
): KeptObject[] {
  const inputs: ScalesetInputs = {
    desired: desired.scalesets,
    observed: observed.scalesets,
    protected: desired.protected,
    claimedOnProvider: desired.claimedOnProvider,
    providers: new Set(observed.providers.map((p) => p.name)),
    templates: planTemplates({
      scalesets: desired.scalesets,
      observed: observed.templates,
      systemScript: observed.systemTemplateScript,
      sshDebug,
    }),
  };
  const desiredByName = new Map(desired.scalesets.map((d) => [d.name, d]));
  return observed.scalesets.flatMap((s) => {
    const ownership = classify(s, inputs, desiredByName);
    return ownership === "mine" ? [] : [{ object: `scaleset ${s.name} (id ${s.id})`, reason: ownership }];
  });
}

function keptCredentialsAndEntities(desired: DesiredState, observed: ObservedState): KeptObject[] {
  const wantedCredentials = new Set(desired.credentials.map((c) => c.name));
  const credentials = observed.credentials.flatMap((c): KeptObject[] => {
    if (!isOwnedCredentialDescription(c.description))
      return [{ object: `credentials ${c.name}`, reason: "foreign" }];
    const claimed = desired.protected.credentials.has(c.name) && !wantedCredentials.has(c.name);
    return claimed ? [{ object: `credentials ${c.name}`, reason: "protected" }] : [];
  });
  const owned = ownedCredentialNames(observed.credentials);
  const wantedEntities = new Set(desired.entities.map((e) => entityKey(e.kind, e.name)));
  const entities = observedEntities(observed.organisations, observed.repositories).flatMap(
    (e): KeptObject[] => {
      const object = `${e.kind} ${e.name}`;
      if (!owned.has(e.credentialsName)) return [{ object, reason: "foreign" }];
      const key = entityKey(e.kind, e.name);
      return desired.protected.entities.has(key) && !wantedEntities.has(key)
        ? [{ object, reason: "protected" }]
        : [];
    },
  );
  return [...credentials, ...entities];
}

function keptTemplates(desired: DesiredState, observed: ObservedState): KeptObject[] {
  return observed.templates.flatMap((t): KeptObject[] => {
    if (t.isSystem) return [];
    if (!isCharmTemplate(t)) return [{ object: `template ${t.name}`, reason: "foreign" }];
    return desired.protected.templates.has(t.name)
      ? [{ object: `template ${t.name}`, reason: "protected" }]
      : [];
  });
}

export function keptObjects(
  desired: DesiredState,
  observed: ObservedState,
  sshDebug: DebugSshConnection | undefined,
): KeptObject[] {
  return [
    ...keptScalesets(desired, observed, sshDebug),
    ...keptCredentialsAndEntities(desired, observed),
    ...keptTemplates(desired, observed),
  ];
}

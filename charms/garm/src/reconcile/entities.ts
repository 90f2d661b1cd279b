/**
 * Organisations and repositories: a pure diff. GARM gives them no description, so one is the
 * charm's when its credentials are the charm's (GARM will not delete credentials in use, which
 * keeps that link honest). The webhook secret is the charm's one stored secret, not a new one
 * per registration.
 */
import type { Organisation, Repository } from "@garm-charms/garm-client";
import { entityKey, type DesiredEntity, type EntityKind } from "./desired.js";
import { addReference, credentialKey, entityOpKey, type Operation } from "./operations.js";
import { problem, type ReconcileProblem } from "./problems.js";

export interface ObservedEntity {
  readonly kind: EntityKind;
  readonly id: string;
  /** `org` or `owner/repo`. */
  readonly name: string;
  readonly credentialsName: string;
}

export function observedEntities(
  organisations: readonly Organisation[],
  repositories: readonly Repository[],
): ObservedEntity[] {
  return [
    ...organisations.map((o) => ({
      kind: "organization" as const,
      id: o.id,
      name: o.name,
      credentialsName: o.credentialsName,
    })),
    ...repositories.map((r) => ({
      kind: "repository" as const,
      id: r.id,
      name: `${r.owner}/${r.name}`,
      credentialsName: r.credentialsName,
    })),
  ];
}

export interface EntityInputs {
  readonly desired: readonly DesiredEntity[];
  readonly observed: readonly ObservedEntity[];
  /** Names of the charm's credentials in GARM. */
  readonly ownedCredentials: ReadonlySet<string>;
  readonly protected: ReadonlySet<string>;
  /** From the scale-set plan: operations removing scale sets from an entity, or "stays". */
  readonly scalesetReferences: ReadonlyMap<string, readonly string[] | "stays">;
}

export interface EntityPlan {
  readonly operations: readonly Operation[];
  readonly problems: readonly ReconcileProblem[];
  /** Credentials name -> operations that let go of it, or "stays" while an entity keeps using it. */
  readonly credentialReferences: ReadonlyMap<string, readonly string[] | "stays">;
}

/** The delete of an entity no unit wants, unless it is not the charm's, protected or still used. */
function deleteOperation(observed: ObservedEntity, key: string, inputs: EntityInputs): Operation | undefined {
  const scalesets = inputs.scalesetReferences.get(key) ?? [];
  const mine = inputs.ownedCredentials.has(observed.credentialsName);
  if (!mine || inputs.protected.has(key) || scalesets === "stays") return undefined;
  return {
    kind: "delete-entity",
    key: entityOpKey(key),
    after: scalesets,
    id: observed.id,
    entityKind: observed.kind,
    name: observed.name,
  };
}

export function diffEntities(inputs: EntityInputs): EntityPlan {
  const operations: Operation[] = [];
  const problems: ReconcileProblem[] = [];
  const credentialReferences = new Map<string, string[] | "stays">();
  const refer = (credentials: string, ref: string | "stays"): void =>
    addReference(credentialReferences, credentials, ref);
  const observedByKey = new Map(inputs.observed.map((e) => [entityKey(e.kind, e.name), e]));
  const desiredKeys = new Set<string>();
  for (const entity of inputs.desired) {
    const key = entityKey(entity.kind, entity.name);
    desiredKeys.add(key);
    const observed = observedByKey.get(key);
    const after = [credentialKey(entity.credentialsName)];
    if (observed === undefined) {
      // GARM may call GitHub for it (it hangs with a GitHub that never answers).
      operations.push({ kind: "create-entity", key: entityOpKey(key), after, forge: key, entity });
      refer(entity.credentialsName, "stays");
      continue;
    }
    if (observed.credentialsName === entity.credentialsName) {
      refer(observed.credentialsName, "stays");
      continue;
    }
    if (!inputs.ownedCredentials.has(observed.credentialsName)) {
      refer(observed.credentialsName, "stays");
      problems.push(
        problem(
          `${entity.kind} ${entity.name}`,
          `uses credentials ${observed.credentialsName}, which the charm does not manage; left on them`,
          "blocked",
        ),
      );
      continue;
    }
    operations.push({
      kind: "update-entity-credentials",
      key: entityOpKey(key),
      after,
      id: observed.id,
      entity,
    });
    refer(observed.credentialsName, entityOpKey(key));
    refer(entity.credentialsName, "stays");
  }
  for (const observed of inputs.observed) {
    const key = entityKey(observed.kind, observed.name);
    if (desiredKeys.has(key)) continue;
    const op = deleteOperation(observed, key, inputs);
    if (op !== undefined) operations.push(op);
    refer(observed.credentialsName, op === undefined ? "stays" : op.key);
  }
  return { operations, problems, credentialReferences };
}

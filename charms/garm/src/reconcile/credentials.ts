/**
 * GitHub App credentials: a pure diff. Deduplicated per app id + installation id (the name says
 * both). GARM never returns the private key, so the key's fingerprint lives in the description
 * and a rotated key shows up as a description that no longer matches.
 */
import type { Credentials } from "@garm-charms/garm-client";
import type { DesiredCredential } from "./desired.js";
import { credentialKey, type Operation } from "./operations.js";
import { credentialDescription, isOwnedCredentialDescription } from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";

export interface CredentialInputs {
  readonly desired: readonly DesiredCredential[];
  readonly observed: readonly Credentials[];
  readonly protected: ReadonlySet<string>;
  /** From the entity plan: operations that let go of a credential, or "stays". */
  readonly entityReferences: ReadonlyMap<string, readonly string[] | "stays">;
}

export interface CredentialPlan {
  readonly operations: readonly Operation[];
  readonly problems: readonly ReconcileProblem[];
}

/** Names of the charm's credentials in GARM. */
export function ownedCredentialNames(observed: readonly Credentials[]): Set<string> {
  return new Set(observed.filter((c) => isOwnedCredentialDescription(c.description)).map((c) => c.name));
}

export function diffCredentials(inputs: CredentialInputs): CredentialPlan {
  const operations: Operation[] = [];
  const problems: ReconcileProblem[] = [];
  const observedByName = new Map(inputs.observed.filter((c) => c.name !== "").map((c) => [c.name, c]));
  const desiredNames = new Set<string>();
  for (const credential of inputs.desired) {
    desiredNames.add(credential.name);
    const key = credentialKey(credential.name);
    const observed = observedByName.get(credential.name);
    if (observed === undefined) {
      operations.push({ kind: "create-credential", key, after: [], credential });
    } else if (!isOwnedCredentialDescription(observed.description)) {
      problems.push(
        problem(
          `credentials ${credential.name}`,
          "the name is taken by credentials the charm does not manage; they are left alone",
          "blocked",
        ),
      );
    } else if (observed.description !== credentialDescription(credential.keyFingerprint)) {
      operations.push({ kind: "rotate-credential-key", key, after: [], id: observed.id, credential });
    }
  }
  for (const observed of inputs.observed) {
    if (desiredNames.has(observed.name) || !isOwnedCredentialDescription(observed.description)) continue;
    if (inputs.protected.has(observed.name)) continue;
    const references = inputs.entityReferences.get(observed.name) ?? [];
    if (references === "stays") continue;
    operations.push({
      kind: "delete-credential",
      key: credentialKey(observed.name),
      after: references,
      id: observed.id,
      name: observed.name,
    });
  }
  return { operations, problems };
}

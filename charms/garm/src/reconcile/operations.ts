/**
 * The writes a reconcile plans. Diffs produce them without HTTP; the executor runs them in phase
 * order. `key` names the object an operation is about; `after` lists keys whose operations must
 * have succeeded first (a template is deleted only once its scale set let go of it, and so on).
 */
import type { UpdateScaleSetParams } from "@garm-charms/garm-client";
import type {
  DesiredCredential,
  DesiredEntity,
  DesiredScaleset,
  EntityKind,
  ScalesetExtraSpecs,
} from "./model.js";

export type { ScalesetExtraSpecs };

export interface OperationBase {
  readonly key: string;
  readonly after: readonly string[];
  /**
   * `entityKey` of the organisation or repository whose GitHub side GARM calls for this write
   * (scale set writes, registrations). When GitHub fails there, the pass skips the writes that
   * would go through the same GitHub side, and only those.
   */
  readonly forge?: string;
}

export type Operation = OperationBase &
  (
    | { readonly kind: "create-credential"; readonly credential: DesiredCredential }
    | { readonly kind: "rotate-credential-key"; readonly id: number; readonly credential: DesiredCredential }
    | { readonly kind: "delete-credential"; readonly id: number; readonly name: string }
    | { readonly kind: "create-entity"; readonly entity: DesiredEntity }
    | { readonly kind: "update-entity-credentials"; readonly id: string; readonly entity: DesiredEntity }
    | {
        readonly kind: "delete-entity";
        readonly id: string;
        readonly entityKind: EntityKind;
        readonly name: string;
      }
    | {
        readonly kind: "create-template";
        readonly name: string;
        readonly description: string;
        readonly script: string;
      }
    | {
        readonly kind: "update-template";
        readonly id: number;
        readonly name: string;
        readonly description: string;
        readonly script: string;
      }
    | { readonly kind: "delete-template"; readonly id: number; readonly name: string }
    | {
        readonly kind: "create-scaleset";
        readonly scaleset: DesiredScaleset;
        readonly extraSpecs: ScalesetExtraSpecs;
        readonly templateName: string;
      }
    | {
        readonly kind: "update-scaleset";
        readonly id: number;
        readonly name: string;
        /** Without templateId: the executor resolves `templateName` to an id. */
        readonly changes: Omit<UpdateScaleSetParams, "templateId">;
        readonly templateName: string | undefined;
        /** Field names that drifted, for the log. */
        readonly drifted: readonly string[];
      }
    | {
        readonly kind: "recreate-scaleset";
        readonly id: number;
        readonly reason: string;
        readonly scaleset: DesiredScaleset;
        readonly extraSpecs: ScalesetExtraSpecs;
        readonly templateName: string;
        /** As for delete-scaleset: an earlier pass disabled it and its runners are draining. */
        readonly alreadyDisabled: boolean;
      }
    | {
        readonly kind: "delete-scaleset";
        readonly id: number;
        readonly name: string;
        /** Disabled with no idle minimum already (an earlier pass): GARM is not told again. */
        readonly alreadyDisabled: boolean;
      }
  );

export type OperationKind = Operation["kind"];

/** Execution order: dependencies first on the way up, dependants first on the way down. */
export const PHASES: Readonly<Record<OperationKind, number>> = {
  "create-credential": 0,
  "rotate-credential-key": 0,
  "create-entity": 1,
  "update-entity-credentials": 1,
  "create-template": 2,
  "update-template": 2,
  "update-scaleset": 3,
  "recreate-scaleset": 3,
  "create-scaleset": 3,
  "delete-scaleset": 3,
  "delete-template": 4,
  "delete-entity": 5,
  "delete-credential": 6,
};

export const credentialKey = (name: string): string => `credential:${name}`;
export const entityOpKey = (key: string): string => `entity:${key}`;
export const templateKey = (name: string): string => `template:${name}`;
export const scalesetKey = (name: string): string => `scaleset:${name}`;
/** Deleting a scale set that shares its name with a desired one gets its own key. */
export const scalesetIdKey = (id: number): string => `scaleset-id:${id}`;

/**
 * Records that `ref` (an operation key) lets go of `key`, or that something keeps using it
 * ("stays"). Once an object stays, it stays: the operations that would wait for it no longer matter.
 */
export function addReference<K>(map: Map<K, string[] | "stays">, key: K, ref: string | "stays"): void {
  const current = map.get(key);
  if (current === "stays") return;
  map.set(key, ref === "stays" ? "stays" : [...(current ?? []), ref]);
}

/** One line for the log; never includes secret material. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case "create-credential":
      return `create GitHub App credentials ${op.credential.name}`;
    case "rotate-credential-key":
      return `update the private key of GitHub App credentials ${op.credential.name}`;
    case "delete-credential":
      return `delete GitHub App credentials ${op.name}`;
    case "create-entity":
      return `register ${op.entity.kind} ${op.entity.name}`;
    case "update-entity-credentials":
      return `switch ${op.entity.kind} ${op.entity.name} to credentials ${op.entity.credentialsName}`;
    case "delete-entity":
      return `unregister ${op.entityKind} ${op.name}`;
    case "create-template":
      return `create template ${op.name}`;
    case "update-template":
      return `update template ${op.name}`;
    case "delete-template":
      return `delete template ${op.name}`;
    case "create-scaleset":
      return `create scaleset ${op.scaleset.name}`;
    case "update-scaleset":
      return `update scaleset ${op.name} (${op.drifted.join(", ")})`;
    case "recreate-scaleset":
      return `re-create scaleset ${op.scaleset.name} (${op.reason})`;
    case "delete-scaleset":
      return `delete scaleset ${op.name}`;
  }
}

export function sortByPhase(operations: readonly Operation[]): Operation[] {
  return operations
    .map((op, index) => ({ op, index }))
    .sort((a, b) => PHASES[a.op.kind] - PHASES[b.op.kind] || a.index - b.index)
    .map(({ op }) => op);
}

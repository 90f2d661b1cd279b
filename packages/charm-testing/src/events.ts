import type { ContainerState, PebbleNotice, RelationState, SecretState } from "./state.js";

/**
 * The event a test runs: one Juju hook or action. Constructors take the State objects the event
 * is about (a relation, a secret, a container), so the consistency check can find them.
 */

export type LifecycleHook =
  | "install"
  | "start"
  | "stop"
  | "remove"
  | "upgrade-charm"
  | "config-changed"
  | "leader-elected"
  | "update-status";

export type RelationHook =
  "relation-created" | "relation-joined" | "relation-changed" | "relation-departed" | "relation-broken";

export type HarnessEvent =
  | { readonly kind: LifecycleHook }
  | {
      readonly kind: RelationHook;
      readonly relationId: number;
      readonly endpoint: string;
      /** `JUJU_REMOTE_UNIT` for joined/changed/departed. */
      readonly remoteUnit?: string;
      /** `JUJU_DEPARTING_UNIT`, departed only. */
      readonly departingUnit?: string;
    }
  | { readonly kind: "secret-changed" | "secret-rotate"; readonly secretId: string }
  | {
      readonly kind: "secret-expired" | "secret-remove";
      readonly secretId: string;
      readonly revision: number;
    }
  | { readonly kind: "pebble-ready"; readonly container: string }
  | { readonly kind: "pebble-custom-notice"; readonly container: string; readonly notice: PebbleNotice }
  | {
      readonly kind: "pebble-check-failed" | "pebble-check-recovered";
      readonly container: string;
      readonly checkName: string;
    }
  | {
      readonly kind: "action";
      readonly name: string;
      readonly params: Readonly<Record<string, unknown>>;
      readonly id: string;
    }
  | {
      readonly kind: "storage-attached" | "storage-detaching";
      readonly storage: string;
      readonly index: number;
    };

export interface RelationEventOptions {
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
}

type ContainerRef = ContainerState | string;
const containerName = (ref: ContainerRef): string => (typeof ref === "string" ? ref : ref.name);

/** The first remote unit, which Juju would name in joined/changed hooks when the test does not. */
function firstRemoteUnit(relation: RelationState): string | undefined {
  const [first] = Object.keys(relation.remoteUnitsData)
    .map(Number)
    .sort((a, b) => a - b);
  return first === undefined ? undefined : `${relation.remoteAppName}/${String(first)}`;
}

function relationEvent(
  kind: RelationHook,
  relation: RelationState,
  options: RelationEventOptions,
): HarnessEvent {
  const base = { kind, relationId: relation.id, endpoint: relation.endpoint };
  if (kind === "relation-created" || kind === "relation-broken") return base;
  // When this unit is the one departing, JUJU_REMOTE_UNIT still names a remote unit.
  const departingRemote =
    options.departingUnit?.split("/")[0] === relation.remoteAppName ? options.departingUnit : undefined;
  const remoteUnit = options.remoteUnit ?? departingRemote ?? firstRemoteUnit(relation);
  if (kind === "relation-departed") {
    const departingUnit = options.departingUnit ?? remoteUnit;
    return {
      ...base,
      ...(remoteUnit === undefined ? {} : { remoteUnit }),
      ...(departingUnit === undefined ? {} : { departingUnit }),
    };
  }
  return remoteUnit === undefined ? base : { ...base, remoteUnit };
}

let nextActionId = 1;

export const events = {
  install: (): HarnessEvent => ({ kind: "install" }),
  start: (): HarnessEvent => ({ kind: "start" }),
  stop: (): HarnessEvent => ({ kind: "stop" }),
  remove: (): HarnessEvent => ({ kind: "remove" }),
  upgradeCharm: (): HarnessEvent => ({ kind: "upgrade-charm" }),
  configChanged: (): HarnessEvent => ({ kind: "config-changed" }),
  leaderElected: (): HarnessEvent => ({ kind: "leader-elected" }),
  updateStatus: (): HarnessEvent => ({ kind: "update-status" }),

  relationCreated: (relation: RelationState): HarnessEvent => relationEvent("relation-created", relation, {}),
  relationJoined: (relation: RelationState, options: RelationEventOptions = {}): HarnessEvent =>
    relationEvent("relation-joined", relation, options),
  relationChanged: (relation: RelationState, options: RelationEventOptions = {}): HarnessEvent =>
    relationEvent("relation-changed", relation, options),
  relationDeparted: (relation: RelationState, options: RelationEventOptions = {}): HarnessEvent =>
    relationEvent("relation-departed", relation, options),
  relationBroken: (relation: RelationState): HarnessEvent => relationEvent("relation-broken", relation, {}),

  secretChanged: (secret: SecretState): HarnessEvent => ({ kind: "secret-changed", secretId: secret.id }),
  secretRotate: (secret: SecretState): HarnessEvent => ({ kind: "secret-rotate", secretId: secret.id }),
  secretExpired: (secret: SecretState, revision: number): HarnessEvent => ({
    kind: "secret-expired",
    secretId: secret.id,
    revision,
  }),
  secretRemove: (secret: SecretState, revision: number): HarnessEvent => ({
    kind: "secret-remove",
    secretId: secret.id,
    revision,
  }),

  pebbleReady: (container: ContainerRef): HarnessEvent => ({
    kind: "pebble-ready",
    container: containerName(container),
  }),
  pebbleCustomNotice: (container: ContainerRef, notice: PebbleNotice): HarnessEvent => ({
    kind: "pebble-custom-notice",
    container: containerName(container),
    notice,
  }),
  pebbleCheckFailed: (container: ContainerRef, checkName: string): HarnessEvent => ({
    kind: "pebble-check-failed",
    container: containerName(container),
    checkName,
  }),
  pebbleCheckRecovered: (container: ContainerRef, checkName: string): HarnessEvent => ({
    kind: "pebble-check-recovered",
    container: containerName(container),
    checkName,
  }),

  action: (name: string, params: Readonly<Record<string, unknown>> = {}, id?: string): HarnessEvent => ({
    kind: "action",
    name,
    params,
    id: id ?? String(nextActionId++),
  }),

  storageAttached: (storage: string, index = 0): HarnessEvent => ({
    kind: "storage-attached",
    storage,
    index,
  }),
  storageDetaching: (storage: string, index = 0): HarnessEvent => ({
    kind: "storage-detaching",
    storage,
    index,
  }),
} as const;

/** The hook name Juju runs for an event (`db-relation-changed`, `workload-pebble-ready`). */
export function hookName(event: HarnessEvent): string {
  switch (event.kind) {
    case "relation-created":
    case "relation-joined":
    case "relation-changed":
    case "relation-departed":
    case "relation-broken":
      return `${event.endpoint}-${event.kind}`;
    case "pebble-ready":
    case "pebble-custom-notice":
    case "pebble-check-failed":
    case "pebble-check-recovered":
      return `${event.container}-${event.kind}`;
    case "storage-attached":
    case "storage-detaching":
      return `${event.storage}-${event.kind}`;
    case "action":
      return event.name;
    default:
      return event.kind;
  }
}

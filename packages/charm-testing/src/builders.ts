import { bareSecretId } from "@garm-charms/charm-runtime/internal";
import type {
  ConfigValue,
  ContainerState,
  Databag,
  ModelInfo,
  PebbleFile,
  RelationState,
  SecretRevision,
  SecretState,
  State,
  Status,
} from "./state.js";

/**
 * Builders with Juju's defaults, so a test names only what matters to it. Every builder returns
 * plain data; spread or override fields freely.
 */

/** The keys Juju puts in every unit databag (TEST-NET-1 addresses, as Scenario uses). */
export const DEFAULT_UNIT_DATA: Databag = {
  "egress-subnets": "192.0.2.0/24",
  "ingress-address": "192.0.2.0",
  "private-address": "192.0.2.0",
};

export const DEFAULT_MODEL: ModelInfo = {
  name: "test-model",
  uuid: "00000000-0000-4000-8000-000000000000",
  type: "caas",
};

const UNKNOWN: Status = { name: "unknown", message: "" };

let nextRelationId = 1;
let nextSecretNumber = 1;

export interface RelationOptions {
  readonly endpoint: string;
  readonly id?: number;
  readonly remoteAppName?: string;
  readonly localAppData?: Databag;
  /** Merged over Juju's default unit keys. */
  readonly localUnitData?: Databag;
  readonly remoteAppData?: Databag;
  /** Each unit's data is merged over Juju's default unit keys. Default: one unit, `<remote>/0`. */
  readonly remoteUnitsData?: Readonly<Record<number, Databag>>;
  readonly remoteModelUuid?: string;
}

export function relation(options: RelationOptions): RelationState {
  const units = options.remoteUnitsData ?? { 0: {} };
  const built: RelationState = {
    id: options.id ?? nextRelationId++,
    endpoint: options.endpoint,
    remoteAppName: options.remoteAppName ?? "remote",
    localAppData: { ...options.localAppData },
    localUnitData: { ...DEFAULT_UNIT_DATA, ...options.localUnitData },
    remoteAppData: { ...options.remoteAppData },
    remoteUnitsData: Object.fromEntries(
      Object.entries(units).map(([n, data]) => [Number(n), { ...DEFAULT_UNIT_DATA, ...data }]),
    ),
  };
  return options.remoteModelUuid === undefined
    ? built
    : { ...built, remoteModelUuid: options.remoteModelUuid };
}

/** A peer relation: the "remote" units are this application's other units. */
export function peerRelation(
  options: Omit<RelationOptions, "remoteAppName" | "remoteAppData" | "remoteModelUuid"> & {
    readonly appName: string;
  },
): RelationState {
  return relation({
    ...options,
    remoteAppName: options.appName,
    remoteUnitsData: options.remoteUnitsData ?? {},
  });
}

export interface SecretOptions {
  readonly id?: string;
  /** Content of revision 1, the tracked revision. */
  readonly content: Databag;
  /** When given, revision 2 holds it: what `--peek`/`--refresh` see. */
  readonly latestContent?: Databag;
  /** `null` (default): owned by another application and shared with us. */
  readonly owner?: "app" | "unit" | null;
  readonly label?: string;
  readonly description?: string;
  readonly expire?: string;
  readonly rotate?: SecretState["rotate"];
  readonly grants?: SecretState["grants"];
  readonly granted?: boolean;
}

export function secret(options: SecretOptions): SecretState {
  const revisions: SecretRevision[] = [{ revision: 1, content: { ...options.content } }];
  if (options.latestContent !== undefined)
    revisions.push({ revision: 2, content: { ...options.latestContent } });
  const id = options.id ?? `secret:${`cs${String(nextSecretNumber++)}`.padEnd(20, "0")}`;
  const built: { -readonly [K in keyof SecretState]: SecretState[K] } = {
    id,
    owner: options.owner ?? null,
    revisions,
    trackedRevision: 1,
    grants: options.grants ?? {},
  };
  if (options.label !== undefined) built.label = options.label;
  if (options.description !== undefined) built.description = options.description;
  if (options.expire !== undefined) built.expire = options.expire;
  if (options.rotate !== undefined) built.rotate = options.rotate;
  if (options.granted !== undefined) built.granted = options.granted;
  return built;
}

export function container(options: Partial<ContainerState> & { readonly name: string }): ContainerState {
  return { canConnect: true, layers: {}, serviceStatuses: {}, files: {}, ...options };
}

export interface StateOptions extends Partial<Omit<State, "config" | "storedState">> {
  readonly config?: Readonly<Record<string, ConfigValue>>;
  readonly storedState?: Databag;
}

/** A State with Juju's quiet defaults: a Kubernetes model, not leader, statuses unknown. */
export function state(options: StateOptions = {}): State {
  return {
    config: {},
    leader: false,
    model: DEFAULT_MODEL,
    relations: [],
    secrets: [],
    containers: [],
    networks: [],
    openedPorts: [],
    unitStatus: UNKNOWN,
    appStatus: UNKNOWN,
    workloadVersion: "",
    storedState: {},
    ...options,
  };
}

export function getRelation(from: State, id: number): RelationState | undefined {
  return from.relations.find((r) => r.id === id);
}

export function getContainer(from: State, name: string): ContainerState | undefined {
  return from.containers.find((c) => c.name === name);
}

/** By label, or by id compared on the bare id (`secret:x` and `secret://uuid/x` match). */
export function getSecret(
  from: State,
  by: { readonly id?: string; readonly label?: string },
): SecretState | undefined {
  return from.secrets.find(
    (s) =>
      (by.id === undefined || bareSecretId(s.id) === bareSecretId(by.id)) &&
      (by.label === undefined || s.label === by.label),
  );
}

/** A container file's content as UTF-8 text, whether the state holds a string or bytes. */
export function fileText(file: PebbleFile): string {
  return typeof file.content === "string" ? file.content : Buffer.from(file.content).toString("utf8");
}

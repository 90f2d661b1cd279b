import { bareSecretId } from "@garm-charms/charm-runtime/internal";
import type { CharmMeta } from "../meta.js";
import { effectiveConfig } from "../meta.js";
import { mintXid } from "./secret-xid.js";
import type {
  ConfigValue,
  PortState,
  RelationState,
  SecretRevision,
  SecretState,
  State,
  Status,
} from "../state.js";

/**
 * The in-memory model the fake hook tools read and write during one hook.
 *
 * Juju buffers some writes and commits them only when the hook exits 0 (relation settings,
 * ports, secrets, charm state); others apply at once (statuses, workload version, logs, action
 * output). The model keeps the buffered kinds in working copies, so `toState(true)` is the
 * state after a successful hook and `toState(false)` the state after a failed one.
 */

/** Who is running the hook. */
export interface UnitIdentity {
  readonly appName: string;
  readonly unitId: number;
}

/** What Juju knows about the running hook, beyond the State. */
export interface HookInfo {
  /** The relation of a relation hook; the default for `-r`. */
  readonly relationId?: number;
  /** `JUJU_REMOTE_UNIT`; the default unit for `relation-get`. */
  readonly remoteUnit?: string;
  /** Relation-departed: this unit has left `relation-list` already. */
  readonly departingUnit?: string;
  /** Relation-broken: every remote unit has gone. */
  readonly relationBroken?: boolean;
  /** `JUJU_STORAGE_ID` of a storage hook: the default for `storage-get`. */
  readonly storageId?: string;
  /** Set for actions: the parameters `action-get` reports (defaults already merged). */
  readonly actionParams?: Readonly<Record<string, unknown>>;
}

export interface LogLine {
  readonly level: string;
  readonly message: string;
}

export interface StorageRequest {
  readonly name: string;
  readonly count: number;
}

export interface RemovedSecretRevision {
  readonly id: string;
  readonly revision: number;
}

export interface MutableSecret {
  id: string;
  owner: "app" | "unit" | null;
  label?: string;
  description?: string;
  expire?: string;
  rotate?: SecretState["rotate"];
  revisions: SecretRevision[];
  trackedRevision: number;
  grants: Record<number, string[]>;
  granted?: boolean;
}

interface MutableRelation {
  readonly state: RelationState;
  localAppData: Record<string, string>;
  localUnitData: Record<string, string>;
}

export function portKey(port: PortState): string {
  return port.protocol === "icmp" ? "icmp" : `${String(port.port)}/${port.protocol}`;
}

/** A deep copy: the working copy a hook mutates, and the frozen copy `toState` hands out. */
function cloneSecret(secret: SecretState): MutableSecret {
  const copy: MutableSecret = {
    id: secret.id,
    owner: secret.owner,
    revisions: secret.revisions.map((r) => ({ revision: r.revision, content: { ...r.content } })),
    trackedRevision: secret.trackedRevision,
    grants: Object.fromEntries(Object.entries(secret.grants).map(([rid, names]) => [rid, [...names]])),
  };
  if (secret.label !== undefined) copy.label = secret.label;
  if (secret.description !== undefined) copy.description = secret.description;
  if (secret.expire !== undefined) copy.expire = secret.expire;
  if (secret.rotate !== undefined) copy.rotate = secret.rotate;
  if (secret.granted !== undefined) copy.granted = secret.granted;
  return copy;
}

export class FakeModel {
  readonly unitName: string;
  readonly config: Readonly<Record<string, ConfigValue>>;

  // Buffered until the hook succeeds.
  private readonly relations = new Map<number, MutableRelation>();
  readonly secrets: MutableSecret[];
  /** Ports as committed before this hook: what `opened-ports` shows. */
  readonly committedPorts: readonly PortState[];
  private pendingPorts: PortState[];
  storedState: Record<string, string>;

  // Applied at once.
  unitStatus: Status;
  appStatus: Status;
  workloadVersion: string;

  // Side outputs.
  readonly logs: LogLine[] = [];
  readonly unitStatusHistory: Status[] = [];
  readonly appStatusHistory: Status[] = [];
  readonly workloadVersionHistory: string[] = [];
  readonly actionResults: Record<string, unknown> = {};
  readonly actionLogs: string[] = [];
  actionFailure: string | undefined;
  readonly removedSecretRevisions: RemovedSecretRevision[] = [];
  /** `storage-add` requests; Juju applies them only when the hook succeeds. */
  readonly requestedStorages: StorageRequest[] = [];

  constructor(
    readonly input: State,
    readonly meta: CharmMeta,
    readonly identity: UnitIdentity,
    readonly hook: HookInfo,
  ) {
    this.unitName = `${identity.appName}/${String(identity.unitId)}`;
    this.config = effectiveConfig(meta, input.config);
    for (const relation of input.relations) {
      this.relations.set(relation.id, {
        state: relation,
        localAppData: { ...relation.localAppData },
        localUnitData: { ...relation.localUnitData },
      });
    }
    this.secrets = input.secrets.map(cloneSecret);
    this.committedPorts = input.openedPorts;
    this.pendingPorts = [...input.openedPorts];
    this.storedState = { ...input.storedState };
    this.unitStatus = input.unitStatus;
    this.appStatus = input.appStatus;
    this.workloadVersion = input.workloadVersion;
  }

  get appName(): string {
    return this.identity.appName;
  }

  get leader(): boolean {
    return this.input.leader;
  }

  // Relations.

  relation(id: number): MutableRelation | undefined {
    return this.relations.get(id);
  }

  relationsOn(endpoint: string): RelationState[] {
    return [...this.relations.values()].map((r) => r.state).filter((r) => r.endpoint === endpoint);
  }

  /** Remote units Juju lists for a relation right now (departing and broken hooks shrink it). */
  remoteUnits(relation: RelationState): string[] {
    if (this.hook.relationBroken === true && this.hook.relationId === relation.id) return [];
    return Object.keys(relation.remoteUnitsData)
      .map(Number)
      .sort((a, b) => a - b)
      .map((n) => `${relation.remoteAppName}/${String(n)}`)
      .filter((unit) => !(this.hook.relationId === relation.id && unit === this.hook.departingUnit));
  }

  // Ports.

  get ports(): readonly PortState[] {
    return this.pendingPorts;
  }

  openPort(port: PortState): void {
    if (!this.pendingPorts.some((p) => portKey(p) === portKey(port))) this.pendingPorts.push(port);
  }

  closePort(port: PortState): void {
    this.pendingPorts = this.pendingPorts.filter((p) => portKey(p) !== portKey(port));
  }

  // Secrets.

  findSecretById(id: string): MutableSecret | undefined {
    const bare = bareSecretId(id);
    return this.secrets.find((s) => bareSecretId(s.id) === bare);
  }

  findSecretByLabel(label: string): MutableSecret | undefined {
    return this.secrets.find((s) => s.label === label);
  }

  /**
   * A new secret URI in Juju's form: a 20-character xid under the model uuid, unique in the process
   * (see secret-xid.ts) and never one already in this model (a State may carry any id).
   */
  mintSecretUri(): string {
    for (;;) {
      const xid = mintXid();
      if (this.findSecretById(xid) === undefined) return `secret://${this.input.model.uuid}/${xid}`;
    }
  }

  requestStorage(name: string, count: number): void {
    this.requestedStorages.push({ name, count });
  }

  // Logging and status.

  log(level: string, message: string): void {
    this.logs.push({ level, message });
  }

  setUnitStatus(status: Status): void {
    this.unitStatus = status;
    this.unitStatusHistory.push(status);
  }

  setWorkloadVersion(version: string): void {
    this.workloadVersion = version;
    this.workloadVersionHistory.push(version);
  }

  setAppStatus(status: Status): void {
    this.appStatus = status;
    this.appStatusHistory.push(status);
  }

  /**
   * The State after the hook. With `commit` false (the hook failed), the buffered kinds keep the
   * input's values; statuses and workload version keep what the hook set.
   */
  toState(commit: boolean): Omit<State, "containers"> & Pick<State, "containers"> {
    const input = this.input;
    const immediate = {
      unitStatus: this.unitStatus,
      appStatus: this.appStatus,
      workloadVersion: this.workloadVersion,
    };
    if (!commit) return { ...input, ...immediate };
    return {
      ...input,
      ...immediate,
      relations: input.relations.map((relation) => {
        const working = this.relations.get(relation.id);
        if (working === undefined) return relation;
        return {
          ...relation,
          localAppData: { ...working.localAppData },
          localUnitData: { ...working.localUnitData },
        };
      }),
      secrets: this.secrets.map(cloneSecret),
      openedPorts: [...this.pendingPorts],
      storedState: { ...this.storedState },
    };
  }
}

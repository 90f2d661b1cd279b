/**
 * Relations as charms see them: id, endpoint, remote app and units, and one Databag per side.
 * Writes follow Juju's rules before any tool runs: remote bags are read-only, the local app bag is
 * writable by the leader only, and `update()` sends one relation-set with only the changed keys.
 */
import { RelationDataAccessError, RelationNotFoundError } from "../errors.js";
import type { JujuEvent } from "../events.js";
import { isRelationEvent } from "../events.js";
import { isLeader } from "../hook-tools/leadership.js";
import {
  relationGet,
  relationIds,
  relationList,
  relationRemoteApp,
  relationSet,
} from "../hook-tools/relations.js";
import type { RelationRef } from "../hook-tools/relations.js";
import type { HookToolSession } from "../hook-tools/session.js";

export type DatabagOwner = "local-unit" | "local-app" | "remote-unit" | "remote-app";

export class Databag {
  constructor(
    private readonly session: HookToolSession,
    private readonly relation: RelationRef,
    readonly owner: DatabagOwner,
    /** Unit or application name whose bag this is; undefined when the remote app is unknown. */
    readonly member: string | undefined,
  ) {}

  private describe(): string {
    return `the ${this.owner} databag of relation ${this.relation.endpoint}:${this.relation.id}`;
  }

  /** Every key of the bag. */
  async get(): Promise<Record<string, string>> {
    if (this.member === undefined) {
      throw new RelationDataAccessError(
        `cannot read ${this.describe()}: the remote application is not known yet`,
      );
    }
    const app = this.owner === "local-app" || this.owner === "remote-app";
    return relationGet(this.session, { ...this.relation, app, member: this.member });
  }

  /**
   * Merges `changes` into the bag; an empty string deletes a key. Only keys whose value differs are
   * sent, in one relation-set; nothing is sent when nothing changed.
   */
  async update(changes: Readonly<Record<string, string>>): Promise<void> {
    if (this.owner === "remote-unit" || this.owner === "remote-app") {
      throw new RelationDataAccessError(`cannot write ${this.describe()}: remote databags are read-only`);
    }
    if (this.owner === "local-app" && !(await isLeader(this.session))) {
      throw new RelationDataAccessError(
        `cannot write ${this.describe()}: only the leader writes application data`,
      );
    }
    for (const [key, value] of Object.entries(changes)) {
      if (typeof value !== "string") {
        throw new RelationDataAccessError(
          `cannot write key ${JSON.stringify(key)} of ${this.describe()}: values are strings`,
        );
      }
    }
    const current = await this.get();
    const changed: Record<string, string> = {};
    for (const [key, value] of Object.entries(changes)) {
      const differs = value === "" ? key in current : current[key] !== value;
      if (differs) changed[key] = value;
    }
    if (Object.keys(changed).length === 0) return;
    const member = this.member ?? "";
    await relationSet(this.session, { ...this.relation, app: this.owner === "local-app", member }, changed);
  }
}

export class Relation {
  readonly localUnitData: Databag;
  readonly localAppData: Databag;
  readonly remoteAppData: Databag;

  constructor(
    private readonly session: HookToolSession,
    readonly endpoint: string,
    readonly id: number,
    readonly local: { readonly unit: string; readonly app: string },
    /** Undefined only when Juju cannot tell (the relation is already gone). */
    readonly remoteAppName: string | undefined,
    readonly remoteUnits: readonly string[],
    /** On `-relation-departed` for this relation: the unit that is leaving. */
    readonly departingUnit: string | undefined,
  ) {
    const ref = { endpoint, id };
    this.localUnitData = new Databag(session, ref, "local-unit", local.unit);
    this.localAppData = new Databag(session, ref, "local-app", local.app);
    this.remoteAppData = new Databag(session, ref, "remote-app", remoteAppName);
  }

  remoteUnitData(unit: string): Databag {
    return new Databag(this.session, { endpoint: this.endpoint, id: this.id }, "remote-unit", unit);
  }
}

export interface RelationScope {
  readonly session: HookToolSession;
  readonly event: JujuEvent;
  readonly unitName: string;
  readonly appName: string;
}

async function listUnits(session: HookToolSession, ref: RelationRef): Promise<string[]> {
  try {
    return await relationList(session, ref);
  } catch (error) {
    if (error instanceof RelationNotFoundError) return [];
    throw error;
  }
}

/** Builds one relation; the event's own relation takes remote app/unit from the environment, as ops. */
export async function loadRelation(scope: RelationScope, endpoint: string, id: number): Promise<Relation> {
  const { session, event } = scope;
  const ref = { endpoint, id };
  const units = await listUnits(session, ref);
  const isEventRelation = isRelationEvent(event) && event.relationId === id;
  let remoteApp: string | undefined;
  let departingUnit: string | undefined;
  if (isEventRelation) {
    remoteApp = event.remoteApp;
    departingUnit = event.departingUnit;
    // Juju no longer lists a departing unit; ops puts it back so the charm can still read its bag.
    const leaving = event.kind === "relation-departed" || event.kind === "relation-broken";
    if (leaving && event.remoteUnit !== undefined && !units.includes(event.remoteUnit))
      units.push(event.remoteUnit);
  } else {
    // A unit name carries its application's: relation-list --app only for a relation without units.
    remoteApp = units[0]?.split("/")[0] ?? (await relationRemoteApp(session, ref));
  }
  return new Relation(
    session,
    endpoint,
    id,
    { unit: scope.unitName, app: scope.appName },
    remoteApp,
    units,
    departingUnit,
  );
}

/** Relations on `endpoint`, without the one being broken in a `-relation-broken` hook (as ops). */
export async function loadRelations(scope: RelationScope, endpoint: string): Promise<Relation[]> {
  const { event } = scope;
  const brokenId = event.kind === "relation-broken" ? event.relationId : undefined;
  const ids = (await relationIds(scope.session, endpoint)).filter((id) => id !== brokenId);
  return Promise.all(ids.map((id) => loadRelation(scope, endpoint, id)));
}

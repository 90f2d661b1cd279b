/**
 * Juju's event ordering, as pure functions over the model state: each user operation queues the
 * hooks Juju's uniter would run on each unit, in Juju's order; `nextHook` picks what runs next and
 * `hookDone` does the bookkeeping Juju does around a hook (relation membership, removals, leader
 * re-election). No I/O here: the runner executes the hooks, these functions decide them.
 */
import type { CharmMeta } from "@garm-charms/charm-testing";
import type { Application, ModelState, QueuedHook, Relation, Unit } from "./model.js";
import { appOfUnit, findUnit, now, relationEnds, status, unitsOf, without } from "./model.js";

/** Queues `hook` on `unit` unless the same hook is already waiting (Juju coalesces them). */
export function enqueue(unit: Unit, hook: QueuedHook): void {
  const same = (h: QueuedHook): boolean => JSON.stringify(h) === JSON.stringify(hook);
  if (hook.kind !== "action" && unit.queue.some(same)) return;
  unit.queue.push(hook);
}

function relationHook(
  kind: string,
  relation: Relation,
  unit: Unit,
  extra: Partial<QueuedHook> = {},
): QueuedHook {
  const ends = relationEnds(relation, appOfUnit(unit.name));
  return {
    kind,
    relationId: relation.id,
    endpoint: ends?.local.endpoint ?? "",
    remoteApp: ends?.remote.app ?? "",
    ...extra,
  };
}

export function relationsOf(model: ModelState, appName: string): Relation[] {
  return model.relations.filter((r) => r.ends.some((e) => e.app === appName));
}

/** The other units of `relation` that `unit` sees: the remote application's, or its peers. */
export function remoteUnitsOf(model: ModelState, relation: Relation, unitName: string): Unit[] {
  const ends = relationEnds(relation, appOfUnit(unitName));
  if (ends === undefined) return [];
  return unitsOf(model, ends.remote.app).filter((u) => u.name !== unitName && u.life === "alive");
}

/** The hooks a new unit runs, in Juju's order (K8s sidecar charm). */
function queueUnitStart(model: ModelState, app: Application, unit: Unit, meta: CharmMeta): void {
  enqueue(unit, { kind: "install" });
  for (const relation of relationsOf(model, app.name))
    enqueue(unit, relationHook("relation-created", relation, unit));
  if (app.leader === undefined) app.leader = unit.name;
  enqueue(unit, { kind: app.leader === unit.name ? "leader-elected" : "leader-settings-changed" });
  enqueue(unit, { kind: "config-changed" });
  enqueue(unit, { kind: "start" });
  for (const container of Object.keys(meta.containers)) enqueue(unit, { kind: "pebble-ready", container });
  for (const relation of relationsOf(model, app.name)) joinEachOther(model, relation, unit);
}

/** `unit` and every unit on the other side of `relation` see each other join, then change. */
function joinEachOther(model: ModelState, relation: Relation, unit: Unit): void {
  for (const other of remoteUnitsOf(model, relation, unit.name)) {
    enqueue(unit, relationHook("relation-joined", relation, unit, { remoteUnit: other.name }));
    enqueue(unit, relationHook("relation-changed", relation, unit, { remoteUnit: other.name }));
    enqueue(other, relationHook("relation-joined", relation, other, { remoteUnit: unit.name }));
    enqueue(other, relationHook("relation-changed", relation, other, { remoteUnit: unit.name }));
  }
}

export function newUnit(app: Application, address: string): Unit {
  const name = `${app.name}/${String(app.nextUnit)}`;
  app.nextUnit += 1;
  const unit: Unit = {
    name,
    life: "alive",
    workload: status("waiting", "agent initialising"),
    agent: { current: "allocating", message: "", since: now() },
    queue: [],
    storedState: {},
    openedPorts: [],
    workloadVersion: "",
    secretTracking: {},
    // The first update-status comes one interval after the unit starts, as Juju's timer does.
    lastUpdateStatus: now(),
    address,
  };
  app.units[name] = unit;
  return unit;
}

export function addUnits(model: ModelState, app: Application, meta: CharmMeta, count: number): Unit[] {
  const added: Unit[] = [];
  for (let i = 0; i < count; i += 1) {
    const unit = newUnit(app, `10.1.0.${String(Object.keys(model.applications).length * 16 + app.nextUnit)}`);
    queueUnitStart(model, app, unit, meta);
    added.push(unit);
  }
  return added;
}

export function configChanged(model: ModelState, appName: string): void {
  for (const unit of unitsOf(model, appName)) enqueue(unit, { kind: "config-changed" });
}

export function refreshed(model: ModelState, appName: string, meta: CharmMeta): void {
  for (const unit of unitsOf(model, appName)) {
    enqueue(unit, { kind: "upgrade-charm" });
    enqueue(unit, { kind: "config-changed" });
    enqueue(unit, { kind: "start" });
    for (const container of Object.keys(meta.containers)) enqueue(unit, { kind: "pebble-ready", container });
  }
}

/** `juju integrate`: created on every unit of both sides, then joined/changed pairwise. */
export function integrated(model: ModelState, relation: Relation): void {
  const apps = [...new Set(relation.ends.map((e) => e.app))];
  const units = apps.flatMap((app) => unitsOf(model, app));
  for (const unit of units) enqueue(unit, relationHook("relation-created", relation, unit));
  for (const unit of units) {
    for (const other of remoteUnitsOf(model, relation, unit.name)) {
      enqueue(unit, relationHook("relation-joined", relation, unit, { remoteUnit: other.name }));
      enqueue(unit, relationHook("relation-changed", relation, unit, { remoteUnit: other.name }));
    }
  }
}

/** Every unit that has joined `relation`: departed for each remote unit it saw, then broken. */
export function relationRemoved(model: ModelState, relation: Relation): void {
  relation.life = "dying";
  const apps = [...new Set(relation.ends.map((e) => e.app))];
  for (const unit of apps.flatMap((app) => unitsOf(model, app))) {
    for (const remote of relation.joined[unit.name] ?? []) {
      enqueue(
        unit,
        relationHook("relation-departed", relation, unit, { remoteUnit: remote, departingUnit: remote }),
      );
    }
    enqueue(unit, relationHook("relation-broken", relation, unit));
  }
}

/** `juju remove-unit`: the unit leaves its relations (others see it depart), then stops and goes. */
export function unitRemoved(model: ModelState, unit: Unit): void {
  unit.life = "dying";
  for (const relation of relationsOf(model, appOfUnit(unit.name))) {
    for (const remote of relation.joined[unit.name] ?? []) {
      enqueue(
        unit,
        relationHook("relation-departed", relation, unit, { remoteUnit: remote, departingUnit: unit.name }),
      );
      const other = findUnit(model, remote);
      if (other !== undefined) {
        const hook = relationHook("relation-departed", relation, other, {
          remoteUnit: unit.name,
          departingUnit: unit.name,
        });
        enqueue(other, hook);
      }
    }
    enqueue(unit, relationHook("relation-broken", relation, unit));
  }
  enqueue(unit, { kind: "stop" });
  enqueue(unit, { kind: "remove" });
}

export function applicationRemoved(model: ModelState, app: Application): void {
  app.life = "dying";
  for (const relation of relationsOf(model, app.name)) {
    if (relation.ends.length === 2) relationRemoved(model, relation);
  }
  for (const unit of unitsOf(model, app.name)) unitRemoved(model, unit);
}

/** A committed databag change: every unit on the other side that has joined the writer hears of it. */
export function databagChanged(model: ModelState, relation: Relation, writer: Unit, appBag: boolean): void {
  const appName = appOfUnit(writer.name);
  for (const [observer, seen] of Object.entries(relation.joined)) {
    const unit = findUnit(model, observer);
    if (unit === undefined || unit.name === writer.name || unit.life !== "alive") continue;
    const sameApp = appOfUnit(observer) === appName;
    if (appBag && sameApp && relation.ends.length === 2) continue;
    if (appBag) {
      if (seen.some((u) => appOfUnit(u) === appName)) {
        enqueue(
          unit,
          relationHook("relation-changed", relation, unit, sameApp ? { remoteUnit: writer.name } : {}),
        );
      }
    } else if (seen.includes(writer.name)) {
      enqueue(unit, relationHook("relation-changed", relation, unit, { remoteUnit: writer.name }));
    }
  }
}

/** A new secret revision: every consumer unit that tracks an older one gets secret-changed. */
export function secretRevised(model: ModelState, secretId: string, latest: number): void {
  for (const app of Object.values(model.applications)) {
    for (const unit of Object.values(app.units)) {
      const tracked = unit.secretTracking[secretId];
      if (tracked !== undefined && tracked < latest) enqueue(unit, { kind: "secret-changed", secretId });
    }
  }
}

/** Queues update-status on every idle unit whose last one is older than the interval. */
export function dueUpdateStatus(model: ModelState, at: Date): void {
  for (const app of Object.values(model.applications)) {
    for (const unit of Object.values(app.units)) {
      if (unit.life !== "alive" || unit.failedHook !== undefined || unit.queue.length > 0) continue;
      const last = unit.lastUpdateStatus === undefined ? 0 : Date.parse(unit.lastUpdateStatus);
      if (at.getTime() - last >= model.updateStatusInterval * 1000) enqueue(unit, { kind: "update-status" });
    }
  }
}

/** The next unit to run a hook: round robin over units that are not in error, one hook each. */
export function nextHook(model: ModelState, after?: string): { unit: Unit; hook: QueuedHook } | undefined {
  const ready = Object.values(model.applications)
    .flatMap((app) => unitsOf(model, app.name))
    .filter((u) => u.failedHook === undefined && u.queue.length > 0);
  if (ready.length === 0) return undefined;
  const index = after === undefined ? -1 : ready.findIndex((u) => u.name === after);
  const unit = ready[(index + 1) % ready.length] ?? ready[0];
  const hook = unit?.queue[0];
  return unit === undefined || hook === undefined ? undefined : { unit, hook };
}

/** Juju's bookkeeping before a hook runs: a joining unit is listed, a departing one is not. */
export function hookStarting(model: ModelState, unit: Unit, hook: QueuedHook): void {
  const relation = model.relations.find((r) => r.id === hook.relationId);
  if (relation === undefined || hook.remoteUnit === undefined) return;
  const seen = relation.joined[unit.name] ?? [];
  if (hook.kind === "relation-joined" && !seen.includes(hook.remoteUnit))
    relation.joined[unit.name] = [...seen, hook.remoteUnit];
  if (hook.kind === "relation-departed")
    relation.joined[unit.name] = seen.filter((u) => u !== hook.remoteUnit);
}

/** After a successful hook: removals complete, relations that every unit left are gone. */
export function hookDone(model: ModelState, unit: Unit, hook: QueuedHook): void {
  if (hook.kind === "relation-broken") {
    const relation = model.relations.find((r) => r.id === hook.relationId);
    if (relation !== undefined) forgetUnitInRelation(relation, unit.name);
  }
  if (hook.kind === "update-status") unit.lastUpdateStatus = now();
  if (hook.kind === "remove") removeUnitRecord(model, unit);
  collectRelations(model);
}

function forgetUnitInRelation(relation: Relation, unitName: string): void {
  relation.joined = without(relation.joined, unitName);
  relation.unitData = without(relation.unitData, unitName);
}

function removeUnitRecord(model: ModelState, unit: Unit): void {
  const app = model.applications[appOfUnit(unit.name)];
  if (app === undefined) return;
  app.units = without(app.units, unit.name);
  for (const relation of model.relations) forgetUnitInRelation(relation, unit.name);
  if (app.leader === unit.name) {
    // The lease lapses with the unit: Juju elects another unit, which runs leader-elected.
    const successor = unitsOf(model, app.name).find((u) => u.life === "alive");
    app.leader = successor?.name;
    if (successor !== undefined) enqueue(successor, { kind: "leader-elected" });
  }
  if (app.life === "dying" && Object.keys(app.units).length === 0) {
    model.applications = without(model.applications, app.name);
    model.relations = model.relations.filter((r) => !r.ends.some((e) => e.app === app.name));
  }
}

/** A dying relation goes once no unit still has a hook queued for it. */
function collectRelations(model: ModelState): void {
  const pending = new Set<number>();
  for (const app of Object.values(model.applications)) {
    for (const unit of Object.values(app.units)) {
      for (const hook of [...unit.queue, ...(unit.failedHook === undefined ? [] : [unit.failedHook])]) {
        if (hook.relationId !== undefined) pending.add(hook.relationId);
      }
    }
  }
  model.relations = model.relations.filter((r) => r.life === "alive" || pending.has(r.id));
}

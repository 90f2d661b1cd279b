/**
 * The bridge between the model (what the controller holds for every application) and one unit's
 * view of it during a hook: the `State` the project's hook-tool implementation (charm-testing's
 * FakeModel) answers from, and the fold of that hook's outcome back into the model. Reusing the
 * harness's hook tools keeps one implementation of Juju's argv, output and access rules.
 */
import type { HookInfo } from "@garm-charms/charm-testing";
import type { RelationState, SecretState, State, Status } from "@garm-charms/charm-testing";
import type { EntityStatus, ModelState, QueuedHook, Relation, Secret, Unit } from "./model.js";
import { appOfUnit, now, relationEnds, status, unitNumber } from "./model.js";
import { databagChanged, secretRevised } from "./scheduler.js";

const UNIT_DEFAULTS = (unit: Unit): Record<string, string> => ({
  "egress-subnets": `${unit.address}/32`,
  "ingress-address": unit.address,
  "private-address": unit.address,
});

/** Juju's default keys of a unit databag nobody has written yet. */
export function unitDefaults(model: ModelState, unitName: string): Record<string, string> {
  const unit = model.applications[appOfUnit(unitName)]?.units[unitName];
  return unit === undefined ? {} : UNIT_DEFAULTS(unit);
}

/**
 * The remote unit a relation-departed hook is about: it has left relation-list already (see
 * scheduler's hookStarting), but Juju keeps its databag readable for the length of the hook,
 * whether it or this unit is the one leaving.
 */
function departedRemote(relation: Relation, hook: QueuedHook | undefined): string | undefined {
  return hook?.kind === "relation-departed" && hook.relationId === relation.id ? hook.remoteUnit : undefined;
}

function relationView(
  model: ModelState,
  relation: Relation,
  unit: Unit,
  hook: QueuedHook | undefined,
): RelationState {
  const appName = appOfUnit(unit.name);
  const ends = relationEnds(relation, appName);
  const remoteApp = ends?.remote.app ?? appName;
  const seen = relation.joined[unit.name] ?? [];
  const departed = departedRemote(relation, hook);
  const readable = departed === undefined || seen.includes(departed) ? seen : [...seen, departed];
  const remoteUnitsData = Object.fromEntries(
    readable.map((name) => [unitNumber(name), relation.unitData[name] ?? unitDefaults(model, name)]),
  );
  return {
    id: relation.id,
    endpoint: ends?.local.endpoint ?? "",
    remoteAppName: remoteApp,
    localAppData: relation.appData[appName] ?? {},
    localUnitData: relation.unitData[unit.name] ?? UNIT_DEFAULTS(unit),
    remoteAppData: relation.appData[remoteApp] ?? {},
    remoteUnitsData,
    remoteModelUuid: model.uuid,
  };
}

function latestRevision(secret: Secret): number {
  return secret.revisions.at(-1)?.revision ?? 0;
}

function owns(secret: Secret, unit: Unit): "app" | "unit" | null {
  if (secret.owner.kind === "app" && secret.owner.name === appOfUnit(unit.name)) return "app";
  if (secret.owner.kind === "unit" && secret.owner.name === unit.name) return "unit";
  return null;
}

function grantedTo(secret: Secret, unit: Unit): boolean {
  const app = appOfUnit(unit.name);
  if (secret.appGrants.includes(app)) return true;
  return Object.values(secret.grants).some((names) => names.includes(app) || names.includes(unit.name));
}

function secretView(model: ModelState, secret: Secret, unit: Unit): SecretState | undefined {
  const owner = owns(secret, unit);
  if (owner === null && !grantedTo(secret, unit)) return undefined;
  const label = owner === null ? secret.consumerLabels[appOfUnit(unit.name)] : secret.label;
  const view: SecretState = {
    id: `secret://${model.uuid}/${secret.id}`,
    owner,
    revisions: secret.revisions.map((r) => ({ revision: r.revision, content: r.content })),
    trackedRevision:
      owner === null ? (unit.secretTracking[secret.id] ?? latestRevision(secret)) : latestRevision(secret),
    grants: secret.grants,
    ...(owner === null ? { granted: true } : {}),
    ...(label === undefined ? {} : { label }),
    ...(secret.description === undefined ? {} : { description: secret.description }),
  };
  return view;
}

function toStatus(s: EntityStatus): Status {
  return { name: s.current, message: s.message };
}

/** The State `hook` (none: an action or exec) on `unit` starts from. */
export function unitState(model: ModelState, unit: Unit, hook?: QueuedHook): State {
  const app = model.applications[appOfUnit(unit.name)];
  if (app === undefined) throw new Error(`application of ${unit.name} not found`);
  const relations = model.relations
    .filter((r) => relationEnds(r, app.name) !== undefined)
    .map((r) => relationView(model, r, unit, hook));
  return {
    config: app.config,
    leader: app.leader === unit.name,
    model: { name: model.name, uuid: model.uuid, type: "caas" },
    relations,
    secrets: model.secrets.flatMap((s) => secretView(model, s, unit) ?? []),
    containers: [],
    networks: [],
    openedPorts: unit.openedPorts,
    unitStatus: toStatus(unit.workload),
    appStatus: toStatus(app.status),
    workloadVersion: unit.workloadVersion,
    storedState: unit.storedState,
    resources: app.resources,
  };
}

export function hookInfo(hook: QueuedHook, actionParams?: Record<string, unknown>): HookInfo {
  return {
    ...(hook.relationId === undefined ? {} : { relationId: hook.relationId }),
    ...(hook.remoteUnit === undefined ? {} : { remoteUnit: hook.remoteUnit }),
    // The hook tools' "departing unit" is the one gone from relation-list: the hook's remote unit
    // (JUJU_DEPARTING_UNIT, which may name this unit, is set in the environment, hook-runner.ts).
    ...(hook.kind === "relation-departed" && hook.remoteUnit !== undefined
      ? { departingUnit: hook.remoteUnit }
      : {}),
    relationBroken: hook.kind === "relation-broken",
    ...(actionParams === undefined ? {} : { actionParams }),
  };
}

function keepStatus(previous: EntityStatus, next: Status): EntityStatus {
  if (previous.current === next.name && previous.message === next.message) return previous;
  return status(next.name, next.message);
}

function sameBag(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>>,
): boolean {
  return JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());
}

function foldRelations(model: ModelState, unit: Unit, before: State, after: State): void {
  const appName = appOfUnit(unit.name);
  for (const view of after.relations) {
    const relation = model.relations.find((r) => r.id === view.id);
    const old = before.relations.find((r) => r.id === view.id);
    if (relation === undefined || old === undefined) continue;
    if (!sameBag(old.localUnitData, view.localUnitData)) {
      relation.unitData[unit.name] = { ...view.localUnitData };
      databagChanged(model, relation, unit, false);
    }
    if (!sameBag(old.localAppData, view.localAppData)) {
      relation.appData[appName] = { ...view.localAppData };
      databagChanged(model, relation, unit, true);
    }
  }
}

function newSecret(model: ModelState, unit: Unit, view: SecretState, bare: string): Secret {
  const owner =
    view.owner === "unit"
      ? { kind: "unit" as const, name: unit.name }
      : { kind: "app" as const, name: appOfUnit(unit.name) };
  return {
    id: bare,
    owner,
    revisions: [],
    grants: {},
    appGrants: [],
    consumerLabels: {},
    created: now(),
    updated: now(),
  };
}

function foldOwnedSecret(model: ModelState, unit: Unit, view: SecretState, bare: string): void {
  let secret = model.secrets.find((s) => s.id === bare);
  if (secret === undefined) {
    secret = newSecret(model, unit, view, bare);
    model.secrets.push(secret);
  }
  const before = latestRevision(secret);
  const known = new Map(secret.revisions.map((r) => [r.revision, r.created]));
  secret.revisions = view.revisions.map((r) => ({
    revision: r.revision,
    content: { ...r.content },
    created: known.get(r.revision) ?? now(),
  }));
  secret.grants = Object.fromEntries(Object.entries(view.grants).map(([k, v]) => [k, [...v]]));
  secret.label = view.label;
  secret.description = view.description;
  secret.rotate = view.rotate;
  secret.expire = view.expire;
  if (latestRevision(secret) > before) {
    secret.updated = now();
    if (before > 0) secretRevised(model, bare, latestRevision(secret));
  }
}

function foldSecrets(model: ModelState, unit: Unit, before: State, after: State): void {
  const bareOf = (id: string): string => id.slice(id.lastIndexOf("/") + 1).replace(/^secret:/, "");
  const ownedBefore = before.secrets.filter((s) => s.owner !== null).map((s) => bareOf(s.id));
  const ownedAfter = new Set<string>();
  for (const view of after.secrets) {
    const bare = bareOf(view.id);
    if (view.owner !== null) {
      ownedAfter.add(bare);
      foldOwnedSecret(model, unit, view, bare);
      continue;
    }
    const secret = model.secrets.find((s) => s.id === bare);
    if (secret === undefined) continue;
    const old = before.secrets.find((s) => s.id === view.id);
    if (
      unit.secretTracking[bare] !== undefined ||
      old?.trackedRevision !== view.trackedRevision ||
      view.label !== old.label
    ) {
      unit.secretTracking[bare] = view.trackedRevision;
    }
    if (view.label !== undefined) secret.consumerLabels[appOfUnit(unit.name)] = view.label;
  }
  const removed = new Set(ownedBefore.filter((id) => !ownedAfter.has(id)));
  model.secrets = model.secrets.filter((s) => !removed.has(s.id));
}

/**
 * Juju tracks a granted secret's revision from the first `secret-get` of a unit: note the
 * secrets this hook read (by id or label), so a later revision sends them secret-changed.
 */
export function trackReads(
  unit: Unit,
  before: State,
  calls: readonly { tool: string; args: readonly string[] }[],
): void {
  for (const call of calls.filter((c) => c.tool === "secret-get")) {
    const labelAt = call.args.findIndex((a) => a === "--label" || a.startsWith("--label="));
    const flag = labelAt < 0 ? undefined : call.args[labelAt];
    const label = flag === undefined ? undefined : (flag.split("=")[1] ?? call.args[labelAt + 1]);
    const ids = call.args.filter((a) => a.startsWith("secret:") || /^[a-z0-9]{20}$/.test(a));
    for (const view of before.secrets) {
      if (view.owner !== null) continue;
      const bare = view.id.slice(view.id.lastIndexOf("/") + 1);
      const hit = ids.some((id) => id.endsWith(bare)) || (label !== undefined && view.label === label);
      if (hit) unit.secretTracking[bare] ??= view.trackedRevision;
    }
  }
}

/** Folds a finished hook into the model. `committed` false: only the immediate kinds are kept. */
export function foldHook(
  model: ModelState,
  unit: Unit,
  before: State,
  after: State,
  committed: boolean,
): void {
  const app = model.applications[appOfUnit(unit.name)];
  if (app === undefined) return;
  unit.workload = keepStatus(unit.workload, after.unitStatus);
  app.status = keepStatus(app.status, after.appStatus);
  unit.workloadVersion = after.workloadVersion;
  if (!committed) return;
  foldRelations(model, unit, before, after);
  foldSecrets(model, unit, before, after);
  unit.openedPorts = [...after.openedPorts];
  unit.storedState = { ...after.storedState };
}

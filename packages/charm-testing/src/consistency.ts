import { getSecret } from "./builders.js";
import type { HarnessEvent } from "./events.js";
import type { ActionParamMeta, CharmMeta, ConfigOptionMeta } from "./meta.js";
import { declaresBinding, findEndpoint } from "./meta.js";
import type { ConfigValue, ContainerState, State } from "./state.js";

/**
 * Rejects a test setup Juju could never produce, before the charm runs: otherwise a test could
 * pass against a situation that cannot happen (a relation on an undeclared endpoint, an event for
 * a relation that is not there). The message lists every problem found, one per line.
 */
export class InconsistentStateError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`inconsistent test setup:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InconsistentStateError";
  }
}

function configTypeMatches(option: ConfigOptionMeta, value: ConfigValue): boolean {
  switch (option.type) {
    case "string":
      return typeof value === "string";
    case "secret":
      return typeof value === "string" && value.startsWith("secret:");
    case "int":
      return typeof value === "number" && Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
  }
}

function paramTypeMatches(param: ActionParamMeta, value: unknown): boolean {
  switch (param.type) {
    case undefined:
      return true;
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

function checkRelations(meta: CharmMeta, state: State, problems: string[]): void {
  const seen = new Set<number>();
  const perEndpoint = new Map<string, number>();
  for (const relation of state.relations) {
    if (seen.has(relation.id))
      problems.push(`relation id ${String(relation.id)} is used by more than one relation`);
    seen.add(relation.id);
    const declared = findEndpoint(meta, relation.endpoint);
    if (declared === undefined) {
      problems.push(
        `relation ${String(relation.id)} uses endpoint "${relation.endpoint}", which ${meta.name} does not declare`,
      );
      continue;
    }
    const count = (perEndpoint.get(relation.endpoint) ?? 0) + 1;
    perEndpoint.set(relation.endpoint, count);
    const limit = declared.spec.limit;
    if (limit !== undefined && count === limit + 1) {
      problems.push(
        `endpoint "${relation.endpoint}" has limit ${String(limit)} but the state has more relations on it`,
      );
    }
  }
}

function checkConfig(meta: CharmMeta, state: State, problems: string[]): void {
  for (const [key, value] of Object.entries(state.config)) {
    const option = meta.config.options[key];
    if (option === undefined) {
      problems.push(`config option "${key}" is not declared in ${meta.name}'s charmcraft.yaml`);
    } else if (!configTypeMatches(option, value)) {
      problems.push(
        `config option "${key}" is declared as ${option.type} but the state gives ${JSON.stringify(value)}`,
      );
    }
  }
}

function checkContainersAndNetworks(meta: CharmMeta, state: State, problems: string[]): void {
  for (const container of state.containers) {
    if (!(container.name in meta.containers)) {
      problems.push(`container "${container.name}" is not declared in ${meta.name}'s charmcraft.yaml`);
    }
  }
  const storageIds = new Set<string>();
  for (const storage of state.storages ?? []) {
    const id = `${storage.name}/${String(storage.index)}`;
    if (!(storage.name in meta.storage))
      problems.push(`storage "${storage.name}" is not declared in ${meta.name}'s charmcraft.yaml`);
    if (storageIds.has(id)) problems.push(`storage ${id} appears more than once`);
    storageIds.add(id);
  }
  for (const network of state.networks) {
    if (!declaresBinding(meta, network.binding))
      problems.push(`network binding "${network.binding}" is neither an endpoint nor an extra binding`);
  }
}

function checkResources(meta: CharmMeta, state: State, problems: string[]): void {
  for (const name of Object.keys(state.resources ?? {})) {
    const declared = meta.resources[name];
    if (declared === undefined) {
      problems.push(`resource "${name}" is not declared in ${meta.name}'s charmcraft.yaml`);
    } else if (declared.type !== "file") {
      problems.push(`resource "${name}" is an ${declared.type} resource; resource-get serves file resources`);
    }
  }
}

function checkActionParams(
  meta: CharmMeta,
  name: string,
  params: Readonly<Record<string, unknown>>,
  problems: string[],
): void {
  const action = meta.actions[name];
  if (action === undefined) {
    problems.push(`action "${name}" is not declared in ${meta.name}'s charmcraft.yaml`);
    return;
  }
  for (const [param, value] of Object.entries(params)) {
    const spec = action.params[param];
    if (spec === undefined) {
      if (!action.additionalProperties) problems.push(`action "${name}" has no parameter "${param}"`);
    } else if (!paramTypeMatches(spec, value)) {
      problems.push(
        `action "${name}" parameter "${param}" must be ${spec.type ?? "any"}, got ${JSON.stringify(value)}`,
      );
    }
  }
  for (const required of action.required) {
    if (!(required in params) && action.params[required]?.default === undefined) {
      problems.push(`action "${name}" requires parameter "${required}"`);
    }
  }
}

type RelationEvent = Extract<HarnessEvent, { relationId: number }>;
type SecretEvent = Extract<HarnessEvent, { secretId: string }>;
type PebbleEvent = Extract<HarnessEvent, { container: string }>;
type StorageEvent = Extract<HarnessEvent, { storage: string }>;

function checkRelationEvent(meta: CharmMeta, event: RelationEvent, state: State, problems: string[]): void {
  const relation = state.relations.find((r) => r.id === event.relationId);
  if (relation === undefined) {
    problems.push(`${event.kind} event for relation ${String(event.relationId)}, which is not in the state`);
  } else if (relation.endpoint !== event.endpoint) {
    problems.push(
      `${event.kind} event names endpoint "${event.endpoint}" but relation ${String(relation.id)} is on "${relation.endpoint}"`,
    );
  }
  const needsRemoteUnit =
    event.kind === "relation-joined" ||
    event.kind === "relation-changed" ||
    event.kind === "relation-departed";
  if (needsRemoteUnit && event.remoteUnit === undefined) {
    problems.push(`${event.kind} needs a remote unit, but relation ${String(event.relationId)} has none`);
  }
  if (
    relation !== undefined &&
    event.remoteUnit !== undefined &&
    event.remoteUnit.split("/")[0] !== relation.remoteAppName
  ) {
    problems.push(`remote unit ${event.remoteUnit} is not a unit of ${relation.remoteAppName}`);
  }
  if (findEndpoint(meta, event.endpoint) === undefined) {
    problems.push(`${event.kind} event on endpoint "${event.endpoint}", which ${meta.name} does not declare`);
  }
}

function checkSecretEvent(event: SecretEvent, state: State, problems: string[]): void {
  const secret = getSecret(state, { id: event.secretId });
  if (secret === undefined) {
    problems.push(`${event.kind} event for secret ${event.secretId}, which is not in the state`);
  } else if (event.kind === "secret-changed") {
    // Juju sends secret-changed to observers only, and only to those that can read it.
    if (secret.owner !== null)
      problems.push(`secret-changed goes to observers, but this charm owns ${event.secretId}`);
    else if (secret.granted === false)
      problems.push(`secret-changed for ${event.secretId}, which was not granted to this charm`);
  } else if (secret.owner === null) {
    problems.push(`${event.kind} goes to the owner, but ${event.secretId} belongs to another application`);
  }
}

/** What the event needs from a container that is in the state: reachable Pebble, its notice, its check. */
function checkPebbleTarget(event: PebbleEvent, container: ContainerState, problems: string[]): void {
  if (event.kind === "pebble-ready" && !container.canConnect) {
    problems.push(
      `pebble-ready for container "${event.container}", whose Pebble cannot be reached (canConnect: false)`,
    );
  }
  if (
    event.kind === "pebble-custom-notice" &&
    !(container.notices ?? []).some((n) => n.id === event.notice.id)
  ) {
    problems.push(
      `pebble-custom-notice for notice ${event.notice.id}, which container "${event.container}" does not have`,
    );
  }
  if (
    (event.kind === "pebble-check-failed" || event.kind === "pebble-check-recovered") &&
    !(container.checks ?? []).some((c) => c.name === event.checkName)
  ) {
    problems.push(
      `${event.kind} for check "${event.checkName}", which container "${event.container}" does not have`,
    );
  }
}

function checkPebbleEvent(meta: CharmMeta, event: PebbleEvent, state: State, problems: string[]): void {
  if (!(event.container in meta.containers)) {
    problems.push(
      `${event.kind} event for container "${event.container}", which ${meta.name} does not declare`,
    );
  }
  const container = state.containers.find((c) => c.name === event.container);
  if (container === undefined) {
    problems.push(`${event.kind} event for container "${event.container}", which is not in the state`);
    return;
  }
  checkPebbleTarget(event, container, problems);
}

function checkStorageEvent(meta: CharmMeta, event: StorageEvent, state: State, problems: string[]): void {
  if (!(event.storage in meta.storage)) {
    problems.push(`${event.kind} event for storage "${event.storage}", which ${meta.name} does not declare`);
  }
  if (!(state.storages ?? []).some((s) => s.name === event.storage && s.index === event.index)) {
    problems.push(
      `${event.kind} event for storage ${event.storage}/${String(event.index)}, which is not in the state`,
    );
  }
}

/** The event must be about something the state holds and the charm declares. Lifecycle events need nothing. */
function checkEvent(meta: CharmMeta, event: HarnessEvent, state: State, problems: string[]): void {
  if ("relationId" in event) checkRelationEvent(meta, event, state, problems);
  else if ("secretId" in event) checkSecretEvent(event, state, problems);
  else if ("container" in event) checkPebbleEvent(meta, event, state, problems);
  else if ("storage" in event) checkStorageEvent(meta, event, state, problems);
  else if (event.kind === "action") checkActionParams(meta, event.name, event.params, problems);
}

/** Throws InconsistentStateError listing every problem; returns quietly when the setup is sound. */
export function checkConsistency(meta: CharmMeta, event: HarnessEvent, state: State): void {
  const problems: string[] = [];
  checkRelations(meta, state, problems);
  checkConfig(meta, state, problems);
  checkContainersAndNetworks(meta, state, problems);
  checkResources(meta, state, problems);
  checkEvent(meta, event, state, problems);
  if (problems.length > 0) throw new InconsistentStateError(problems);
}

/** Action parameters as `action-get` reports them: declared defaults under the given values. */
export function actionParamsWithDefaults(
  meta: CharmMeta,
  name: string,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [param, spec] of Object.entries(meta.actions[name]?.params ?? {})) {
    if (spec.default !== undefined) defaults[param] = spec.default;
  }
  return { ...defaults, ...params };
}

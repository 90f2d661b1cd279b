/** What each `juju` command does to the model, before the due hooks run. */
import { renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { CharmMeta, ConfigValue } from "@garm-charms/charm-testing";
import { unpackCharm, loadCharmDirMeta } from "./charm-store.js";
import type { ModelHandle } from "./controller.js";
import { JujuLocalError } from "./errors.js";
import { BUILT_IN_IMAGES, checkImageResource } from "./pod/images.js";
import type { Application, ModelState, Relation, Secret } from "./model.js";
import { appOfUnit, findUnit, now, status, without } from "./model.js";
import {
  addUnits,
  applicationRemoved,
  configChanged,
  enqueue,
  integrated,
  refreshed,
  relationRemoved,
  secretRevised,
  unitRemoved,
} from "./scheduler.js";

export function application(model: ModelState, name: string): Application {
  const app = model.applications[name];
  if (app === undefined) throw new JujuLocalError(`application "${name}" not found`);
  return app;
}

/** A `juju config`/`--config` value, typed by config.yaml as Juju parses it. */
export function typedConfig(meta: CharmMeta, key: string, raw: string): ConfigValue {
  const option = meta.config.options[key];
  if (option === undefined) throw new JujuLocalError(`unknown option "${key}"`);
  if (option.type === "int") {
    if (!/^-?\d+$/.test(raw)) throw new JujuLocalError(`option "${key}" expected int, got "${raw}"`);
    return Number(raw);
  }
  if (option.type === "float") {
    if (Number.isNaN(Number(raw))) throw new JujuLocalError(`option "${key}" expected float, got "${raw}"`);
    return Number(raw);
  }
  if (option.type === "boolean") {
    if (!["true", "false"].includes(raw))
      throw new JujuLocalError(`option "${key}" expected boolean, got "${raw}"`);
    return raw === "true";
  }
  return raw;
}

export interface DeployOptions {
  readonly appName?: string;
  readonly config: Record<string, string>;
  readonly resources: Record<string, string>;
  readonly numUnits: number;
  readonly trust: boolean;
}

export async function deploy(
  handle: ModelHandle,
  charmPath: string,
  options: DeployOptions,
): Promise<Application> {
  const path = resolve(charmPath);
  const staging = join(handle.dir, "charms", `staging-${randomBytes(4).toString("hex")}`);
  await unpackCharm(path, staging);
  const meta = loadCharmDirMeta(staging);
  const name = options.appName ?? meta.name;
  let resources: Record<string, string>;
  try {
    resources = imageResources(meta, options.resources);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (handle.state.applications[name] !== undefined) {
    rmSync(staging, { recursive: true, force: true });
    throw new JujuLocalError(`cannot add application "${name}": application already exists`);
  }
  const charmDir = join(handle.dir, "charms", `${name}-0`);
  rmSync(charmDir, { recursive: true, force: true });
  renameSync(staging, charmDir);
  const config = Object.fromEntries(
    Object.entries(options.config).map(([k, v]) => [k, typedConfig(meta, k, v)]),
  );
  const app: Application = {
    name,
    charmPath: path,
    charmDir,
    charmName: meta.name,
    charmRev: 0,
    life: "alive",
    config,
    resources,
    trust: options.trust,
    status: status("unknown"),
    nextUnit: 0,
    units: {},
  };
  handle.state.applications[name] = app;
  addPeerRelations(handle, app, meta);
  addUnits(handle.state, app, meta, options.numUnits);
  return app;
}

/**
 * The resources as stored: every container's `oci-image` resource must be given (Juju refuses a
 * local sidecar charm without them), as a directory (kept as an absolute path) or a built-in image.
 */
function imageResources(meta: CharmMeta, given: Readonly<Record<string, string>>): Record<string, string> {
  const images = Object.values(meta.containers).flatMap((c) =>
    c.resource === undefined ? [] : [c.resource],
  );
  const missing = images.filter((r) => given[r] === undefined);
  if (missing.length > 0)
    throw new JujuLocalError(
      `local charm missing OCI images for: ${missing.join(", ")} (deploy with --resource <name>=<dir|${BUILT_IN_IMAGES.join("|")}>)`,
    );
  return Object.fromEntries(
    Object.entries(given).map(([name, value]) => [
      name,
      images.includes(name) ? checkImageResource(name, value) : value,
    ]),
  );
}

export function setConfig(
  handle: ModelHandle,
  appName: string,
  values: Record<string, string>,
  reset: readonly string[],
): void {
  const app = application(handle.state, appName);
  const meta = loadCharmDirMeta(app.charmDir);
  const before = JSON.stringify(app.config);
  for (const [key, raw] of Object.entries(values)) app.config[key] = typedConfig(meta, key, raw);
  for (const key of reset) {
    if (meta.config.options[key] === undefined) throw new JujuLocalError(`unknown option "${key}"`);
    app.config = without(app.config, key);
  }
  if (JSON.stringify(app.config) !== before) configChanged(handle.state, appName);
}

function parseEndpointRef(ref: string): { app: string; endpoint?: string } {
  const [app, endpoint] = ref.split(":");
  return endpoint === undefined ? { app: app ?? ref } : { app: app ?? ref, endpoint };
}

interface EndpointChoice {
  readonly endpoint: string;
  readonly role: string;
  readonly iface: string;
}

function endpointsOf(meta: CharmMeta): EndpointChoice[] {
  return [
    ...Object.entries(meta.requires).map(([endpoint, e]) => ({
      endpoint,
      role: "requirer",
      iface: e.interface,
    })),
    ...Object.entries(meta.provides).map(([endpoint, e]) => ({
      endpoint,
      role: "provider",
      iface: e.interface,
    })),
  ];
}

/** The endpoint pair `juju integrate a b` means: same interface, one provider, one requirer. */
function matchEndpoints(
  handle: ModelHandle,
  a: string,
  b: string,
): [EndpointChoice & { app: string }, EndpointChoice & { app: string }] {
  const refA = parseEndpointRef(a);
  const refB = parseEndpointRef(b);
  const metaA = loadCharmDirMeta(application(handle.state, refA.app).charmDir);
  const metaB = loadCharmDirMeta(application(handle.state, refB.app).charmDir);
  const candidates = endpointsOf(metaA)
    .filter((ea) => refA.endpoint === undefined || ea.endpoint === refA.endpoint)
    .flatMap((ea) =>
      endpointsOf(metaB)
        .filter(
          (eb) =>
            (refB.endpoint === undefined || eb.endpoint === refB.endpoint) &&
            eb.iface === ea.iface &&
            eb.role !== ea.role,
        )
        .map(
          (eb) =>
            [
              { ...ea, app: refA.app },
              { ...eb, app: refB.app },
            ] as [EndpointChoice & { app: string }, EndpointChoice & { app: string }],
        ),
    );
  const [only, ...others] = candidates;
  if (only === undefined) throw new JujuLocalError(`no relations found between "${a}" and "${b}"`);
  if (others.length > 0)
    throw new JujuLocalError(
      `ambiguous relation: "${a} ${b}" could refer to ${candidates.map(([x, y]) => `"${x.app}:${x.endpoint} ${y.app}:${y.endpoint}"`).join("; ")}`,
    );
  return only;
}

export function integrate(handle: ModelHandle, a: string, b: string): Relation {
  const [ea, eb] = matchEndpoints(handle, a, b);
  const exists = handle.state.relations.some(
    (r) =>
      r.ends.some((e) => e.app === ea.app && e.endpoint === ea.endpoint) &&
      r.ends.some((e) => e.app === eb.app && e.endpoint === eb.endpoint),
  );
  if (exists)
    throw new JujuLocalError(`relation ${ea.app}:${ea.endpoint} ${eb.app}:${eb.endpoint} already exists`);
  const relation: Relation = {
    id: handle.state.nextRelationId++,
    interface: ea.iface,
    ends: [
      { app: ea.app, endpoint: ea.endpoint, role: ea.role },
      { app: eb.app, endpoint: eb.endpoint, role: eb.role },
    ],
    life: "alive",
    appData: {},
    unitData: {},
    joined: {},
  };
  handle.state.relations.push(relation);
  integrated(handle.state, relation);
  return relation;
}

/** Peer relations exist from deploy: created before any unit starts. */
export function addPeerRelations(handle: ModelHandle, app: Application, meta: CharmMeta): void {
  for (const [endpoint, e] of Object.entries(meta.peers)) {
    handle.state.relations.push({
      id: handle.state.nextRelationId++,
      interface: e.interface,
      ends: [{ app: app.name, endpoint, role: "peer" }],
      life: "alive",
      appData: {},
      unitData: {},
      joined: {},
    });
  }
}

export function removeRelation(handle: ModelHandle, a: string, b: string): void {
  const refA = parseEndpointRef(a);
  const refB = parseEndpointRef(b);
  const matches = (end: Relation["ends"][number], ref: { app: string; endpoint?: string }): boolean =>
    end.app === ref.app && (ref.endpoint === undefined || end.endpoint === ref.endpoint);
  const relation = handle.state.relations.find(
    (r) =>
      r.life === "alive" &&
      r.ends.length === 2 &&
      r.ends.some((e) => matches(e, refA)) &&
      r.ends.some((e) => matches(e, refB)),
  );
  if (relation === undefined) throw new JujuLocalError(`relation "${a} ${b}" not found`);
  relationRemoved(handle.state, relation);
}

export function addUnit(handle: ModelHandle, appName: string, count: number): void {
  const app = application(handle.state, appName);
  addUnits(handle.state, app, loadCharmDirMeta(app.charmDir), count);
}

export function removeUnit(handle: ModelHandle, unitName: string): void {
  const unit = findUnit(handle.state, unitName);
  if (unit === undefined) throw new JujuLocalError(`unit "${unitName}" not found`);
  unitRemoved(handle.state, unit);
}

export function removeApplication(handle: ModelHandle, appName: string): void {
  applicationRemoved(handle.state, application(handle.state, appName));
}

export async function refresh(handle: ModelHandle, appName: string, charmPath: string): Promise<void> {
  const app = application(handle.state, appName);
  app.charmRev += 1;
  app.charmPath = resolve(charmPath);
  app.charmDir = join(handle.dir, "charms", `${app.name}-${String(app.charmRev)}`);
  await unpackCharm(app.charmPath, app.charmDir);
  refreshed(handle.state, appName, loadCharmDirMeta(app.charmDir));
}

export function resolveUnit(handle: ModelHandle, unitName: string, retry: boolean): void {
  const unit = findUnit(handle.state, unitName);
  if (unit === undefined) throw new JujuLocalError(`unit "${unitName}" not found`);
  if (unit.failedHook === undefined) throw new JujuLocalError(`unit "${unitName}" is not in an error state`);
  if (retry) unit.queue.unshift(unit.failedHook);
  delete unit.failedHook;
  unit.agent = { current: "idle", message: "", since: now() };
}

export function enqueueAction(
  handle: ModelHandle,
  unitName: string,
  name: string,
  params: Record<string, unknown>,
): string {
  const unit = findUnit(handle.state, unitName);
  if (unit === undefined) throw new JujuLocalError(`unit "${unitName}" not found`);
  const meta = loadCharmDirMeta(application(handle.state, appOfUnit(unitName)).charmDir);
  if (meta.actions[name] === undefined)
    throw new JujuLocalError(`action "${name}" not defined on unit "${unitName}"`);
  const id = String(handle.state.nextActionId++);
  handle.state.actions[id] = {
    id,
    unit: unitName,
    name,
    params,
    status: "pending",
    message: "",
    results: {},
    log: [],
    enqueued: now(),
  };
  enqueue(unit, { kind: "action", actionId: id });
  return id;
}

const XID_ALPHABET = "0123456789abcdefghijklmnopqrstuv";

export function mintSecretId(): string {
  return [...randomBytes(20)].map((b) => XID_ALPHABET[b % 32]).join("");
}

export function findSecret(model: ModelState, ref: string): Secret {
  const bare = ref.replace(/^secret:(\/\/[^/]+\/)?/, "");
  const secret = model.secrets.find((s) => s.id === bare || s.name === ref);
  if (secret === undefined) throw new JujuLocalError(`secret "${ref}" not found`);
  return secret;
}

export function addSecret(
  handle: ModelHandle,
  name: string,
  content: Record<string, string>,
  info?: string,
): Secret {
  if (handle.state.secrets.some((s) => s.name === name))
    throw new JujuLocalError(`secret with name "${name}" already exists`);
  const secret: Secret = {
    id: mintSecretId(),
    owner: { kind: "model" },
    name,
    ...(info === undefined ? {} : { description: info }),
    revisions: [{ revision: 1, content, created: now() }],
    grants: {},
    appGrants: [],
    consumerLabels: {},
    created: now(),
    updated: now(),
  };
  handle.state.secrets.push(secret);
  return secret;
}

export function updateSecret(
  handle: ModelHandle,
  ref: string,
  content: Record<string, string>,
  info?: string,
): void {
  const secret = findSecret(handle.state, ref);
  if (secret.owner.kind !== "model")
    throw new JujuLocalError(`secret "${ref}" is owned by a charm: only user secrets can be updated`);
  if (info !== undefined) secret.description = info;
  if (Object.keys(content).length === 0) return;
  const revision = (secret.revisions.at(-1)?.revision ?? 0) + 1;
  secret.revisions.push({ revision, content, created: now() });
  secret.updated = now();
  secretRevised(handle.state, secret.id, revision);
}

export function grantSecret(handle: ModelHandle, ref: string, apps: readonly string[]): void {
  const secret = findSecret(handle.state, ref);
  if (secret.owner.kind !== "model")
    throw new JujuLocalError(`secret "${ref}" is owned by a charm: it grants access itself`);
  for (const app of apps) {
    application(handle.state, app);
    if (!secret.appGrants.includes(app)) secret.appGrants.push(app);
  }
}

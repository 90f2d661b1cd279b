/**
 * The local model's state: everything Juju's controller would hold for one model, as plain JSON
 * in `<model dir>/model.json`. The file is a trust boundary (a user may edit or corrupt it), so it
 * is parsed with zod on every load.
 */
import * as z from "zod";

const databag = z.record(z.string(), z.string());
const configValue = z.union([z.string(), z.number(), z.boolean()]);

export const statusSchema = z.object({
  current: z.enum(["active", "blocked", "maintenance", "waiting", "unknown", "error"]),
  message: z.string(),
  since: z.string(),
});
export type EntityStatus = z.infer<typeof statusSchema>;

/** One hook (or action) waiting in a unit's queue, in Juju's terms. */
export const queuedHookSchema = z.object({
  kind: z.string(),
  relationId: z.number().int().optional(),
  endpoint: z.string().optional(),
  remoteUnit: z.string().optional(),
  remoteApp: z.string().optional(),
  departingUnit: z.string().optional(),
  secretId: z.string().optional(),
  container: z.string().optional(),
  actionId: z.string().optional(),
});
export type QueuedHook = z.infer<typeof queuedHookSchema>;

const portSchema = z.object({ protocol: z.enum(["tcp", "udp", "icmp"]), port: z.number().int().optional() });

export const unitSchema = z.object({
  name: z.string(),
  life: z.enum(["alive", "dying"]),
  workload: statusSchema,
  agent: z.object({
    current: z.enum(["allocating", "executing", "idle", "error"]),
    message: z.string(),
    since: z.string(),
  }),
  queue: z.array(queuedHookSchema),
  /** The hook that failed; the unit runs nothing until `resolve`. */
  failedHook: queuedHookSchema.optional(),
  storedState: databag,
  openedPorts: z.array(portSchema),
  workloadVersion: z.string(),
  /** Consumer side of secrets: the revision this unit tracks, by bare secret id. */
  secretTracking: z.record(z.string(), z.number().int()),
  lastUpdateStatus: z.string().optional(),
  address: z.string(),
});
export type Unit = z.infer<typeof unitSchema>;

export const applicationSchema = z.object({
  name: z.string(),
  /** The .charm file deployed and where it is unpacked. */
  charmPath: z.string(),
  charmDir: z.string(),
  charmName: z.string(),
  charmRev: z.number().int(),
  life: z.enum(["alive", "dying"]),
  /** Values set with `juju config` / `--config` (defaults come from config.yaml). */
  config: z.record(z.string(), configValue),
  resources: z.record(z.string(), z.string()),
  trust: z.boolean(),
  status: statusSchema,
  leader: z.string().optional(),
  nextUnit: z.number().int(),
  units: z.record(z.string(), unitSchema),
});
export type Application = z.infer<typeof applicationSchema>;

export const relationEndSchema = z.object({ app: z.string(), endpoint: z.string(), role: z.string() });

export const relationSchema = z.object({
  id: z.number().int(),
  interface: z.string(),
  /** Two ends; a peer relation has one. */
  ends: z.array(relationEndSchema).min(1).max(2),
  life: z.enum(["alive", "dying"]),
  appData: z.record(z.string(), databag),
  unitData: z.record(z.string(), databag),
  /** For each local unit, the remote units whose `-joined` hook it has run (what relation-list shows). */
  joined: z.record(z.string(), z.array(z.string())),
});
export type Relation = z.infer<typeof relationSchema>;

export const secretSchema = z.object({
  /** The bare xid. */
  id: z.string(),
  /** `model` for a user secret (`juju add-secret`); else the owning application or unit name. */
  owner: z.union([
    z.object({ kind: z.literal("model") }),
    z.object({ kind: z.literal("app"), name: z.string() }),
    z.object({ kind: z.literal("unit"), name: z.string() }),
  ]),
  /** The user secret's name, or the owner's label. */
  name: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  expire: z.string().optional(),
  rotate: z.string().optional(),
  revisions: z.array(z.object({ revision: z.number().int(), content: databag, created: z.string() })),
  /** Charm grants, by relation id: application and/or unit names. */
  grants: z.record(z.string(), z.array(z.string())),
  /** User-secret grants (`juju grant-secret`): application names. */
  appGrants: z.array(z.string()),
  /** Labels consumers gave it (`secret-get --label`), by consumer application. */
  consumerLabels: z.record(z.string(), z.string()),
  created: z.string(),
  updated: z.string(),
});
export type Secret = z.infer<typeof secretSchema>;

export const actionRecordSchema = z.object({
  id: z.string(),
  unit: z.string(),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(["pending", "running", "completed", "failed"]),
  message: z.string(),
  results: z.record(z.string(), z.unknown()),
  log: z.array(z.string()),
  enqueued: z.string(),
  started: z.string().optional(),
  completed: z.string().optional(),
});
export type ActionRecord = z.infer<typeof actionRecordSchema>;

export const modelStateSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  nextRelationId: z.number().int(),
  nextActionId: z.number().int(),
  nextContextId: z.number().int(),
  /** Seconds between `update-status` hooks (model-config update-status-hook-interval). */
  updateStatusInterval: z.number().int().positive(),
  applications: z.record(z.string(), applicationSchema),
  relations: z.array(relationSchema),
  secrets: z.array(secretSchema),
  actions: z.record(z.string(), actionRecordSchema),
});
export type ModelState = z.infer<typeof modelStateSchema>;

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function emptyModel(name: string, uuid: string): ModelState {
  return {
    name,
    uuid,
    nextRelationId: 0,
    nextActionId: 1,
    nextContextId: 1,
    updateStatusInterval: 300,
    applications: {},
    relations: [],
    secrets: [],
    actions: {},
  };
}

export function status(current: EntityStatus["current"], message = ""): EntityStatus {
  return { current, message, since: now() };
}

export function appOfUnit(unitName: string): string {
  return unitName.slice(0, unitName.lastIndexOf("/"));
}

export function findUnit(model: ModelState, unitName: string): Unit | undefined {
  return model.applications[appOfUnit(unitName)]?.units[unitName];
}

export function unitsOf(model: ModelState, appName: string): Unit[] {
  const app = model.applications[appName];
  if (app === undefined) return [];
  return Object.values(app.units).sort((a, b) => unitNumber(a.name) - unitNumber(b.name));
}

export function unitNumber(unitName: string): number {
  return Number(unitName.slice(unitName.lastIndexOf("/") + 1));
}

/** The end of `relation` that belongs to `appName`, and the other end (the same end for a peer). */
export function relationEnds(
  relation: Relation,
  appName: string,
): { local: Relation["ends"][number]; remote: Relation["ends"][number] } | undefined {
  const local = relation.ends.find((e) => e.app === appName);
  if (local === undefined) return undefined;
  const remote = relation.ends.find((e) => e.app !== appName) ?? local;
  return { local, remote };
}

/** `record` without `key` (a copy: the model's records are replaced, never mutated by delete). */
export function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

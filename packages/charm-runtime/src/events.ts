/**
 * Dispatch: turns the hook environment (`JUJU_DISPATCH_PATH` and the `JUJU_*` variables) into a typed
 * event plus the facts every hook has (unit, app, model, Juju version, proxy settings).
 *
 * Hook names are split by suffix, and the prefix (endpoint, container, storage name) is taken from the
 * variable Juju sets for it, as ops does: `my-db-relation-changed` is ambiguous on its own.
 */
import * as z from "zod";

import { InvalidEnvironmentError, MissingEnvironmentError, UnknownHookError } from "./errors.js";
import { relationIdSchema } from "./hook-tools/relations.js";

export type Env = Readonly<Record<string, string | undefined>>;

export const LIFECYCLE_HOOKS = [
  "install",
  "start",
  "stop",
  "remove",
  "upgrade-charm",
  "config-changed",
  "leader-elected",
  "leader-deposed",
  "leader-settings-changed",
  "update-status",
  "collect-metrics",
  "meter-status-changed",
  "pre-series-upgrade",
  "post-series-upgrade",
] as const;
export type LifecycleHook = (typeof LIFECYCLE_HOOKS)[number];

export const RELATION_PHASES = ["created", "joined", "changed", "departed", "broken"] as const;
export type RelationPhase = (typeof RELATION_PHASES)[number];

export const SECRET_HOOKS = ["secret-changed", "secret-expired", "secret-remove", "secret-rotate"] as const;
export type SecretHook = (typeof SECRET_HOOKS)[number];

export interface LifecycleEvent {
  readonly kind: LifecycleHook;
  readonly hook: string;
}

export interface RelationEvent {
  readonly kind: `relation-${RelationPhase}`;
  readonly hook: string;
  readonly endpoint: string;
  readonly relationId: number;
  readonly remoteApp: string;
  /** The remote unit the event is about; absent for `-created`, `-broken`, and a `-changed` about
   * the remote app databag only (Juju leaves JUJU_REMOTE_UNIT empty then). */
  readonly remoteUnit: string | undefined;
  /** `-departed` only: the unit that is leaving (may be this unit). */
  readonly departingUnit: string | undefined;
}

export interface SecretEvent {
  readonly kind: SecretHook;
  readonly hook: string;
  /** The secret URI as Juju gives it (`secret:<id>` or `secret://<model-uuid>/<id>`). */
  readonly secretId: string;
  readonly secretLabel: string | undefined;
  /** `secret-expired` and `secret-remove`: the revision concerned. */
  readonly revision: number | undefined;
}

export interface PebbleReadyEvent {
  readonly kind: "pebble-ready";
  readonly hook: string;
  readonly container: string;
}

export interface PebbleCustomNoticeEvent {
  readonly kind: "pebble-custom-notice";
  readonly hook: string;
  readonly container: string;
  readonly noticeId: string;
  readonly noticeType: string;
  readonly noticeKey: string;
}

export interface PebbleCheckEvent {
  readonly kind: "pebble-check-failed" | "pebble-check-recovered";
  readonly hook: string;
  readonly container: string;
  readonly checkName: string;
}

export interface StorageEvent {
  readonly kind: "storage-attached" | "storage-detaching";
  readonly hook: string;
  readonly storageName: string;
  readonly storageIndex: number;
  readonly location: string | undefined;
  readonly storageKind: "filesystem" | "block" | undefined;
}

export interface ActionEvent {
  readonly kind: "action";
  /** Action name from `actions/<name>`. */
  readonly name: string;
  /** `JUJU_ACTION_UUID`, e.g. `42`. */
  readonly id: string;
}

export type JujuEvent =
  | LifecycleEvent
  | RelationEvent
  | SecretEvent
  | PebbleReadyEvent
  | PebbleCustomNoticeEvent
  | PebbleCheckEvent
  | StorageEvent
  | ActionEvent;

export interface ProxySettings {
  readonly httpProxy: string | undefined;
  readonly httpsProxy: string | undefined;
  readonly noProxy: string | undefined;
  readonly ftpProxy: string | undefined;
}

export interface JujuContext {
  readonly event: JujuEvent;
  readonly unitName: string;
  readonly appName: string;
  readonly modelName: string;
  readonly modelUuid: string;
  readonly jujuVersion: string;
  readonly proxy: ProxySettings;
  readonly charmDir: string | undefined;
  /** `JUJU_DEBUG` is set: log to stderr too. */
  readonly debug: boolean;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function required(env: Env, name: string, reason: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new MissingEnvironmentError(name, reason);
  return value;
}

function parseWith<T>(schema: z.ZodType<T>, env: Env, name: string, reason: string): T {
  const value = required(env, name, reason);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidEnvironmentError(name, parsed.error.issues[0]?.message ?? "invalid");
  return parsed.data;
}

const unitNameSchema = z.string().regex(/^[a-z][a-z0-9-]*\/\d+$/, "expected <application>/<number>");
const revisionSchema = z
  .string()
  .regex(/^\d+$/, "expected a revision number")
  .transform((v) => Number(v));
const storageIdSchema = z
  .string()
  .regex(/^.+\/\d+$/, "expected <storage>/<number>")
  .transform((v) => {
    const slash = v.lastIndexOf("/");
    return { name: v.slice(0, slash), index: Number(v.slice(slash + 1)) };
  });
const storageKindSchema = z.enum(["filesystem", "block"]);

function prefixFor(hook: string, suffix: string, variable: string, env: Env, reason: string): string {
  const prefix = required(env, variable, reason);
  if (hook !== `${prefix}${suffix}`) {
    throw new InvalidEnvironmentError(variable, `${prefix} does not match hook ${hook}`);
  }
  return prefix;
}

function parseRelationEvent(hook: string, phase: RelationPhase, env: Env): RelationEvent {
  const reason = `for ${hook}`;
  const endpoint = prefixFor(hook, `-relation-${phase}`, "JUJU_RELATION", env, reason);
  // Not `changed`: Juju runs it with JUJU_REMOTE_UNIT empty when only the remote app databag changed.
  const needsUnit = phase === "joined" || phase === "departed";
  return {
    kind: `relation-${phase}`,
    hook,
    endpoint,
    relationId: parseWith(relationIdSchema, env, "JUJU_RELATION_ID", reason),
    remoteApp: required(env, "JUJU_REMOTE_APP", reason),
    remoteUnit: needsUnit
      ? parseWith(unitNameSchema, env, "JUJU_REMOTE_UNIT", reason)
      : optional(env, "JUJU_REMOTE_UNIT"),
    departingUnit: phase === "departed" ? optional(env, "JUJU_DEPARTING_UNIT") : undefined,
  };
}

function parseSecretEvent(hook: SecretHook, env: Env): SecretEvent {
  const reason = `for ${hook}`;
  const needsRevision = hook === "secret-expired" || hook === "secret-remove";
  return {
    kind: hook,
    hook,
    secretId: required(env, "JUJU_SECRET_ID", reason),
    secretLabel: optional(env, "JUJU_SECRET_LABEL"),
    revision: needsRevision ? parseWith(revisionSchema, env, "JUJU_SECRET_REVISION", reason) : undefined,
  };
}

function parseStorageEvent(hook: string, phase: "attached" | "detaching", env: Env): StorageEvent {
  const reason = `for ${hook}`;
  const id = parseWith(storageIdSchema, env, "JUJU_STORAGE_ID", reason);
  if (hook !== `${id.name}-storage-${phase}`) {
    throw new InvalidEnvironmentError("JUJU_STORAGE_ID", `${id.name} does not match hook ${hook}`);
  }
  const kind = optional(env, "JUJU_STORAGE_KIND");
  return {
    kind: `storage-${phase}`,
    hook,
    storageName: id.name,
    storageIndex: id.index,
    location: optional(env, "JUJU_STORAGE_LOCATION"),
    storageKind:
      kind === undefined ? undefined : parseWith(storageKindSchema, env, "JUJU_STORAGE_KIND", reason),
  };
}

function parseWorkloadEvent(hook: string, env: Env): JujuEvent | undefined {
  const reason = `for ${hook}`;
  if (hook.endsWith("-pebble-ready")) {
    return {
      kind: "pebble-ready",
      hook,
      container: prefixFor(hook, "-pebble-ready", "JUJU_WORKLOAD_NAME", env, reason),
    };
  }
  if (hook.endsWith("-pebble-custom-notice")) {
    return {
      kind: "pebble-custom-notice",
      hook,
      container: prefixFor(hook, "-pebble-custom-notice", "JUJU_WORKLOAD_NAME", env, reason),
      noticeId: required(env, "JUJU_NOTICE_ID", reason),
      noticeType: required(env, "JUJU_NOTICE_TYPE", reason),
      noticeKey: required(env, "JUJU_NOTICE_KEY", reason),
    };
  }
  for (const kind of ["pebble-check-failed", "pebble-check-recovered"] as const) {
    if (hook.endsWith(`-${kind}`)) {
      return {
        kind,
        hook,
        container: prefixFor(hook, `-${kind}`, "JUJU_WORKLOAD_NAME", env, reason),
        checkName: required(env, "JUJU_PEBBLE_CHECK_NAME", reason),
      };
    }
  }
  return undefined;
}

function parseHook(hook: string, dispatchPath: string, env: Env): JujuEvent {
  if ((LIFECYCLE_HOOKS as readonly string[]).includes(hook)) return { kind: hook as LifecycleHook, hook };
  if ((SECRET_HOOKS as readonly string[]).includes(hook)) return parseSecretEvent(hook as SecretHook, env);
  for (const phase of RELATION_PHASES) {
    if (hook.endsWith(`-relation-${phase}`)) return parseRelationEvent(hook, phase, env);
  }
  for (const phase of ["attached", "detaching"] as const) {
    if (hook.endsWith(`-storage-${phase}`)) return parseStorageEvent(hook, phase, env);
  }
  const workload = parseWorkloadEvent(hook, env);
  if (workload) return workload;
  throw new UnknownHookError(dispatchPath);
}

/** Parses `JUJU_DISPATCH_PATH` (and the variables its kind needs) into a typed event. */
export function parseEvent(env: Env): JujuEvent {
  const dispatchPath = required(env, "JUJU_DISPATCH_PATH", "to know which hook or action to run");
  const match = /^(hooks|actions)\/([^/]+)$/.exec(dispatchPath.replace(/^\.\//, ""));
  if (!match) throw new UnknownHookError(dispatchPath);
  const [, location, name] = match as unknown as [string, "hooks" | "actions", string];
  if (location === "actions") {
    return { kind: "action", name, id: required(env, "JUJU_ACTION_UUID", `for action ${name}`) };
  }
  return parseHook(name, dispatchPath, env);
}

/** Parses the whole hook environment: the event plus unit, app, model, version and proxy settings. */
export function parseJujuContext(env: Env): JujuContext {
  const event = parseEvent(env);
  const always = "in every hook";
  const unitName = parseWith(unitNameSchema, env, "JUJU_UNIT_NAME", always);
  return {
    event,
    unitName,
    appName: unitName.slice(0, unitName.indexOf("/")),
    modelName: required(env, "JUJU_MODEL_NAME", always),
    modelUuid: required(env, "JUJU_MODEL_UUID", always),
    jujuVersion: required(env, "JUJU_VERSION", always),
    proxy: {
      httpProxy: optional(env, "JUJU_CHARM_HTTP_PROXY"),
      httpsProxy: optional(env, "JUJU_CHARM_HTTPS_PROXY"),
      noProxy: optional(env, "JUJU_CHARM_NO_PROXY"),
      ftpProxy: optional(env, "JUJU_CHARM_FTP_PROXY"),
    },
    charmDir: optional(env, "JUJU_CHARM_DIR"),
    debug: env["JUJU_DEBUG"] !== undefined,
  };
}

/** The kinds of relation event, for narrowing: `isRelationEvent(ctx.event)`. */
export function isRelationEvent(event: JujuEvent): event is RelationEvent {
  return event.kind.startsWith("relation-");
}

export function isSecretEvent(event: JujuEvent): event is SecretEvent {
  return (SECRET_HOOKS as readonly string[]).includes(event.kind);
}

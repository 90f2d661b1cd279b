/**
 * The secret-leak check: no value held in a Juju secret (any revision, before or after the hook)
 * may show where an operator or another charm can read it: juju-log lines, statuses, action
 * output and failures, hook-tool argv, this charm's plain databags, charm state, the workload
 * version, or the charm's error. Pebble files are not scanned: 0600 files are where secrets go.
 */
import type { HookToolInvocation } from "@garm-charms/charm-runtime/internal";

import type { LogLine } from "./fake-hook-tools/index.js";
import type { State, Status } from "./state.js";

/** What one hook showed besides its State (the fields a Context records). */
export interface HookRecord {
  readonly jujuLog: readonly LogLine[];
  readonly unitStatusHistory: readonly Status[];
  readonly appStatusHistory: readonly Status[];
  readonly actionLogs: readonly string[];
  readonly actionFailure: string | undefined;
  readonly hookToolCalls: readonly HookToolInvocation[];
  readonly error: unknown;
}

/** A place that can be read outside Juju's secret store. */
export interface LeakPlace {
  readonly kind:
    | "juju-log"
    | "status"
    | "action-log"
    | "action-failure"
    | "argv"
    | "databag"
    | "charm-state"
    | "workload-version"
    | "error";
  /** e.g. `argv of secret-add`, `db:3 app databag key password`. */
  readonly name: string;
  readonly text: string;
  /** argv places: the hook tool. */
  readonly tool?: string;
  /** databag places: the relation's endpoint, which bag, and the key. */
  readonly endpoint?: string;
  readonly bag?: "unit" | "app";
  readonly key?: string;
}

export interface SecretLeakOptions {
  /** Secret content keys that hold nothing secret (`username`, `email`): not scanned for. */
  readonly publicKeys?: readonly string[];
  /** A place where a secret is there by design (a protocol that carries it in plain text). */
  readonly allow?: (place: LeakPlace) => boolean;
  /** Shortest value scanned for (default 8); a shorter one would match by accident. */
  readonly minLength?: number;
  /**
   * What to do with a value under `minLength`: `skip` it (default), or `refuse` it with
   * UnscannableSecretError, for tests that want every secret they use to be checked.
   */
  readonly shortValues?: "skip" | "refuse";
}

/** Where a secret value was found; never the value itself. */
export interface SecretLeak {
  readonly place: string;
  readonly secretId: string;
  readonly key: string;
}

export class SecretLeakError extends Error {
  constructor(
    readonly hook: string,
    readonly leaks: readonly SecretLeak[],
  ) {
    const lines = leaks.map((leak) => `  ${leak.place}: secret ${leak.secretId} key ${leak.key}`);
    super(`${hook} exposed secret values outside Juju secrets:\n${lines.join("\n")}`);
    this.name = "SecretLeakError";
  }
}

/** A secret value too short to scan for, under `shortValues: "refuse"`; names the secret, never the value. */
export class UnscannableSecretError extends Error {
  constructor(
    readonly secretId: string,
    readonly key: string,
    minLength: number,
  ) {
    super(
      `secret ${secretId} key ${key} holds a value (or line) under ${String(minLength)} characters, ` +
        "too short to scan for: use a longer test value or list the key in publicKeys",
    );
    this.name = "UnscannableSecretError";
  }
}

interface WatchedValue {
  readonly value: string;
  readonly secretId: string;
  readonly key: string;
}

/** A value, and each line of a multi-line one (a key leaked line by line is leaked), but PEM armour. */
function piecesOf(value: string): string[] {
  const lines = value.includes("\n") ? value.split("\n").map((line) => line.trim()) : [];
  return [value, ...lines.filter((line) => !line.startsWith("-----"))];
}

function watchedValues(states: readonly State[], options: SecretLeakOptions): WatchedValue[] {
  const publicKeys = new Set(options.publicKeys ?? []);
  const minLength = options.minLength ?? 8;
  const watched = new Map<string, WatchedValue>();
  for (const secret of states.flatMap((s) => s.secrets)) {
    for (const revision of secret.revisions) {
      for (const [key, value] of Object.entries(revision.content)) {
        if (publicKeys.has(key)) continue;
        for (const piece of piecesOf(value)) {
          if (piece.length >= minLength) {
            if (!watched.has(piece)) watched.set(piece, { value: piece, secretId: secret.id, key });
          } else if (piece !== "" && options.shortValues === "refuse") {
            throw new UnscannableSecretError(secret.id, key, minLength);
          }
        }
      }
    }
  }
  return [...watched.values()];
}

function databagPlaces(state: State): LeakPlace[] {
  return state.relations.flatMap((rel) =>
    (["unit", "app"] as const).flatMap((bag) =>
      Object.entries(bag === "unit" ? rel.localUnitData : rel.localAppData).map(([key, value]) => ({
        kind: "databag" as const,
        name: `${rel.endpoint}:${String(rel.id)} ${bag} databag key ${key}`,
        text: `${key}=${value}`,
        endpoint: rel.endpoint,
        bag,
        key,
      })),
    ),
  );
}

function recordPlaces(record: HookRecord): LeakPlace[] {
  const statuses = [
    ...record.unitStatusHistory.map((s) => ["unit status", s.message] as const),
    ...record.appStatusHistory.map((s) => ["app status", s.message] as const),
  ];
  const error = record.error instanceof Error ? `${record.error.name}: ${record.error.message}` : "";
  return [
    ...record.jujuLog.map((line) => ({
      kind: "juju-log" as const,
      name: `juju-log ${line.level}`,
      text: line.message,
    })),
    ...statuses.map(([name, text]) => ({ kind: "status" as const, name, text })),
    ...record.actionLogs.map((text) => ({ kind: "action-log" as const, name: "action-log", text })),
    ...(record.actionFailure === undefined
      ? []
      : [{ kind: "action-failure" as const, name: "action-fail", text: record.actionFailure }]),
    ...record.hookToolCalls.map((call) => ({
      kind: "argv" as const,
      name: `argv of ${call.tool}`,
      text: call.args.join(" "),
      tool: call.tool,
    })),
    ...(error === "" ? [] : [{ kind: "error" as const, name: "the charm's error", text: error }]),
  ];
}

/** Every place a hook exposed a value of a secret in `input` or `output`, with where it was found. */
export function findSecretLeaks(
  record: HookRecord,
  input: State,
  output: State,
  options: SecretLeakOptions = {},
): SecretLeak[] {
  const places: LeakPlace[] = [
    ...recordPlaces(record),
    ...databagPlaces(output),
    { kind: "charm-state", name: "charm state", text: JSON.stringify(output.storedState) },
    { kind: "workload-version", name: "workload version", text: output.workloadVersion },
  ];
  const watched = watchedValues([input, output], options);
  const leaks: SecretLeak[] = [];
  for (const place of places) {
    if (options.allow?.(place) === true) continue;
    for (const secret of watched) {
      if (place.text.includes(secret.value)) {
        leaks.push({ place: place.name, secretId: secret.secretId, key: secret.key });
      }
    }
  }
  return leaks;
}

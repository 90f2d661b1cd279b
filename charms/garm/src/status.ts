/**
 * What the garm charm tells the operator, one line each. Every status goes to the unit and, on the
 * leader, to the application too, so the application status never goes stale.
 */
import type { HookContext, StatusToSet } from "@garm-charms/charm-runtime";

export const STATUS_WAITING_PEBBLE = "Waiting for Pebble";
/** Blocked: the operator must integrate a database (the Python charm's text). */
export const STATUS_MISSING_DATABASE = "missing integrations: postgresql";
/** The relation exists but the provider has not answered yet. */
export const STATUS_WAITING_DATABASE = "Waiting for postgresql relation";
export const STATUS_WAITING_SECRETS = "Waiting for GARM secrets";
/** A garm-configurator relation exists, but no unit has published provider credentials yet. */
export const STATUS_WAITING_CONFIGURATOR = "Waiting for garm-configurator relation";
/** Active: GARM is up and bootstrapped; without a configurator it has no provider to run runners on. */
export const STATUS_NO_CONFIGURATOR = "GARM runs with no provider: integrate a garm-configurator";
export const STATUS_WAITING_GARM = "Waiting for GARM to become ready";
export const STATUS_WAITING_LEADER_INIT = "Waiting for the leader to initialise GARM";
export const STATUS_WAITING_LEADER_URLS = "Waiting for the leader to set GARM's controller URLs";
export const SYNC_FAILED_PREFIX = "GARM sync failed: ";

/** Juju shows the first line of a status only; keep messages to one short line. */
const MAX_STATUS_LENGTH = 200;

export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_STATUS_LENGTH ? flat : `${flat.slice(0, MAX_STATUS_LENGTH - 3)}...`;
}

export function syncFailedMessage(reason: string): string {
  return oneLine(`${SYNC_FAILED_PREFIX}${reason}`);
}

export const active = (message = ""): StatusToSet => ({ name: "active", message: oneLine(message) });
/** Active, with the notes that apply joined by "; " (none: the bare active status). */
export const activeWith = (...notes: readonly (string | undefined)[]): StatusToSet =>
  active(notes.filter((note) => note !== undefined && note !== "").join("; "));
export const waiting = (message: string): StatusToSet => ({ name: "waiting", message: oneLine(message) });
export const blocked = (message: string): StatusToSet => ({ name: "blocked", message: oneLine(message) });

/** Sets the unit status and, on the leader, the same application status (two independent calls). */
export async function publishStatus(ctx: HookContext, status: StatusToSet, isLeader: boolean): Promise<void> {
  await Promise.all([ctx.setUnitStatus(status), isLeader ? ctx.setAppStatus(status) : undefined]);
}

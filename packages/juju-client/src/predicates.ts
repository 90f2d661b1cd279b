/**
 * Jubilant's wait predicates. `allX(status, ...apps)`: every named application (all of them when
 * none is named) and each of its units has workload status X; a named application that is not in
 * the model fails it. `anyX`: at least one of them, or one of their units, has X. An entity Juju
 * printed as `status-error` fails every `all` predicate and counts for `anyError`.
 */
import { isStatusError, unitsOf, type ApplicationStatus, type Status, type StatusError } from "./status.js";

type Entry = [string, ApplicationStatus | StatusError | undefined];

function selected(status: Status, apps: readonly string[]): Entry[] {
  if (apps.length === 0) return Object.entries(status.applications);
  return apps.map((name) => [name, status.applications[name]]);
}

/** Every status of an application and its units (undefined for an unreadable one). */
function statusesOf(app: ApplicationStatus | StatusError | undefined): (string | undefined)[] {
  if (app === undefined || isStatusError(app)) return [undefined];
  const units = unitsOf(app).map(([, unit]) =>
    isStatusError(unit) ? undefined : unit["workload-status"].current,
  );
  return [app["application-status"].current, ...units];
}

function allAre(expected: string, status: Status, apps: readonly string[]): boolean {
  return selected(status, apps).every(([, app]) => statusesOf(app).every((s) => s === expected));
}

function anyIs(expected: string, status: Status, apps: readonly string[]): boolean {
  return selected(status, apps).some(([, app]) => statusesOf(app).some((s) => s === expected));
}

export type Predicate = (status: Status) => boolean;

export const allActive = (status: Status, ...apps: string[]): boolean => allAre("active", status, apps);
export const allBlocked = (status: Status, ...apps: string[]): boolean => allAre("blocked", status, apps);
export const allWaiting = (status: Status, ...apps: string[]): boolean => allAre("waiting", status, apps);
export const allMaintenance = (status: Status, ...apps: string[]): boolean =>
  allAre("maintenance", status, apps);
export const allError = (status: Status, ...apps: string[]): boolean => allAre("error", status, apps);

export const anyActive = (status: Status, ...apps: string[]): boolean => anyIs("active", status, apps);
export const anyBlocked = (status: Status, ...apps: string[]): boolean => anyIs("blocked", status, apps);
export const anyWaiting = (status: Status, ...apps: string[]): boolean => anyIs("waiting", status, apps);
export const anyMaintenance = (status: Status, ...apps: string[]): boolean =>
  anyIs("maintenance", status, apps);

/** A unit or application in error, or an entity Juju printed as `status-error`. */
export function anyError(status: Status, ...apps: string[]): boolean {
  return selected(status, apps).some(([, app]) => {
    if (app === undefined) return false;
    if (isStatusError(app)) return true;
    return statusesOf(app).some((s) => s === "error" || s === undefined) || agentsInError(app);
  });
}

function agentsInError(app: ApplicationStatus): boolean {
  return unitsOf(app).some(([, unit]) => !isStatusError(unit) && unit["juju-status"].current === "error");
}

/** Every unit's agent is idle (no hook running or queued that Juju reports). */
export function allAgentsIdle(status: Status, ...apps: string[]): boolean {
  return selected(status, apps).every(([, app]) => {
    if (app === undefined || isStatusError(app)) return false;
    return unitsOf(app).every(([, unit]) => !isStatusError(unit) && unit["juju-status"].current === "idle");
  });
}

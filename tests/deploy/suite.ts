/**
 * What every deploy test file shares: the backend, gating on its capabilities, and the deploy
 * steps of the anchors' fixtures (configurator with its secrets, garm, the peers).
 */
import { isStatusError, type Juju, type Status } from "@garm-charms/juju-client";
import { describe, it } from "vitest";
import * as z from "zod";

import { selectBackend, type Backend, type Capability } from "./backend.js";
import { deploySteps } from "./steps.js";

export * from "./steps.js";

export const backend: Backend = await selectBackend();

/** Names the backend in each suite's title, and why it does not run, if it does not. */
export function suiteTitle(title: string): string {
  const why = backend.unavailable;
  if (why !== undefined) console.log(`deploy suite (JUJU_BACKEND=${backend.name}) skipped: ${why}`);
  return why === undefined ? `${title} [${backend.name}]` : `${title} [${backend.name}: skipped, ${why}]`;
}

/**
 * `it`, run only when every capability is there; otherwise skipped (never passed) with what is
 * missing in its title and on the console.
 */
export function itWhen(capabilities: readonly Capability[]): typeof it {
  const gaps = [...new Set(capabilities.flatMap((c) => (c.available ? [] : [c.missing])))];
  if (gaps.length === 0) return it;
  const reason = gaps.join("; ");
  const skipped = ((name: string, fn?: () => Promise<void>, timeout?: number) => {
    console.log(`deploy test skipped on ${backend.name}: "${name}": ${reason}`);
    it.skip(`${name} [skipped: ${reason}]`, fn, timeout);
  }) as typeof it;
  return skipped;
}

/** `describe`, run only when every capability is there; otherwise skipped with the reason in its title. */
export function describeWhen(capabilities: readonly Capability[]): (title: string, fn: () => void) => void {
  const gaps = [...new Set(capabilities.flatMap((c) => (c.available ? [] : [c.missing])))];
  return (title, fn) => {
    if (backend.unavailable !== undefined) return describe.skip(suiteTitle(title), fn);
    if (gaps.length === 0) return describe(suiteTitle(title), fn);
    const reason = gaps.join("; ");
    console.log(`deploy tests skipped on ${backend.name}: "${title}": ${reason}`);
    describe.skip(`${suiteTitle(title)} [skipped: ${reason}]`, fn);
  };
}

export const {
  settled,
  deployConfigurator,
  deployPeer,
  integratePeer,
  deployGarm,
  deployGarmPeers,
  deployStack,
} = deploySteps(backend);

// ---------------------------------------------------------------------------------------------
// Reading status

export function appMessage(status: Status, app: string): string {
  const entry = status.applications[app];
  if (entry === undefined || isStatusError(entry)) return "";
  return entry["application-status"].message ?? "";
}

export function unitsOf(
  status: Status,
  app: string,
): { name: string; leader: boolean; address: string | undefined }[] {
  const entry = status.applications[app];
  if (entry === undefined || isStatusError(entry)) return [];
  return Object.entries(entry.units ?? {}).map(([name, unit]) => ({
    name,
    leader: !isStatusError(unit) && unit.leader === true,
    address: isStatusError(unit) ? undefined : unit.address,
  }));
}

export function leaderOf(status: Status, app: string): string {
  const leader = unitsOf(status, app).find((u) => u.leader);
  if (leader === undefined) throw new Error(`${app} has no leader in the status`);
  return leader.name;
}

const showUnitSchema = z.record(
  z.string(),
  z
    .object({
      "relation-info": z
        .array(
          z
            .object({
              endpoint: z.string(),
              "related-units": z
                .record(z.string(), z.object({ data: z.record(z.string(), z.string()) }).loose())
                .optional(),
            })
            .loose(),
        )
        .default([]),
    })
    .loose(),
);

/** The databags `unit` sees from the remote units on `endpoint` (`juju show-unit`). */
export async function remoteUnitData(
  juju: Juju,
  unit: string,
  endpoint: string,
): Promise<Record<string, string>[]> {
  const doc = showUnitSchema.parse(JSON.parse(await juju.cli("show-unit", unit, "--format=json")));
  return (doc[unit]?.["relation-info"] ?? [])
    .filter((r) => r.endpoint === endpoint)
    .flatMap((r) => Object.values(r["related-units"] ?? {}).map((u) => u.data));
}

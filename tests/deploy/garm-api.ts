/** GARM as the tests reach it: the admin credentials from the charm's action, then the REST API. */
import { GarmClient } from "@garm-charms/garm-client";
import type { Juju } from "@garm-charms/juju-client";

import { backend, GARM, leaderOf, unitsOf } from "./suite.js";

export interface GarmAccess {
  readonly client: GarmClient;
  readonly url: string;
  readonly credentials: Readonly<Record<string, unknown>>;
}

/**
 * Logs in to the leader's GARM with the credentials `get-credentials` returns, waiting for GARM to
 * answer (a new leader's GARM, or a restarted one, may still be starting).
 */
export async function garmAccess(juju: Juju, readyWithin = 90_000): Promise<GarmAccess> {
  const status = await juju.status();
  const leader = leaderOf(status, GARM);
  const task = await juju.run(leader, "get-credentials");
  const url = backend.garmUrl(unitsOf(status, GARM).find((u) => u.name === leader)?.address);
  const client = new GarmClient({ baseUrl: url });
  const login = { username: String(task.results["username"]), password: String(task.results["password"]) };
  await client.waitUntilReady({ timeoutMs: readyWithin, login });
  return { client, url, credentials: task.results };
}

/** A fresh login replacing `previous`, which is closed once the new one works. */
export async function reconnect(juju: Juju, previous: GarmAccess): Promise<GarmAccess> {
  const next = await garmAccess(juju);
  await previous.client.close().catch(() => undefined);
  return next;
}

/**
 * Every object the charm manages in GARM, as GARM reports it: a write that changed anything
 * changes this snapshot.
 */
export async function garmObjects(client: GarmClient): Promise<unknown> {
  const [controller, credentials, organisations, repositories, scalesets, templates] = await Promise.all([
    client.controller(),
    client.listCredentials(),
    client.listOrganisations(),
    client.listRepositories(),
    client.listScaleSets(),
    client.listTemplates(),
  ]);
  const byId = <T extends { id: number | string }>(list: readonly T[]): T[] =>
    [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  // Through JSON: plain data, so a difference shows field by field.
  return JSON.parse(
    JSON.stringify({
      controllerId: controller.controllerId,
      credentials: byId(credentials),
      organisations: byId(organisations),
      repositories: byId(repositories),
      scalesets: byId(scalesets),
      templates: byId(templates),
    }),
  ) as unknown;
}

/** The script of the template the named scale set uses. */
export async function scalesetTemplate(
  client: GarmClient,
  name: string,
): Promise<{ script: string; extraSpecs: Readonly<Record<string, unknown>> }> {
  const scaleset = (await client.listScaleSets()).find((s) => s.name === name);
  if (scaleset === undefined) throw new Error(`GARM has no scale set ${name}`);
  const template = await client.getTemplate(scaleset.templateId);
  return { script: template.script ?? "", extraSpecs: scaleset.extraSpecs };
}

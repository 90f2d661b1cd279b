/** GARM as the tests reach it: the admin credentials from the charm's action, then the REST API. */
import { GarmClient } from "@garm-charms/garm-client";
import type { Juju } from "@garm-charms/juju-client";

import { backend, GARM, leaderOf, unitsOf } from "./suite.js";

export interface GarmAccess {
  readonly client: GarmClient;
  readonly url: string;
  readonly credentials: Readonly<Record<string, unknown>>;
}

/** Logs in to the leader's GARM with the credentials `get-credentials` returns. */
export async function garmAccess(juju: Juju): Promise<GarmAccess> {
  const status = await juju.status();
  const leader = leaderOf(status, GARM);
  const task = await juju.run(leader, "get-credentials");
  const url = backend.garmUrl(unitsOf(status, GARM).find((u) => u.name === leader)?.address);
  const client = new GarmClient({ baseUrl: url });
  await client.login(String(task.results["username"]), String(task.results["password"]));
  return { client, url, credentials: task.results };
}

/**
 * Every object the charm manages in GARM, as GARM reports it: a write that changed anything
 * changes this snapshot.
 */
export async function garmObjects(client: GarmClient): Promise<string> {
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
  return JSON.stringify({
    controllerId: controller.controllerId,
    credentials: byId(credentials),
    organisations: byId(organisations),
    repositories: byId(repositories),
    scalesets: byId(scalesets),
    templates: byId(templates),
  });
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

/**
 * What GARM holds, read with one list call per kind, plus the
 * body of GARM's system template (the base every charm template is rendered from). The charm's own
 * template bodies are not fetched: their description carries a fingerprint of the content.
 */
import type {
  Credentials,
  GarmClient,
  Organisation,
  Provider,
  Repository,
  ScaleSet,
  Template,
} from "@garm-charms/garm-client";
import { SYSTEM_TEMPLATE_NAME } from "./ownership.js";

export interface ObservedState {
  readonly credentials: readonly Credentials[];
  readonly organisations: readonly Organisation[];
  readonly repositories: readonly Repository[];
  readonly providers: readonly Provider[];
  readonly scalesets: readonly ScaleSet[];
  /** List entries: `script` is undefined. */
  readonly templates: readonly Template[];
  /** GARM's own `github_linux` body, undefined when GARM has none (deleted, not restored). */
  readonly systemTemplateScript: string | undefined;
}

/** The system template: by name and owner, since an admin may create another `github_linux`. */
export function findSystemTemplate(templates: readonly Template[]): Template | undefined {
  return templates.find((t) => t.name === SYSTEM_TEMPLATE_NAME && t.isSystem);
}

/** The templates, and the system template's body (lists carry no bodies) as soon as its id is known. */
async function observeTemplates(client: GarmClient) {
  const templates = await client.listTemplates();
  const system = findSystemTemplate(templates);
  const systemTemplateScript =
    system === undefined ? undefined : (await client.getTemplate(system.id)).script;
  return { templates, systemTemplateScript };
}

export async function observeGarm(client: GarmClient): Promise<ObservedState> {
  const [
    credentials,
    organisations,
    repositories,
    providers,
    scalesets,
    { templates, systemTemplateScript },
  ] = await Promise.all([
    client.listCredentials(),
    client.listOrganisations(),
    client.listRepositories(),
    client.listProviders(),
    client.listScaleSets(),
    observeTemplates(client),
  ]);
  return {
    credentials,
    organisations,
    repositories,
    providers,
    scalesets,
    templates,
    systemTemplateScript,
  };
}

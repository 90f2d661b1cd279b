/**
 * The `garm-configurator` relations: every remote unit's databag (the object reconcile reads them
 * whole) and, from those, the OpenStack providers: one per unit that published provider
 * credentials (the configurator's leader does, once its image id is known), across every related
 * configurator application. The password is a Juju secret URI in the databag; it is read here and
 * only ever handed to the renderer.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { checkHttpUrl, hasControlCharacters, isSecretUri } from "@garm-charms/interfaces";
import type { ConfiguratorUnitInput } from "./reconcile/index.js";
import { readSharedSecretValue } from "./relation-secrets.js";
import type { ConfiguratorProvider, OpenStackCredentials } from "./workload/index.js";

export const CONFIGURATOR_ENDPOINT = "garm-configurator";

const LINE_KEYS = {
  username: "openstack_username",
  projectName: "openstack_project_name",
  userDomainName: "openstack_user_domain_name",
  projectDomainName: "openstack_project_domain_name",
  regionName: "openstack_region_name",
  network: "openstack_network",
} as const satisfies Partial<Record<keyof OpenStackCredentials, string>>;

export interface ConfiguratorProviders {
  /** Whether any garm-configurator relation exists (a relation may still be publishing). */
  readonly related: boolean;
  readonly providers: readonly ConfiguratorProvider[];
  /** Units skipped, with why (key names only): for the log. */
  readonly skipped: readonly string[];
}

type UnitRead =
  | { readonly ok: true; readonly fields: Omit<OpenStackCredentials, "password">; readonly secretUri: string }
  | { readonly ok: false; readonly problem: string };

/** Validates the provider keys of one unit databag (untrusted remote input). */
export function readProviderKeys(bag: Readonly<Record<string, string>>): UnitRead {
  const authUrl = bag["openstack_auth_url"] ?? "";
  const urlProblem = checkHttpUrl(authUrl);
  if (urlProblem !== undefined) return { ok: false, problem: `openstack_auth_url ${urlProblem}` };
  const lines: Partial<Record<keyof typeof LINE_KEYS, string>> = {};
  for (const [field, key] of Object.entries(LINE_KEYS) as [keyof typeof LINE_KEYS, string][]) {
    const value = bag[key] ?? "";
    if (value === "") return { ok: false, problem: `${key} is missing` };
    if (hasControlCharacters(value)) return { ok: false, problem: `${key} must be a single line` };
    lines[field] = value;
  }
  const secretUri = bag["openstack_password_secret_uri"] ?? "";
  if (!isSecretUri(secretUri)) {
    return { ok: false, problem: "openstack_password_secret_uri is not a Juju secret URI" };
  }
  return {
    ok: true,
    secretUri,
    fields: {
      authUrl,
      username: lines.username ?? "",
      projectName: lines.projectName ?? "",
      userDomainName: lines.userDomainName ?? "",
      projectDomainName: lines.projectDomainName ?? "",
      regionName: lines.regionName ?? "",
      network: lines.network ?? "",
    },
  };
}

/** Every remote unit of every garm-configurator relation, departing units left out. */
export async function configuratorUnits(ctx: HookContext): Promise<ConfiguratorUnitInput[]> {
  const units: ConfiguratorUnitInput[] = [];
  for (const relation of await ctx.relations(CONFIGURATOR_ENDPOINT)) {
    for (const unitName of relation.remoteUnits) {
      if (unitName === relation.departingUnit) continue;
      units.push({
        relationId: relation.id,
        appName: relation.remoteAppName ?? unitName.slice(0, unitName.indexOf("/")),
        unitName,
        databag: await relation.remoteUnitData(unitName).get(),
      });
    }
  }
  return units;
}

/** Every unit that published usable provider credentials; departing units are left out. */
export async function readConfiguratorProviders(ctx: HookContext): Promise<ConfiguratorProviders> {
  const related = (await ctx.relations(CONFIGURATOR_ENDPOINT)).length > 0;
  const providers: ConfiguratorProvider[] = [];
  const skipped: string[] = [];
  for (const { unitName, databag } of await configuratorUnits(ctx)) {
    // Only the configurator's leader publishes provider credentials; other units carry none.
    if ((databag["openstack_auth_url"] ?? "") === "") continue;
    const read = readProviderKeys(databag);
    if (!read.ok) {
      skipped.push(`${unitName}: ${read.problem}`);
      continue;
    }
    const password = await readSharedSecretValue(ctx, read.secretUri);
    if (password === undefined) {
      skipped.push(`${unitName}: the OpenStack password secret is not readable (not granted yet?)`);
      continue;
    }
    providers.push({ unitName, credentials: { ...read.fields, password } });
  }
  return { related, providers, skipped };
}

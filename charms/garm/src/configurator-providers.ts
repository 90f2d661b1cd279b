/**
 * OpenStack providers from the `garm-configurator` relations: one per remote unit that published
 * provider credentials (the configurator's leader does, once its image id is known), across every
 * related configurator application. The password is a Juju secret URI in the databag; it is read
 * here and only ever handed to the renderer.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { checkHttpUrl, hasControlCharacters, isSecretUri } from "@garm-charms/interfaces";
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

/** Every unit that published usable provider credentials; departing units are left out. */
export async function readConfiguratorProviders(ctx: HookContext): Promise<ConfiguratorProviders> {
  const relations = await ctx.relations(CONFIGURATOR_ENDPOINT);
  const providers: ConfiguratorProvider[] = [];
  const skipped: string[] = [];
  for (const relation of relations) {
    for (const unit of relation.remoteUnits) {
      if (unit === relation.departingUnit) continue;
      const bag = await relation.remoteUnitData(unit).get();
      // Only the configurator's leader publishes provider credentials; other units carry none.
      if ((bag["openstack_auth_url"] ?? "") === "") continue;
      const read = readProviderKeys(bag);
      if (!read.ok) {
        skipped.push(`${unit}: ${read.problem}`);
        continue;
      }
      const password = await readSharedSecretValue(ctx, read.secretUri);
      if (password === undefined) {
        skipped.push(`${unit}: the OpenStack password secret is not readable (not granted yet?)`);
        continue;
      }
      providers.push({ unitName: unit, credentials: { ...read.fields, password } });
    }
  }
  return { related: relations.length > 0, providers, skipped };
}

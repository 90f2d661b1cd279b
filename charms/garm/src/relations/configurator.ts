/**
 * The `garm-configurator` relations, read once per hook: every remote unit's databag goes through
 * the interface's reader (untrusted input) into one `ConfiguratorUnit`, which both the workload
 * (the unit's OpenStack provider) and the object reconcile (its whole description) use. The
 * OpenStack password is a Juju secret URI in the databag; it is read here and only ever handed to
 * the renderer.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import {
  GARM_CONFIGURATOR_LEADER_KEYS,
  readGarmConfiguratorProvider,
  readGarmConfiguratorUnitData,
  type ConfiguratorUnitDataRead,
  type DatabagRead,
  type OpenStackProviderDescription,
} from "@garm-charms/interfaces";
import { providerNameForUnit, type ConfiguratorProvider } from "../workload/index.js";
import { readSharedSecretValue } from "./shared-secrets.js";

export const CONFIGURATOR_ENDPOINT = "garm-configurator";

/** The databag of one remote unit, as Juju gives it. */
export interface ConfiguratorUnitSource {
  readonly relationId: number;
  readonly appName: string;
  /** `garm-configurator/0`. */
  readonly unitName: string;
  readonly databag: Readonly<Record<string, string>>;
}

/** One remote configurator unit, read once in this hook. */
export interface ConfiguratorUnit extends ConfiguratorUnitSource {
  /** The GARM provider of this unit: from its Juju unit name, never from the databag. */
  readonly providerName: string;
  /** The whole description (scaleset, image, provider, GitHub App), judged by the interface. */
  readonly read: ConfiguratorUnitDataRead;
  /** The OpenStack provider keys on their own; undefined when the unit publishes none. */
  readonly provider: DatabagRead<OpenStackProviderDescription> | undefined;
}

export interface ConfiguratorProviders {
  readonly providers: readonly ConfiguratorProvider[];
  /** Units skipped, with why (key names only): for the log. */
  readonly skipped: readonly string[];
}

/** Only a configurator's leader publishes these (with the GitHub App keys); other units carry none. */
const OPENSTACK_KEYS = GARM_CONFIGURATOR_LEADER_KEYS.filter((key) => key.startsWith("openstack_"));

/** The provider GARM knows a unit by; a malformed unit name still gets a stable guess. */
export function unitProvider(unitName: string): string {
  try {
    return providerNameForUnit(unitName);
  } catch {
    return unitName.replace("/", "-");
  }
}

/** Reads one unit's databag with the interface's readers. */
export function readConfiguratorUnit(source: ConfiguratorUnitSource): ConfiguratorUnit {
  const { databag } = source;
  const publishesProvider = OPENSTACK_KEYS.some((key) => (databag[key] ?? "") !== "");
  return {
    ...source,
    providerName: unitProvider(source.unitName),
    read: readGarmConfiguratorUnitData(databag),
    provider: publishesProvider ? readGarmConfiguratorProvider(databag) : undefined,
  };
}

const unitsOfHook = new WeakMap<HookContext, Promise<readonly ConfiguratorUnit[]>>();

/**
 * Every related configurator unit (departing ones left out), read once per hook: the scrape jobs,
 * the state and the object step share one reading of the bags.
 */
export function readConfiguratorUnits(ctx: HookContext): Promise<readonly ConfiguratorUnit[]> {
  let units = unitsOfHook.get(ctx);
  if (units === undefined) {
    units = readAllUnits(ctx);
    unitsOfHook.set(ctx, units);
  }
  return units;
}

async function readAllUnits(ctx: HookContext): Promise<readonly ConfiguratorUnit[]> {
  const units: ConfiguratorUnit[] = [];
  for (const relation of await ctx.relations(CONFIGURATOR_ENDPOINT)) {
    for (const unitName of relation.remoteUnits) {
      if (unitName === relation.departingUnit) continue;
      units.push(
        readConfiguratorUnit({
          relationId: relation.id,
          appName: relation.remoteAppName ?? unitName.slice(0, unitName.indexOf("/")),
          unitName,
          databag: await relation.remoteUnitData(unitName).get(),
        }),
      );
    }
  }
  return units;
}

/**
 * The GitHub App key secrets of the units that published a complete description, each once: what
 * the leader's object step reads (reconcile/unit-reading.ts), known as soon as the bags are read.
 */
export function githubKeySecretUris(units: readonly ConfiguratorUnit[]): string[] {
  const uris = units.flatMap(({ read }) => (read.ok ? [read.value.githubApp.privateKeySecretUri] : []));
  return [...new Set(uris)];
}

/** The OpenStack providers: one per unit that published usable provider credentials. */
export async function configuratorProviders(
  ctx: HookContext,
  units: readonly ConfiguratorUnit[],
): Promise<ConfiguratorProviders> {
  const providers: ConfiguratorProvider[] = [];
  const skipped: string[] = [];
  // The units' passwords are independent reads: start them together, judge them in unit order.
  const passwords = await Promise.all(
    units.map(({ provider }) =>
      provider?.ok === true ? readSharedSecretValue(ctx, provider.value.passwordSecretUri) : undefined,
    ),
  );
  for (const [index, { unitName, provider }] of units.entries()) {
    if (provider === undefined) continue;
    if (!provider.ok) {
      skipped.push(`${unitName}: ${provider.problems.map((p) => p.message).join("; ")}`);
      continue;
    }
    const { passwordSecretUri: _uri, ...fields } = provider.value;
    const password = passwords[index];
    if (password === undefined) {
      skipped.push(`${unitName}: the OpenStack password secret is not readable (not granted yet?)`);
      continue;
    }
    providers.push({ unitName, credentials: { ...fields, password } });
  }
  return { providers, skipped };
}

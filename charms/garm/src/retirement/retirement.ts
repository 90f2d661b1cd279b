/**
 * When a configurator unit stops publishing, its GARM provider is retired only once GARM has no
 * scale set of the charm's on it any more: GARM needs the provider (its two files and its
 * [[provider]] entry) to scale the runners down and delete their OpenStack instances.
 *
 * The scheme, per unit:
 * - The record (./provider-record.ts) holds the providers this unit keeps: every provider that
 *   was published while this unit looked, plus those GARM last showed in use. No record yet
 *   (first hook of this charm version): every provider whose files are on disk is kept.
 * - Before GARM is consulted (the workload step), a provider that is no longer published is kept,
 *   from its files on disk, when the record holds it.
 * - Once this unit has a fresh view of GARM (the leader after its object reconcile, another unit
 *   after a read-only login), departed providers without a charm-owned scale set leave the record,
 *   and the workload is applied again without them, in the same hook.
 * A provider therefore leaves only on a GARM listing taken after its unit stopped publishing, and
 * no scale set is created for a unit that stopped publishing.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import type { GarmClient, ScaleSet, Template } from "@garm-charms/garm-client";
import { readProviderRecord, saveProviderRecord } from "./record.js";
import { isCharmTemplate } from "../reconcile/index.js";
import {
  listProviderNamesOnDisk,
  providerNameForUnit,
  ProviderFilesError,
  readRetainedProviders,
  type ConfiguratorProvider,
  type ProviderFilesReader,
  type RetainedProvider,
} from "../workload/index.js";

export interface ProviderRetirement {
  /** Providers published by a configurator unit in this hook. */
  readonly active: ReadonlySet<string>;
  /** Providers this unit keeps (the record): active ones and departed ones GARM may still use. */
  readonly kept: ReadonlySet<string>;
  /** Departed providers kept, with their files as they are on disk. */
  readonly retained: readonly RetainedProvider[];
}

/** The record before GARM is consulted: what was stored (everything on disk if nothing was) plus the active providers. */
export function keptBeforeGarm(
  active: ReadonlySet<string>,
  onDisk: readonly string[],
  stored: ReadonlySet<string> | undefined,
): Set<string> {
  return new Set([...(stored ?? onDisk), ...active]);
}

/** Departed providers to keep configured: files on disk, not published, still in the record. */
export function retainedProviderNames(
  kept: ReadonlySet<string>,
  active: ReadonlySet<string>,
  onDisk: readonly string[],
): string[] {
  return onDisk.filter((name) => kept.has(name) && !active.has(name));
}

/** Departed providers whose retirement waits for a GARM listing. */
export function retiringProviderNames(retirement: ProviderRetirement): string[] {
  return [...retirement.kept].filter((name) => !retirement.active.has(name)).sort();
}

/** The record after a fresh GARM listing: active providers, and departed ones GARM still uses. */
export function keptAfterListing(
  kept: ReadonlySet<string>,
  active: ReadonlySet<string>,
  inUse: ReadonlySet<string>,
): Set<string> {
  return new Set([...kept].filter((name) => active.has(name) || inUse.has(name)));
}

/**
 * Providers of the scale sets the charm owns (its template is one of the charm's). A scale set
 * made by hand on a configurator's provider does not keep that provider.
 */
export function ownedScalesetProviders(
  scalesets: readonly ScaleSet[],
  templates: readonly Template[],
): Set<string> {
  const charmTemplates = new Set(templates.filter(isCharmTemplate).map((t) => t.id));
  return new Set(scalesets.filter((s) => charmTemplates.has(s.templateId)).map((s) => s.providerName));
}

/** Two read-only list calls; the client must be logged in. */
export async function providersInUse(client: GarmClient): Promise<Set<string>> {
  const [scalesets, templates] = await Promise.all([client.listScaleSets(), client.listTemplates()]);
  return ownedScalesetProviders(scalesets, templates);
}

/** Provider names of the publishing units (a name that is not a unit name is left to the renderer to refuse). */
export function activeProviderNames(providers: readonly ConfiguratorProvider[]): Set<string> {
  const names = new Set<string>();
  for (const provider of providers) {
    try {
      names.add(providerNameForUnit(provider.unitName));
    } catch (error) {
      if (!(error instanceof ProviderFilesError)) throw error;
    }
  }
  return names;
}

/** Before GARM: updates the record with the active providers and reads the retained ones back. */
export async function startRetirement(
  ctx: HookContext,
  files: ProviderFilesReader,
  active: ReadonlySet<string>,
): Promise<ProviderRetirement> {
  const stored = await readProviderRecord(ctx);
  const onDisk = await listProviderNamesOnDisk(files);
  const kept = keptBeforeGarm(active, onDisk, stored);
  await saveProviderRecord(ctx, stored, kept);
  const retained = await readRetainedProviders(files, retainedProviderNames(kept, active, onDisk));
  return { active, kept, retained };
}

/** After a fresh GARM listing: departed providers GARM no longer uses leave the record. */
export async function settleRetirement(
  ctx: HookContext,
  retirement: ProviderRetirement,
  inUse: ReadonlySet<string>,
): Promise<ProviderRetirement> {
  const kept = keptAfterListing(retirement.kept, retirement.active, inUse);
  await saveProviderRecord(ctx, retirement.kept, kept);
  for (const name of retiringProviderNames(retirement)) {
    if (kept.has(name)) {
      await ctx.log.info(`Keeping provider ${name}: GARM still has a scaleset of the charm on it`);
    } else {
      await ctx.log.info(`Retiring provider ${name}: GARM has no scaleset of the charm on it any more`);
    }
  }
  return { ...retirement, kept, retained: retirement.retained.filter((p) => kept.has(p.name)) };
}

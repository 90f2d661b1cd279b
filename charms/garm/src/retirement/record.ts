/**
 * The providers this unit keeps configured, in the charm's controller-side state (state-get /
 * state-set, one JSON value under one key, per unit). It lets a hook that runs before GARM is
 * consulted (the workload step) know which providers of departed configurator units GARM may
 * still need. Written only when it changes, so a quiet hook calls no state-set.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import * as z from "zod";
import { PROVIDER_NAME } from "../workload/index.js";

export const PROVIDER_RECORD_KEY = "garm-providers";

const recordSchema = z.object({
  providers: z.array(z.string().regex(PROVIDER_NAME, "must be a provider name")),
});

/** What was stored, or undefined when nothing (or nothing readable) was. */
export async function readProviderRecord(ctx: HookContext): Promise<ReadonlySet<string> | undefined> {
  const raw = (await ctx.stateGet())[PROVIDER_RECORD_KEY];
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    // Treated as "never recorded": every provider on disk is kept until GARM is asked again.
    await ctx.log.warning(`Ignoring unreadable charm state ${PROVIDER_RECORD_KEY}; it is rebuilt from GARM`);
    return undefined;
  }
  return new Set(parsed.data.providers);
}

export function sameNames(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  return a !== undefined && a.size === b.size && [...a].every((name) => b.has(name));
}

/** Stores `next` unless it equals `previous`. */
export async function saveProviderRecord(
  ctx: HookContext,
  previous: ReadonlySet<string> | undefined,
  next: ReadonlySet<string>,
): Promise<void> {
  if (sameNames(previous, next)) return;
  await ctx.stateSet({ [PROVIDER_RECORD_KEY]: JSON.stringify({ providers: [...next].sort() }) });
}

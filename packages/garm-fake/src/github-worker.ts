import type { Store } from "./store.js";

/** GARM's scale set worker re-created a lost scale set within about 3 s on a real server. */
export const DEFAULT_RECREATE_LOST_SCALE_SET_MS = 3_000;

/**
 * GARM's scale set worker, applied lazily: a scale set GitHub lost at least `delayMs` ago is looked
 * up by name, not found, and created again on GitHub under a new scale_set_id (enabled or not), so
 * GARM's next delete of it succeeds. A worker whose GitHub fails cannot do it until GitHub answers.
 */
export function recreateLostScaleSets(store: Store, now: number, delayMs: number): void {
  for (const set of store.scaleSets.values()) {
    if (set.lostOnGithubAt === undefined || now - set.lostOnGithubAt < delayMs) continue;
    if (store.forgeFailureOf(store.ownerOf(set)) !== undefined) continue;
    set.scaleSetId = store.allocateGithubScaleSetId();
    set.lostOnGithubAt = undefined;
  }
}

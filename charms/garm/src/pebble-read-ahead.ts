/**
 * The Pebble reads every reconcile of the garm charm makes, started together at the start of the
 * reconcile, with its hook-tool reads, instead of one after another as the steps reach them: the
 * log forwarding looks at each container's plan, the provider retirement lists GARM's config
 * directory, the workload step reads the plan and GARM's service. Each container's Pebble client
 * keeps what it read until the charm changes something (the runtime's PebbleClient), so the
 * steps' own reads find these answers; what failed is asked again there.
 */
import type { HookContext } from "@garm-charms/charm-runtime";

import { LOG_FORWARDING_CONTAINERS } from "./relations/logging.js";
import { GARM_CONFIG_DIR, GARM_CONTAINER, GARM_SERVICE } from "./workload/index.js";

/** Never rejects: a read that fails here fails again, and is handled, where the step makes it. */
export function startPebbleReads(ctx: HookContext): Promise<void> {
  return Promise.all(
    LOG_FORWARDING_CONTAINERS.map(async (name) => {
      const container = ctx.container(name);
      // All at once, not after the probe: a Pebble that is up answers them all in one round trip,
      // and one that is not refuses each at once (nothing failed is kept).
      const reads: Promise<unknown>[] = [container.canConnect(), container.pebble.getPlan()];
      if (name === GARM_CONTAINER) {
        reads.push(container.pebble.listFiles(GARM_CONFIG_DIR), container.pebble.getServices([GARM_SERVICE]));
      }
      await Promise.allSettled(reads);
    }),
  ).then(
    () => undefined,
    () => undefined,
  );
}

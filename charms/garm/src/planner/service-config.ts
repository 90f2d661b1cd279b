/**
 * The pressure reconciler's config file (its README, "Configuration file"), rendered from the
 * charm's state. It holds the GARM admin password and the planner token: it only ever goes to
 * the container with mode 0600, never to a log.
 */
import { RECONCILER_METRICS_PORT } from "./layout.js";
import type { ManagedScaleset } from "./scope.js";

export interface ServiceConfigInput {
  /** GARM's root URL from the pod (the containers share its network namespace). */
  readonly garmUrl: string;
  readonly admin: { readonly username: string; readonly password: string };
  readonly planner: { readonly url: string; readonly token: string };
  readonly scalesets: readonly ManagedScaleset[];
  /** The timer (lowering and drift repair), from the charm option, in seconds. */
  readonly reconcileIntervalSeconds: number;
}

/** JSON text, stable for equal inputs (so an unchanged hook pushes nothing). */
export function renderServiceConfig(input: ServiceConfigInput): string {
  const config = {
    garm: { url: input.garmUrl, username: input.admin.username, password: input.admin.password },
    planner: { url: input.planner.url, token: input.planner.token },
    reconcile_interval_minutes: input.reconcileIntervalSeconds / 60,
    // Every unit's pod serves it; only the leader's answers (the service runs there only).
    metrics: { host: "0.0.0.0", port: RECONCILER_METRICS_PORT },
    scalesets: input.scalesets.map((scaleset) => ({
      name: scaleset.name,
      flavor: scaleset.name,
      min_pressure: scaleset.minPressure,
      max_pressure: 0,
      min_idle_floor: scaleset.minIdleFloor,
      mode: "subtract-assigned",
    })),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

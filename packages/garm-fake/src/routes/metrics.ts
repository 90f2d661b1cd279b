import type { Router } from "../router.js";
import type { Store } from "../store.js";

function gauge(name: string, help: string, samples: readonly [labels: string, value: number][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  return lines.join("\n");
}

const escapeLabel = (value: string): string => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/**
 * GET /metrics: a few of GARM's `garm_*` families, readable only with a metrics token unless the
 * config's `[metrics] disable_auth` opens it (`open`).
 */
export function registerMetricsRoutes(
  router: Router,
  store: Store,
  access: "metrics" | "open" = "metrics",
): void {
  router.add("GET", "/metrics", access, () => {
    const sets = [...store.scaleSets.values()];
    const label = (id: number, name: string) => `{id="${id}",name="${escapeLabel(name)}"}`;
    const families = [
      gauge("garm_health", "Health of the garm", [[`{controller_id="${store.controller.controllerId}"}`, 1]]),
      gauge(
        "garm_scaleset_max_runners",
        "Maximum number of runners of the scale set",
        sets.map((set) => [label(set.id, set.name), set.maxRunners]),
      ),
      gauge(
        "garm_scaleset_min_idle_runners",
        "Minimum number of idle runners of the scale set",
        sets.map((set) => [label(set.id, set.name), set.minIdleRunners]),
      ),
    ];
    return {
      kind: "text",
      status: 200,
      body: `${families.join("\n")}\n`,
      contentType: "text/plain; version=0.0.4; charset=utf-8",
    };
  });
}

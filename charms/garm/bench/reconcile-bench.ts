/**
 * Reconcile cost against the GARM fake on loopback: time and request counts for 10, 100 and
 * 1,000 scalesets, for the first reconcile (everything created) and an unchanged second one
 * (reads only). Prints numbers; asserts nothing.
 *
 *   pnpm exec tsx charms/garm/bench/reconcile-bench.ts
 */
import { pathToFileURL } from "node:url";
import { buildDesiredState, type ConfiguratorUnit } from "../src/reconcile/desired.js";
import { countRequests, startFakeGarm } from "../src/reconcile/test-support/fake-harness.js";
import { reconcileGarmObjects } from "../src/reconcile/reconcile.js";
import { readTestSecret, unit, WEBHOOK_SECRET } from "../src/reconcile/test-support/fixtures.js";

const SIZES = [10, 100, 1_000] as const;

function units(count: number): ConfiguratorUnit[] {
  // Every fourth scaleset has a template option, so per-scaleset templates are part of the cost.
  return Array.from({ length: count }, (_, i) =>
    unit(
      `cfg${i}/0`,
      { name: `set-${i}`, ...(i % 4 === 0 ? { dockerhubMirror: "https://mirror.example" } : {}) },
      i + 1,
    ),
  );
}

export async function runReconcileBench(print: (line: string) => void): Promise<void> {
  for (const size of SIZES) {
    const providers = Array.from({ length: size }, (_, i) => `cfg${i}-0`);
    const garm = await startFakeGarm(providers);
    try {
      const configurators = units(size);
      for (const round of ["first", "unchanged second"] as const) {
        garm.fake.clearRequests();
        const started = performance.now();
        const desired = await buildDesiredState(configurators, {
          readSecret: readTestSecret,
          webhookSecret: WEBHOOK_SECRET,
        });
        const result = await reconcileGarmObjects(garm.client, desired, { log: () => undefined });
        const elapsed = performance.now() - started;
        const counts = countRequests(garm.fake.requests);
        print(
          `reconcile ${size} scalesets, ${round} pass: ${elapsed.toFixed(0)} ms; requests: ${counts.total} ` +
            `(${counts.lists} lists, ${counts.gets} gets, ${counts.writes} writes); ` +
            `${result.summary.succeeded} writes done, ${result.problems.length} problems`,
        );
      }
    } finally {
      await garm.close();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runReconcileBench((line) => console.log(line));
}

/**
 * Benchmarks: each prints numbers and asserts nothing (performance targets are read, not tested).
 *   pnpm bench            all of them
 *   pnpm bench client     only the GARM client against the fake
 *   pnpm bench reconcile  the garm charm's GARM reconcile for 10, 100 and 1,000 scalesets
 *   pnpm bench planner    the pressure reconciler: pressure line -> GARM PUT latency, CPU per line
 *   pnpm bench hooks      the packed charms' dispatch as processes against bin/node -e 0
 */
import { Command } from "commander";
import { runReconcileBench } from "../charms/garm/bench/reconcile-bench.js";
import { runClientBench } from "../packages/garm-client/bench/client-bench.js";
import { runPlannerBench } from "../packages/pressure-reconciler/bench/planner-bench.js";
import { runHooksBench } from "../tests/bench/hooks-bench.js";

type Bench = (print: (line: string) => void) => Promise<void>;
const benches: Record<string, Bench> = {
  client: runClientBench,
  reconcile: runReconcileBench,
  planner: runPlannerBench,
  hooks: runHooksBench,
};

const program = new Command()
  .name("bench")
  .argument("[names...]", `which benchmarks to run (${Object.keys(benches).join(", ")}); all when omitted`)
  .action(async (names: string[]) => {
    const selected = names.length === 0 ? Object.keys(benches) : names;
    for (const name of selected) {
      const bench = benches[name];
      if (bench === undefined) {
        return program.error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(", ")}`);
      }
      console.log(`== ${name}`);
      await bench((line) => console.log(line));
    }
  });

await program.parseAsync();

/**
 * `pnpm bench hooks`: the packed charms' `dispatch` run as processes with the shipped `bin/node`,
 * as Juju runs them (process-level harness: replaced environment, native hook tools, fake
 * Pebble), against `bin/node -e 0` measured in the same run, interleaved, with the same
 * environment and cwd. Per charm and hook: median and min wall time over BENCH_HOOK_RUNS runs
 * (default 20), the ratio of the medians, peak RSS and its ratio, and hook-tool calls per hook
 * (with any call repeated with the same arguments). Times come from `runstat.c` (fork to wait4),
 * so neither side pays the harness's own spawn. Prints numbers; asserts nothing.
 *
 * A third process per run gives the floor for the hook's tool calls: `bin/node` starting as many
 * hook-tool processes as the hook made, all at once, and exiting when they are done (no charm, no
 * parsing). The hook's time over that floor is what loading and running the charm cost.
 *
 * The garm rows need the GARM fake where the packed charm looks for GARM, 127.0.0.1:8080 (the fake
 * listens there itself, as GARM does in the pod); when that port is taken they are left out, and
 * the output says so.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { encodeRequest, SPAWNER_PATH } from "@garm-charms/charm-runtime/internal";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import {
  compileCached,
  Context,
  events,
  loadCharmMeta,
  packedCharm,
  repeatedHookToolCalls,
  type CharmMeta,
  type HarnessEvent,
  type State,
} from "@garm-charms/charm-testing";

import { relatedState } from "../../charms/garm-configurator/tests/fixtures.js";
import { GARM_PROVIDERS, garmMeta, readyState } from "../../charms/garm/tests/fixtures.js";
import { packed } from "../process/both-modes.js";

const RUNS = Number(process.env["BENCH_HOOK_RUNS"] ?? "20");
const RUNSTAT_SOURCE = fileURLToPath(new URL("./runstat.c", import.meta.url));
const GARM_PORT = 8080;

interface Sample {
  readonly wallMs: number;
  readonly rssKib: number;
}

interface Row {
  readonly charm: string;
  readonly hook: string;
  readonly samples: readonly Sample[];
  readonly node: readonly Sample[];
  readonly floor: readonly Sample[];
  readonly calls: number;
  readonly repeated: number;
}

function readStats(file: string): Sample & { readonly exit: number } {
  const [ns = "0", rss = "0", exit = "1"] = readFileSync(file, "utf8").trim().split(" ");
  return { wallMs: Number(ns) / 1e6, rssKib: Number(rss), exit: Number(exit) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `bin/node <args>` through runstat, with the hook's environment and cwd. */
function nodeRun(
  runstat: string,
  statsFile: string,
  charmDir: string,
  env: Readonly<Record<string, string>>,
  args: readonly string[],
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(runstat, [statsFile, "./bin/node", ...args], {
      cwd: charmDir,
      env,
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("close", () => resolve(readStats(statsFile)));
  });
}

/**
 * Node starting `calls` hook tools at once and waiting for them, the way the hook starts them:
 * through the charm's bin/hook-tool-spawner when it ships one (one spawner, `calls` requests),
 * else one Node spawn each. They run after the hook, whose context the tool server has dropped,
 * so each is answered with a failure at once: what is measured is starting the processes and one
 * round trip each, which is the whole of a tool call Juju answers from memory.
 */
function toolCallsScript(calls: number, charmDir: string): string {
  if (existsSync(join(charmDir, SPAWNER_PATH))) return spawnerCallsScript(calls);
  return [
    'const { spawn } = require("node:child_process");',
    `for (let i = 0; i < ${String(calls)}; i++) {`,
    '  const child = spawn("is-leader", ["--format=json"], { stdio: ["ignore", "pipe", "pipe"] });',
    "  child.stdout.resume(); child.stderr.resume();",
    "}",
  ].join("\n");
}

/** The spawner given `calls` is-leader requests, framed by the runtime's own encoder. */
function spawnerCallsScript(calls: number): string {
  const frames = Array.from({ length: calls }, (_, i) =>
    encodeRequest(i + 1, { tool: "is-leader", args: ["--format=json"] }),
  );
  return [
    'const { spawn } = require("node:child_process");',
    `const spawner = spawn("./${SPAWNER_PATH}", [], { stdio: ["pipe", "pipe", "inherit"] });`,
    `spawner.stdin.end(Buffer.from("${Buffer.concat(frames).toString("base64")}", "base64"));`,
    "spawner.stdout.resume();",
  ].join("\n");
}

interface Scenario {
  readonly charm: string;
  readonly hook: string;
  readonly meta: CharmMeta;
  readonly event: HarnessEvent;
  readonly state: State;
}

async function measure(runstat: string, scenario: Scenario): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), "hooks-bench-"));
  const statsFile = join(dir, "stats");
  try {
    const charm = await packed(scenario.charm);
    const ctx = new Context(packedCharm(charm.charmDir, { launcher: [runstat, statsFile] }), {
      meta: scenario.meta,
      // The bench measures; the process-level suites check for secret leaks.
      secretLeaks: false,
    });
    const hook: Sample[] = [];
    const node: Sample[] = [];
    const floor: Sample[] = [];
    let calls = 0;
    let repeated = 0;
    for (let i = 0; i < RUNS; i++) {
      await ctx.run(scenario.event, scenario.state);
      hook.push(readStats(statsFile));
      calls = ctx.hookToolCalls.length;
      repeated = Math.max(repeated, repeatedHookToolCalls(ctx.hookToolCalls).length);
      node.push(await nodeRun(runstat, statsFile, charm.charmDir, ctx.env, ["-e", "0"]));
      floor.push(
        await nodeRun(runstat, statsFile, charm.charmDir, ctx.env, [
          "-e",
          toolCallsScript(calls, charm.charmDir),
        ]),
      );
    }
    return { charm: scenario.charm, hook: scenario.hook, samples: hook, node, floor, calls, repeated };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `event` until the State stops changing (at most 4 times): a settled unit. */
async function settle(ctx: Context, event: HarnessEvent, input: State): Promise<State> {
  let current = input;
  for (let i = 0; i < 4; i++) {
    const next = await ctx.run(event, current);
    if (JSON.stringify(next) === JSON.stringify(current)) break;
    current = next;
  }
  return current;
}

async function configuratorScenarios(): Promise<Scenario[]> {
  const meta = await loadCharmMeta(
    fileURLToPath(new URL("../../charms/garm-configurator/charmcraft.yaml", import.meta.url)),
  );
  const ctx = new Context(await packed("garm-configurator"), { meta, secretLeaks: false });
  const settled = await settle(ctx, events.configChanged(), relatedState());
  return [
    {
      charm: "garm-configurator",
      hook: "update-status (no-op)",
      meta,
      event: events.updateStatus(),
      state: settled,
    },
    {
      charm: "garm-configurator",
      hook: "config-changed (settled)",
      meta,
      event: events.configChanged(),
      state: settled,
    },
  ];
}

/** The GARM fake on 127.0.0.1:8080, where the packed garm charm finds GARM; undefined if taken. */
async function garmFakeOnGarmPort(): Promise<GarmFake | undefined> {
  try {
    return await startGarmFake({ providers: GARM_PROVIDERS, listen: { host: "127.0.0.1", port: GARM_PORT } });
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") return undefined;
    throw error;
  }
}

async function garmScenarios(): Promise<Scenario[]> {
  const meta = await garmMeta();
  const ctx = new Context(await packed("garm"), { meta, secretLeaks: false });
  const settled = await settle(ctx, events.configChanged(), readyState());
  return [
    {
      charm: "garm",
      hook: "update-status (settled, GARM fake)",
      meta,
      event: events.updateStatus(),
      state: settled,
    },
    {
      charm: "garm",
      hook: "config-changed (settled, GARM fake)",
      meta,
      event: events.configChanged(),
      state: settled,
    },
  ];
}

function format(rows: readonly Row[]): string[] {
  const header = [
    "charm",
    "hook",
    "median ms",
    "min ms",
    "node -e 0 median ms",
    "ratio",
    "node + same tool calls median ms",
    "floor ratio",
    "peak RSS MiB",
    "RSS ratio",
    "tool calls",
    "repeated calls",
  ];
  const lines = rows.map((row) => {
    const hookMedian = median(row.samples.map((s) => s.wallMs));
    const nodeMedian = median(row.node.map((s) => s.wallMs));
    const floorMedian = median(row.floor.map((s) => s.wallMs));
    const rss = median(row.samples.map((s) => s.rssKib));
    const nodeRss = median(row.node.map((s) => s.rssKib));
    return [
      row.charm,
      row.hook,
      hookMedian.toFixed(1),
      Math.min(...row.samples.map((s) => s.wallMs)).toFixed(1),
      nodeMedian.toFixed(1),
      `${(hookMedian / nodeMedian).toFixed(2)}x`,
      floorMedian.toFixed(1),
      `${(floorMedian / nodeMedian).toFixed(2)}x`,
      (rss / 1024).toFixed(1),
      `${(rss / nodeRss).toFixed(2)}x`,
      String(row.calls),
      String(row.repeated),
    ];
  });
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`);
}

export async function runHooksBench(print: (line: string) => void): Promise<void> {
  const runstat = compileCached(RUNSTAT_SOURCE);
  if (runstat === undefined) {
    print("hooks bench: needs a C compiler (cc) for runstat.c; none found");
    return;
  }
  const rows: Row[] = [];
  for (const scenario of await configuratorScenarios()) rows.push(await measure(runstat, scenario));
  const fake = await garmFakeOnGarmPort();
  if (fake === undefined) {
    print(`hooks bench: 127.0.0.1:${String(GARM_PORT)} is in use, so the garm rows are left out`);
  } else {
    try {
      for (const scenario of await garmScenarios()) rows.push(await measure(runstat, scenario));
    } finally {
      await fake.close();
    }
  }
  print(
    `${String(RUNS)} runs each, interleaved with bin/node -e 0 and with bin/node starting the hook's number of tool calls at once (same environment and cwd)`,
  );
  for (const line of format(rows)) print(line);
}

/**
 * The pressure reconciler against the GARM fake and the planner fake on loopback, in one process.
 * Prints numbers; asserts nothing.
 *
 *   pnpm bench planner
 *
 * 1. Latency from a pressure line that raises a total to the GARM PUT that applies it: 1,000
 *    flavors and 1,000 managed scale sets; each line raises a different scale set, so no PUT waits
 *    on the per-scale-set rate limit. Measured from the planner fake writing the line to GARM's
 *    answer to the PUT (the apply re-reads the scale set first: GET then PUT).
 * 2. CPU per stream line with 1,000 flavors, after a warm-up stream: a loopback server (another
 *    process, as the planner is) sends prebuilt lines in one write;
 *    the planner client reads each and the core takes it, as the service does. Three kinds of
 *    line: changes (1-3 flavors differ from the line before, as NOTIFY-driven lines do),
 *    heartbeats (the same line again) and the worst case (every value differs). Each is printed
 *    with its user and system shares and page faults, next to a baseline from the same run: the
 *    same bytes from the same server read as an HTTP body (undici) and dropped. The baseline is
 *    the socket reads no client can skip, but not a strict floor: Node reads into a fresh 64 KiB
 *    buffer each time, freed only when V8 collects it, so a reader that makes no garbage touches
 *    fresh pages for every read (a page fault each, costly in this VM) and one that makes some
 *    may reuse them.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { Agent, request } from "undici";
import { GarmClient } from "@garm-charms/garm-client";
import { startGarmFake } from "@garm-charms/garm-fake";
import type { GarmFake } from "@garm-charms/garm-fake";
import { startPlannerFake } from "@garm-charms/planner-fake";
import { GarmGateway } from "../src/adapters/garm-port.js";
import type { GarmPort } from "../src/adapters/garm-port.js";
import { plannerSource } from "../src/adapters/pressure-source.js";
import { parseConfig } from "../src/config.js";
import { ReconcilerCore } from "../src/core/reconciler-core.js";
import { PressureReconcilerService } from "../src/service.js";

const FLAVORS = 1_000;
const CPU_LINES = 2_000;
const ADMIN = { username: "admin", password: "Zq7-Bench-Only-Pass-2026!" };
const TOKEN = "q0E8mYvZ1k3rT6wXb9pLs2dF5hJ7nC4aG0uV8iO3eR1";
const silent = { log: () => undefined };
const names = Array.from({ length: FLAVORS }, (_, i) => `flavor-${String(i).padStart(4, "0")}`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function garmWithScaleSets(): Promise<{ fake: GarmFake; ids: Map<string, number> }> {
  const fake = await startGarmFake({
    providers: [{ name: "openstack" }],
    initialised: { ...ADMIN, email: "admin@example.com", fullName: "Bench Admin" },
    urls: {
      metadataUrl: "http://127.0.0.1/m",
      callbackUrl: "http://127.0.0.1/c",
      webhookUrl: "http://127.0.0.1/w",
    },
  });
  const admin = new GarmClient({ baseUrl: fake.url });
  await admin.login(ADMIN.username, ADMIN.password);
  const pat = await admin.createCredentials({
    name: "pat",
    endpoint: "github.com",
    auth: { type: "pat", token: "ghp_bench" },
  });
  const org = await admin.createOrganisation({
    name: "bench-org",
    credentialsName: pat.name,
    webhookSecret: "bench-secret",
  });
  const ids = new Map<string, number>();
  for (const name of names) {
    const params = {
      name,
      providerName: "openstack",
      image: "i",
      flavor: "f",
      osType: "linux",
      osArch: "amd64",
    } as const;
    const created = await admin.createScaleSet(
      { orgId: org.id },
      { ...params, maxRunners: 10, minIdleRunners: 0, enabled: true },
    );
    ids.set(name, created.id);
  }
  await admin.close();
  fake.clearRequests();
  return { fake, ids };
}

/** Resolves when GARM answered the PUT for a scale set id. */
function watchingPuts(port: GarmPort, onPut: (id: number) => void): GarmPort {
  return {
    listScaleSets: () => port.listScaleSets(),
    getScaleSet: (id) => port.getScaleSet(id),
    setMinIdle: async (id, minIdle) => {
      const result = await port.setMinIdle(id, minIdle);
      onPut(id);
      return result;
    },
    close: () => port.close(),
  };
}

async function latencyBench(print: (line: string) => void): Promise<void> {
  const { fake, ids } = await garmWithScaleSets();
  const planner = await startPlannerFake({ token: TOKEN, flavors: names });
  const waiting = new Map<number, () => void>();
  const config = parseConfig(
    {
      garm: { url: fake.url, ...ADMIN },
      planner: { url: planner.url, token: TOKEN },
      metrics: { host: "127.0.0.1", port: 0 },
      scalesets: names.map((name) => ({ name, flavor: name })),
    },
    "bench",
  );
  const service = await PressureReconcilerService.start(config, {
    log: silent,
    garm: (s) => watchingPuts(new GarmGateway(s), (id) => waiting.get(id)?.()),
  });
  try {
    while (!service.metrics.streamConnected) await new Promise((r) => setTimeout(r, 10));
    const samples: number[] = [];
    for (const name of names) {
      const applied = new Promise<void>((resolve) => waiting.set(ids.get(name)!, resolve));
      const started = performance.now();
      planner.setPressure(name, 1);
      await applied;
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    print(
      `pressure line -> GARM PUT applied, ${samples.length} lines (${FLAVORS} flavors, ${FLAVORS} scale sets): ` +
        `p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms, max ${samples.at(-1)!.toFixed(2)} ms`,
    );
  } finally {
    await service.stop();
    await planner.close();
    await fake.close();
  }
}

type LineKind = "change" | "heartbeat" | "every value";

/**
 * The line server: a process of its own, as the planner is, so neither its CPU nor the garbage
 * of building its lines counts as the client's. It builds CPU_LINES lines after a first full one,
 * as Go's json.Encoder writes them (keys sorted), from a fixed seed, then sends them in one write:
 * - `change`: as NOTIFY-driven lines are, each differs from the one before in 1-3 flavors
 *   (values 0-199, so some grow or lose a digit);
 * - `heartbeat`: the same line again;
 * - `every value`: the worst case, every flavor's value differs from the line before.
 */
const LINE_SERVER = `
const [kind, flavors, count] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const names = Array.from({ length: flavors }, (_, i) => "flavor-" + String(i).padStart(4, "0"));
let seed = 15;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const values = names.map(() => Math.floor(next() * 200));
const encode = () => "{" + names.map((name, i) => '"' + name + '":' + values[i]).join(",") + "}\\n";
const lines = [encode()];
for (let i = 0; i < count; i++) {
  if (kind === "change") {
    for (let c = 1 + Math.floor(next() * 3); c > 0; c--) {
      const at = Math.floor(next() * flavors);
      values[at] = (values[at] + 1 + Math.floor(next() * 199)) % 200;
    }
  } else if (kind === "every value") {
    for (let at = 0; at < flavors; at++) values[at] = (values[at] + 1) % 200;
  }
  lines.push(encode());
}
const body = Buffer.from(lines.join(""));
const server = require("node:http").createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

async function lineServer(kind: LineKind): Promise<{ url: string; close(): void }> {
  const args = ["-e", LINE_SERVER, kind, String(FLAVORS), String(CPU_LINES)];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const [port] = (await once(child.stdout, "data")) as [Buffer];
  return { url: `http://127.0.0.1:${port.toString().trim()}`, close: () => child.kill() };
}

interface Usage {
  readonly cpu: NodeJS.CpuUsage;
  readonly faults: number;
}

function usageNow(): Usage {
  return { cpu: process.cpuUsage(), faults: process.resourceUsage().minorPageFault };
}

interface PerLine {
  /** Process CPU, user + system, ms. */
  readonly total: number;
  readonly user: number;
  readonly system: number;
  /** Minor page faults: fresh memory touched, mostly the socket's 64 KiB read buffers. */
  readonly faults: number;
}

/** Process CPU and page faults since `since`, per line. */
function perLine(since: Usage, lines: number): PerLine {
  const used = process.cpuUsage(since.cpu);
  return {
    total: (used.user + used.system) / 1000 / lines,
    user: used.user / 1000 / lines,
    system: used.system / 1000 / lines,
    faults: (process.resourceUsage().minorPageFault - since.faults) / lines,
  };
}

/**
 * The baseline: a stream of `kind` lines read as an HTTP body (undici, as the client does) and
 * dropped unparsed; counted from the end of the first line, as the subject is. CPU ms per line.
 */
async function readOnly(kind: LineKind): Promise<PerLine> {
  const server = await lineServer(kind);
  const agent = new Agent();
  try {
    const response = await request(server.url, { dispatcher: agent });
    let newlines = 0;
    let since = usageNow();
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) {
        if (++newlines === 1) since = usageNow();
      }
    }
    return perLine(since, newlines - 1);
  } finally {
    await agent.close();
    server.close();
  }
}

/**
 * One stream of `kind` lines through what the service does per line: the planner client reads
 * it, the core takes it, and the due applies are started and finished at once (no GARM here).
 */
async function cpuBench(kind: LineKind, print: (line: string) => void): Promise<void> {
  const baseline = await readOnly(kind);
  const server = await lineServer(kind);
  const specs = names.map((name) => ({
    name,
    flavor: name,
    minPressure: 0,
    maxPressure: 0,
    minIdleFloor: 0,
    mode: "subtract-assigned" as const,
  }));
  const core = new ReconcilerCore(specs, { putMinIntervalMs: 5000, retryMaxMs: 60_000 });
  const source = plannerSource({ url: server.url, token: TOKEN }, 300_000);
  let lines = -1; // the first line (every flavor, every scale set) is not counted
  let coreMs = 0;
  let since = usageNow();
  let started = performance.now();
  for await (const event of source.open(new AbortController().signal)) {
    if (event.kind === "bad-line")
      throw new Error(`the bench sent a line the client cannot read: ${event.problem}`);
    if (event.kind !== "pressure") continue;
    const before = performance.now();
    core.pressure(event.pressures, event);
    for (const name of core.due(before)) {
      const begun = core.begin(name)!;
      core.finish(name, { kind: "none" }, before, begun.forced);
    }
    core.nextDueAt();
    if (++lines === 0) {
      since = usageNow();
      started = performance.now();
    } else coreMs += performance.now() - before;
  }
  const used = perLine(since, lines);
  const wall = performance.now() - started;
  await source.close();
  server.close();
  print(
    `CPU per stream line, ${kind} lines, ${FLAVORS} flavors (${lines} lines; planner-client read + core, ${FLAVORS} scale sets): ` +
      `${used.total.toFixed(3)} ms CPU (user ${used.user.toFixed(3)} + system ${used.system.toFixed(3)}), ${(wall / lines).toFixed(3)} ms wall; ` +
      `of which the core ${(coreMs / lines).toFixed(3)} ms; ${used.faults.toFixed(1)} page faults. ` +
      `Baseline, the same bytes read and dropped: ${baseline.total.toFixed(3)} ms CPU (user ${baseline.user.toFixed(3)} + system ${baseline.system.toFixed(3)}), ${baseline.faults.toFixed(1)} page faults`,
  );
}

export async function runPlannerBench(print: (line: string) => void): Promise<void> {
  await latencyBench(print);
  await runPlannerCpuBench(print);
}

/** The CPU part alone. */
export async function runPlannerCpuBench(print: (line: string) => void): Promise<void> {
  // A first pass of each, not printed: the numbers are the long-running service's, once compiled.
  for (const kind of ["change", "heartbeat", "every value"] as const) await cpuBench(kind, () => undefined);
  for (const kind of ["change", "heartbeat", "every value"] as const) await cpuBench(kind, print);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPlannerBench((line) => console.log(line));
}

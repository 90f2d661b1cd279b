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
 * 2. CPU per stream line with 1,000 flavors: a loopback server sends prebuilt lines in one write;
 *    the planner client parses each and the core takes it (every line raises every total).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
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

/** Serves CPU_LINES lines of FLAVORS flavors each, built before the clock starts, in one write. */
async function lineServer(): Promise<{ url: string; close(): void }> {
  const lines: string[] = [];
  for (let i = 0; i < CPU_LINES; i++) {
    lines.push(`${JSON.stringify(Object.fromEntries(names.map((name) => [name, i % 50])))}\n`);
  }
  const body = Buffer.from(lines.join(""));
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function cpuBench(print: (line: string) => void): Promise<void> {
  const server = await lineServer();
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
  const maps: ReadonlyMap<string, number>[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const event of source.open(new AbortController().signal)) {
    if (event.kind !== "pressure") continue;
    core.pressure(event.pressures);
    maps.push(event.pressures);
  }
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  await source.close();
  server.close();
  const perLine = (used.user + used.system) / 1000 / maps.length;
  print(
    `CPU per stream line, ${FLAVORS} flavors (${maps.length} lines, planner-client parse + core, ${FLAVORS} scale sets): ` +
      `${perLine.toFixed(3)} ms CPU (user+system), ${(wall / maps.length).toFixed(3)} ms wall`,
  );
  // The core alone, on the same maps: what this package adds to the client's parse.
  const coreCpu = process.cpuUsage();
  for (const pressures of maps) core.pressure(pressures);
  const coreUsed = process.cpuUsage(coreCpu);
  print(
    `  of which the core (held totals for ${FLAVORS} scale sets): ${((coreUsed.user + coreUsed.system) / 1000 / maps.length).toFixed(3)} ms CPU per line`,
  );
}

export async function runPlannerBench(print: (line: string) => void): Promise<void> {
  await latencyBench(print);
  await cpuBench(print);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runPlannerBench((line) => console.log(line));
}

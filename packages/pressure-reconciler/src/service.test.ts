import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startPlannerFake } from "@garm-charms/planner-fake";
import type { PlannerFake } from "@garm-charms/planner-fake";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GarmGateway } from "./adapters/garm-port.js";
import type { GarmPort } from "./adapters/garm-port.js";
import { parseConfig } from "./config.js";
import type { Config } from "./config.js";
import { ManualClock } from "./core/manual-clock.js";
import { memoryLogger } from "./logger.js";
import { PressureReconcilerService } from "./service.js";
import type { ServiceDeps } from "./service.js";
import { configJson, PLANNER_TOKEN } from "./test-support/config.js";
import { ADMIN, startGarmHarness } from "./test-support/garm-harness.js";
import type { GarmHarness, HarnessScaleSet } from "./test-support/garm-harness.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(sets: HarnessScaleSet[] = [{ name: "ss-small" }]): Promise<GarmHarness> {
  const h = await startGarmHarness(sets);
  cleanups.push(() => h.close());
  return h;
}

async function planner(pressure = 0): Promise<PlannerFake> {
  const p = await startPlannerFake({ token: PLANNER_TOKEN, flavors: [{ name: "ss-small", pressure }] });
  cleanups.push(() => p.close());
  return p;
}

function config(h: GarmHarness, plannerUrl: string | null, overrides: Record<string, unknown> = {}): Config {
  return parseConfig(configJson(h.url, plannerUrl, overrides), "test");
}

async function start(cfg: Config, deps: Partial<ServiceDeps> = {}) {
  const clock = new ManualClock();
  const log = memoryLogger();
  const service = await PressureReconcilerService.start(cfg, { log, clock, random: () => 0, ...deps });
  cleanups.push(() => service.stop());
  return { service, clock, log };
}

// Generous: these poll, so a loaded CI machine costs time, never a false failure.
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 10 });
const scaleSetGets = (h: GarmHarness) =>
  h.fake.requests.filter((r) => r.method === "GET" && /^\/api\/v1\/scalesets\/\d+$/.test(r.path)).length;

describe("the raise path against GARM", () => {
  it("pressure 3 sets min idle 3 with a PUT of min_idle_runners alone", async () => {
    const h = await harness();
    const p = await planner();
    await start(config(h, p.url));
    p.setPressure("ss-small", 3);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(3));
    expect(h.puts("ss-small").map((put) => put.body)).toEqual([{ min_idle_runners: 3 }]);
  });

  it("no PUT when the value is unchanged, and no GET per line beyond the apply", async () => {
    const h = await harness();
    const p = await planner(2);
    await start(config(h, p.url));
    await eventually(() => expect(h.minIdle("ss-small")).toBe(2));
    const gets = scaleSetGets(h);
    for (let i = 0; i < 20; i++) p.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scaleSetGets(h)).toBe(gets);
    expect(h.puts()).toHaveLength(1);
  });

  it("test_timer_loop_uses_cached_pressure: the timer applies the last pressure with the planner gone", async () => {
    const h = await harness();
    const p = await planner(4);
    const { service, clock } = await start(config(h, p.url));
    await eventually(() => expect(h.minIdle("ss-small")).toBe(4));
    await p.close();
    await h.admin.updateScaleSet(h.ids.get("ss-small")!, { minIdleRunners: 1 });
    clock.advance(5 * 60_000);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(4));
    expect(service.core.view()[0]!.lastPressure).toBe(4);
  });
});

describe("following assigned jobs", () => {
  it("two assigned jobs lower min idle by two at the next poll, the held total unchanged", async () => {
    const h = await harness();
    const p = await planner(3);
    const { service, clock } = await start(config(h, p.url));
    await eventually(() => expect(h.minIdle("ss-small")).toBe(3));
    h.setAssigned("ss-small", 2);
    clock.advance(100);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(1));
    expect(service.core.view()[0]!.heldTotal).toBe(3);
  });
});

describe("GARM's errors", () => {
  it("400 (max runners lowered under us): re-reads, clamps and retries once", async () => {
    const h = await harness([{ name: "ss-small", maxRunners: 10 }]);
    const p = await planner();
    const id = h.ids.get("ss-small")!;
    let raced = false;
    // Between the reconciler's GET and its PUT, the charm lowers max runners to 4.
    const racing = (port: GarmPort): GarmPort => ({
      ...port,
      listScaleSets: () => port.listScaleSets(),
      getScaleSet: (i) => port.getScaleSet(i),
      close: () => port.close(),
      setMinIdle: async (i, n) => {
        if (!raced) {
          raced = true;
          await h.admin.updateScaleSet(id, { maxRunners: 4, minIdleRunners: 0 });
        }
        return port.setMinIdle(i, n);
      },
    });
    await start(config(h, p.url), { garm: (s) => racing(new GarmGateway(s)) });
    p.setPressure("ss-small", 6);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(4));
    expect(h.puts("ss-small").map((put) => [put.status, put.body])).toEqual([
      [200, { max_runners: 4, min_idle_runners: 0 }],
      [400, { min_idle_runners: 6 }],
      [200, { min_idle_runners: 4 }],
    ]);
  });

  it("401: logs in again and repeats the call", async () => {
    const h = await harness();
    const p = await planner();
    await start(config(h, p.url));
    h.fake.injectFault({
      method: "GET",
      path: /^\/api\/v1\/scalesets\/\d+$/,
      times: 1,
      fault: { kind: "status", status: 401 },
    });
    p.setPressure("ss-small", 2);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(2));
    expect(h.fake.requests.filter((r) => r.path === "/api/v1/auth/login")).toHaveLength(2);
  });

  it("404: the scale set was re-created; re-resolves its id by name", async () => {
    const h = await harness();
    const p = await planner();
    const { log } = await start(config(h, p.url));
    const old = h.ids.get("ss-small")!;
    await h.admin.updateScaleSet(old, { enabled: false });
    await h.admin.deleteScaleSet(old);
    const orgId = h.fake.snapshot().organizations[0]!.id;
    const recreated = await h.admin.createScaleSet(
      { orgId },
      {
        name: "ss-small",
        providerName: "openstack",
        image: "i",
        flavor: "f",
        osType: "linux",
        osArch: "amd64",
        maxRunners: 5,
        minIdleRunners: 0,
        enabled: true,
      },
    );
    p.setPressure("ss-small", 2);
    await eventually(() =>
      expect(h.fake.snapshot().scaleSets.find((s) => s.id === recreated.id)?.minIdleRunners).toBe(2),
    );
    expect(log.lines.join("\n")).not.toContain(ADMIN.password);
  });

  it("5xx: the apply fails and is retried later", async () => {
    const h = await harness();
    const p = await planner();
    const { service, clock } = await start(config(h, p.url));
    h.fake.injectFault({
      method: "PUT",
      path: /^\/api\/v1\/scalesets\/\d+$/,
      times: 1,
      fault: { kind: "status", status: 500 },
    });
    p.setPressure("ss-small", 2);
    await eventually(() => expect(service.metrics.puts.error).toBe(1));
    expect(h.minIdle("ss-small")).toBe(0);
    clock.advance(1000);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(2));
  });
});

/** A planner stand-in for lines the planner fake never writes. */
async function rawPlanner(lines: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    res.write(lines);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the planner stream", () => {
  it("a non-integer value is skipped and the process does not crash", async () => {
    const h = await harness();
    const url = await rawPlanner('{"ss-small":1.5}\n{"ss-small":"3"}\nnot json\n{"ss-small":2}\n');
    const { service, log } = await start(config(h, url));
    await eventually(() => expect(h.minIdle("ss-small")).toBe(2));
    expect(service.core.view()[0]!.lastPressure).toBe(2);
    expect(log.lines.filter((l) => l.includes("skipped a pressure line"))).toHaveLength(1);
  });

  it("a refused token asks for the configuration to be re-read", async () => {
    const h = await harness();
    const p = await planner(1);
    let rereads = 0;
    const { service, clock } = await start(config(h, p.url), { onPlannerAuthRefused: () => rereads++ });
    await eventually(() => expect(h.minIdle("ss-small")).toBe(1));
    p.refuseAuth(true);
    p.dropStreams();
    await eventually(() => expect(service.metrics.streamReconnects).toBe(1));
    expect(rereads).toBe(0);
    // The reconnect after the backoff (100 ms with this random source) meets the 401.
    clock.advance(100);
    await eventually(() => expect(rereads).toBe(1));
    expect(service.core.view()[0]!.heldTotal).toBe(1);
  });
});

describe("no planner", () => {
  it("the total is constant at min_pressure, applied on the timer only", async () => {
    const h = await harness();
    const { clock } = await start(
      config(h, null, { scalesets: [{ name: "ss-small", flavor: "ss-small", min_pressure: 2 }] }),
    );
    h.setAssigned("ss-small", 1);
    clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.puts()).toEqual([]);
    clock.advance(5 * 60_000);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(1));
  });
});

describe("metrics", () => {
  it("test_timer_reconcile_emits_reconciliation_metric: serves the gauges of spec 4.3", async () => {
    const h = await harness();
    const p = await planner(5);
    const { service, clock } = await start(config(h, p.url));
    await eventually(() => expect(h.minIdle("ss-small")).toBe(5));
    h.setAssigned("ss-small", 2);
    clock.advance(100);
    await eventually(() => expect(h.minIdle("ss-small")).toBe(3));
    const response = await fetch(`${service.metricsUrl}/metrics`);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    for (const sample of [
      'planner_pressure{flavor="ss-small"} 5',
      'desired_total{flavor="ss-small"} 5',
      'held_total{flavor="ss-small"} 5',
      'min_idle_applied{scaleset="ss-small"} 3',
      'assigned_jobs{scaleset="ss-small"} 2',
      "stream_connected 1",
      "stream_reconnects_total 0",
      'garm_put_total{result="ok"} 2',
      'garm_put_total{result="error"} 0',
    ]) {
      expect(text).toContain(`\n${sample}\n`);
    }
    expect((await fetch(`${service.metricsUrl}/other`)).status).toBe(404);
  });
});

describe("reload", () => {
  it("a configuration change keeps the held totals; a new planner token reopens the stream", async () => {
    const h = await harness();
    const p = await planner(6);
    const { service } = await start(config(h, p.url));
    await eventually(() => expect(h.minIdle("ss-small")).toBe(6));
    p.setPressure("ss-small", 1);
    await eventually(() => expect(service.core.view()[0]!.lastPressure).toBe(1));
    const next = configJson(h.url, p.url, {
      scalesets: [{ name: "ss-small", flavor: "ss-small", min_idle_floor: 1 }],
    });
    await service.reload(
      parseConfig({ ...next, planner: { url: `${p.url}/`, token: PLANNER_TOKEN } }, "test"),
    );
    expect(service.core.view()[0]!.heldTotal).toBe(6);
    await eventually(() => expect(service.metrics.streamConnected).toBe(true));
    expect(h.minIdle("ss-small")).toBe(6);
  });
});

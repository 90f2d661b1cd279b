/**
 * The running service: the core driven by the planner feed, the reconcile timer, the poll of
 * GARM's assigned jobs and the per-scale-set apply scheduler, plus the metrics endpoint. A new
 * configuration is applied in place: the core keeps its held totals.
 */
import { isDeepStrictEqual } from "node:util";
import type { GarmPort } from "./adapters/garm-port.js";
import { GarmGateway } from "./adapters/garm-port.js";
import { startMetricsServer } from "./adapters/metrics-server.js";
import type { MetricsServer } from "./adapters/metrics-server.js";
import { plannerSource } from "./adapters/pressure-source.js";
import type { PressureSource } from "./adapters/pressure-source.js";
import { applyScaleSet } from "./apply.js";
import type { ApplyContext } from "./apply.js";
import type { Config, GarmSettings, PlannerSettings } from "./config.js";
import { Backoff } from "./core/backoff.js";
import { systemClock } from "./core/clock.js";
import type { Clock, RandomSource } from "./core/clock.js";
import { ReconcilerCore } from "./core/reconciler-core.js";
import type { ApplyOutcome, CoreTiming } from "./core/reconciler-core.js";
import { runFeed } from "./feed.js";
import type { Logger } from "./logger.js";
import { MetricsState, renderMetrics } from "./metrics.js";

export interface ServiceDeps {
  readonly log: Logger;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly garm?: (settings: GarmSettings) => GarmPort;
  readonly planner?: (settings: PlannerSettings, idleTimeoutMs: number) => PressureSource;
  /** Called when the planner refuses the token: re-read the configuration file. */
  readonly onPlannerAuthRefused?: () => void;
}

/** Longest wait before a failed apply is retried. */
const RETRY_MAX_MS = 60_000;
/** How long stop() waits for PUTs in flight. */
const STOP_GRACE_MS = 10_000;

function timingOf(config: Config): CoreTiming {
  return { putMinIntervalMs: config.putMinIntervalMs, retryMaxMs: RETRY_MAX_MS };
}

/** GARM errors are one line and carry no secret (the client's guarantee). */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PressureReconcilerService {
  readonly metrics = new MetricsState();
  readonly #deps: Required<Omit<ServiceDeps, "onPlannerAuthRefused">> &
    Pick<ServiceDeps, "onPlannerAuthRefused">;
  readonly #core: ReconcilerCore;
  #config: Config;
  #garm: GarmPort;
  #source: PressureSource | undefined;
  #feed: { abort: AbortController; done: Promise<void> } | undefined;
  #metricsServer: MetricsServer | undefined;
  #cancelTimer: (() => void) | undefined;
  #cancelPoll: (() => void) | undefined;
  #cancelWake: (() => void) | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #pollFailing = false;
  #stopped = false;

  private constructor(config: Config, deps: ServiceDeps) {
    this.#deps = {
      clock: systemClock,
      random: Math.random,
      garm: (settings) => new GarmGateway(settings),
      planner: plannerSource,
      ...deps,
    };
    this.#config = config;
    this.#core = new ReconcilerCore(config.scaleSets, timingOf(config), config.planner === null);
    this.#garm = this.#countingPuts(this.#deps.garm(config.garm));
  }

  /** Starts everything: metrics, a first read of GARM, the feed, the timer and the poll. */
  static async start(config: Config, deps: ServiceDeps): Promise<PressureReconcilerService> {
    const service = new PressureReconcilerService(config, deps);
    service.#metricsServer = await startMetricsServer(config.metrics.host, config.metrics.port, () =>
      service.renderMetrics(),
    );
    await service.#poll();
    service.#startFeed();
    service.#scheduleTimer();
    service.#schedulePoll();
    service.#log("info", "pressure reconciler started", {
      scalesets: config.scaleSets.length,
      planner: config.planner !== null,
      metrics: service.metricsUrl,
    });
    return service;
  }

  get core(): ReconcilerCore {
    return this.#core;
  }

  get metricsUrl(): string {
    return this.#metricsServer?.url ?? "";
  }

  renderMetrics(): string {
    return renderMetrics(this.#core.view(), this.metrics);
  }

  /** Applies a new configuration without losing held totals; parts that did not change keep running. */
  async reload(config: Config): Promise<void> {
    const old = this.#config;
    this.#config = config;
    this.#core.reconfigure(config.scaleSets, timingOf(config), config.planner === null);
    if (!isDeepStrictEqual(old.garm, config.garm)) {
      const previous = this.#garm;
      this.#garm = this.#countingPuts(this.#deps.garm(config.garm));
      void previous.close();
    }
    if (
      !isDeepStrictEqual(old.planner, config.planner) ||
      old.stream.idleTimeoutMs !== config.stream.idleTimeoutMs
    ) {
      await this.#stopFeed();
      this.#startFeed();
    }
    if (old.reconcileIntervalMs !== config.reconcileIntervalMs) this.#scheduleTimer();
    if (!isDeepStrictEqual(old.metrics, config.metrics)) await this.#restartMetrics();
    this.#log("info", "configuration reloaded; held totals kept", { scalesets: config.scaleSets.length });
    this.#pump();
  }

  /** Stops taking work, lets PUTs in flight finish (briefly), closes every connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const cancel of [this.#cancelTimer, this.#cancelPoll, this.#cancelWake]) cancel?.();
    await this.#stopFeed();
    let cancelGrace: (() => void) | undefined;
    const grace = new Promise<void>(
      (resolve) => (cancelGrace = this.#deps.clock.schedule(STOP_GRACE_MS, resolve)),
    );
    await Promise.race([Promise.all(this.#inFlight), grace]);
    cancelGrace?.();
    await this.#garm.close();
    await this.#metricsServer?.close();
    this.#log("info", "pressure reconciler stopped");
  }

  // ---- the planner feed ------------------------------------------------------------------

  #startFeed(): void {
    const planner = this.#config.planner;
    if (planner === null || this.#stopped) return;
    try {
      this.#source = this.#deps.planner(planner, this.#config.stream.idleTimeoutMs);
    } catch (error) {
      this.#log("error", `cannot follow the planner: ${describe(error)}`);
      return;
    }
    const { backoffInitialMs, backoffMaxMs } = this.#config.stream;
    const abort = new AbortController();
    const source = this.#source;
    const done = runFeed(
      {
        source: () => source,
        clock: this.#deps.clock,
        backoff: new Backoff(backoffInitialMs, backoffMaxMs, this.#deps.random),
        log: this.#deps.log,
        metrics: this.metrics,
        onPressure: (pressures, delta) => {
          this.#core.pressure(pressures, delta);
          this.#pump();
        },
        onLost: () => {
          this.#core.streamFailed();
          this.#pump();
        },
        onAuthRefused: () => this.#deps.onPlannerAuthRefused?.(),
      },
      abort.signal,
    );
    this.#feed = { abort, done };
  }

  async #stopFeed(): Promise<void> {
    const feed = this.#feed;
    this.#feed = undefined;
    if (feed === undefined) return;
    feed.abort.abort();
    await feed.done;
    await this.#source?.close();
    this.#source = undefined;
  }

  // ---- the timer and the poll ------------------------------------------------------------

  #scheduleTimer(): void {
    this.#cancelTimer?.();
    if (this.#stopped) return;
    this.#cancelTimer = this.#deps.clock.schedule(this.#config.reconcileIntervalMs, () => {
      const count = this.#core.timerTick();
      this.#log("info", "reconcile timer: re-applying held totals (the only time they fall)", {
        scalesets: count,
      });
      this.#pump();
      this.#scheduleTimer();
    });
  }

  #schedulePoll(): void {
    if (this.#stopped) return;
    this.#cancelPoll = this.#deps.clock.schedule(this.#config.assignedPollMs, () => {
      void this.#poll().then(() => this.#schedulePoll());
    });
  }

  /** Reads every scale set once: ids by name, assigned jobs (a change re-applies), min idle. */
  async #poll(): Promise<void> {
    if (this.#stopped) return;
    let listed;
    try {
      listed = await this.#garm.listScaleSets();
    } catch (error) {
      if (!this.#pollFailing) this.#log("warn", `cannot read GARM's scale sets: ${describe(error)}`);
      this.#pollFailing = true;
      return;
    }
    if (this.#pollFailing) this.#log("info", "GARM's scale sets readable again");
    this.#pollFailing = false;
    const names = new Set(listed.map((s) => s.name));
    for (const s of listed) this.#core.observe(s);
    for (const spec of this.#config.scaleSets) if (!names.has(spec.name)) this.#core.missing(spec.name);
    this.#pump();
  }

  // ---- applies -----------------------------------------------------------------------------

  /** Starts every due apply, then wakes up when the next rate-limited one is due. */
  #pump(): void {
    if (this.#stopped) return;
    const now = this.#deps.clock.now();
    for (const name of this.#core.due(now)) this.#startApply(name);
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    const next = this.#core.nextDueAt();
    if (next !== undefined) this.#cancelWake = this.#deps.clock.schedule(next - now, () => this.#pump());
  }

  #startApply(name: string): void {
    const started = this.#core.begin(name);
    if (started === undefined) return;
    const ctx: ApplyContext = { core: this.#core, garm: this.#garm };
    const run = applyScaleSet(ctx, name, started.id, started.forced)
      .catch((error: unknown): ApplyOutcome => {
        this.#log("warn", `cannot apply min idle runners to GARM scale set ${name}: ${describe(error)}`);
        return { kind: "failed" };
      })
      .then((outcome) => {
        if (outcome.kind === "missing")
          this.#log("warn", `GARM has no scale set named ${name}; waiting for it`);
        this.#core.finish(name, outcome, this.#deps.clock.now(), started.forced);
        this.#inFlight.delete(run);
        this.#pump();
      });
    this.#inFlight.add(run);
  }

  // ---- helpers -----------------------------------------------------------------------------

  async #restartMetrics(): Promise<void> {
    await this.#metricsServer?.close();
    this.#metricsServer = undefined;
    try {
      this.#metricsServer = await startMetricsServer(
        this.#config.metrics.host,
        this.#config.metrics.port,
        () => this.renderMetrics(),
      );
    } catch (error) {
      this.#log("error", describe(error));
    }
  }

  /** Counts PUT results for `garm_put_total` and logs each PUT. */
  #countingPuts(port: GarmPort): GarmPort {
    const metrics = this.metrics;
    const log = (minIdle: number, id: number): void =>
      this.#log("info", "set min idle runners", { scaleset_id: id, min_idle_runners: minIdle });
    return {
      listScaleSets: () => port.listScaleSets(),
      getScaleSet: (id) => port.getScaleSet(id),
      setMinIdle: async (id, minIdle) => {
        try {
          const result = await port.setMinIdle(id, minIdle);
          metrics.puts.ok++;
          log(minIdle, id);
          return result;
        } catch (error) {
          metrics.puts.error++;
          throw error;
        }
      },
      close: () => port.close(),
    };
  }

  #log(level: Parameters<Logger["log"]>[0], message: string, fields?: Parameters<Logger["log"]>[2]): void {
    this.#deps.log.log(level, message, fields);
  }
}

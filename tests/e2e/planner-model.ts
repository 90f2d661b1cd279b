/**
 * The local Juju model the planner end-to-end test drives: the packed garm charm (GARM fake and the
 * pressure reconciler under Pebble stand-ins), PostgreSQL, image-builder and planner stand-ins and
 * one configurator, as README's "Watch planner-driven scaling" deploys them; plus what the test
 * reads from outside: GARM's API, the reconciler's metrics and log, the planner's control API.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateKeyPairSync } from "node:crypto";

import { packProjectsCached } from "@garm-charms/charm-pack";

import {
  CONFIGURATOR_OPTIONS,
  GARM_LOCAL_RESOURCES,
  type LocalJuju,
} from "@garm-charms/juju-local/test-support";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const STAND_INS = join(REPO, "packages", "juju-local", "stand-ins");

/** What the charms fix in the local model, where every workload is a host process. */
export const GARM_URL = "http://127.0.0.1:8080";
const PLANNER_URL = "http://127.0.0.1:9080";
const METRICS_URL = "http://127.0.0.1:9464/metrics";

export const SCALESET = "small";
/** The configurator's `min-idle-runner`: the floor the charm returns to without a planner. */
export const FLOOR = 1;

const CONFIGURATOR_CONFIG = { ...CONFIGURATOR_OPTIONS, name: SCALESET, "min-idle-runner": String(FLOOR) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * The charms listen on fixed ports (GARM 8080, the planner stand-in 9080, the reconciler's metrics
 * 9464): another local model or bench on this host would answer in their place.
 */
export async function checkPortsFree(): Promise<void> {
  for (const port of [8080, 9080, 9464]) {
    if (await portAnswers(port))
      throw new Error(
        `127.0.0.1:${String(port)} is taken by another process: stop the other local model, or run this ` +
          "test in a network namespace of its own (as root: unshare -n sh -c 'ip link set lo up && pnpm exec vitest run ...')",
      );
  }
}

export async function packedCharms(): Promise<Record<string, string>> {
  const dirs = [
    join(REPO, "charms", "garm"),
    join(REPO, "charms", "garm-configurator"),
    join(STAND_INS, "postgresql"),
    join(STAND_INS, "image-builder"),
    join(STAND_INS, "planner"),
  ];
  const packed = await packProjectsCached(REPO, dirs);
  return Object.fromEntries(packed.charms.map((c) => [c.name, c.charmPath]));
}

/** garm, its peers and a configurator linked to the planner stand-in: the README's commands. */
export function deployPlannerModel(j: LocalJuju, charms: Record<string, string>): void {
  const charm = (name: string): string => {
    const path = charms[name];
    if (path === undefined) throw new Error(`${name} was not packed`);
    return path;
  };
  // No update-status while the test runs: each would be one more hook in the logs it reads.
  j.ok("model-config", "update-status-hook-interval=1h");
  j.ok("deploy", charm("garm"), "garm", ...GARM_LOCAL_RESOURCES);
  j.ok("deploy", charm("postgresql-stand-in"), "postgresql");
  j.ok("integrate", "garm", "postgresql");
  j.ok("deploy", charm("garm-configurator"), "runners");
  j.ok("deploy", charm("image-builder-stand-in"), "image-builder");
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  const keyFile = join(j.home, "github-app-key.pem");
  writeFileSync(keyFile, key, { mode: 0o600 });
  const password = j.ok("add-secret", "openstack-password", "value=not-a-real-password").trim();
  const appKey = j.ok("add-secret", "github-app-key", `value#file=${keyFile}`).trim();
  j.ok("grant-secret", "openstack-password", "runners");
  j.ok("grant-secret", "github-app-key", "runners");
  const config = { ...CONFIGURATOR_CONFIG, "openstack-password": password, "github-app-private-key": appKey };
  j.ok("config", "runners", ...Object.entries(config).map(([k, v]) => `${k}=${v}`));
  j.ok("integrate", "runners", "image-builder");
  j.ok("integrate", "runners", "garm");
  j.ok("deploy", charm("planner-stand-in"), "planner", "--resource", "planner-image=local:node");
  j.ok("integrate", "runners", "planner");
}

// ---- GARM, as the test process sees it -------------------------------------------------------

export interface ScaleSetView {
  readonly id: number;
  readonly name: string;
  /** GARM omits these when 0. */
  readonly min_idle_runners?: number;
  readonly desired_runner_count?: number;
}

export class GarmApi {
  private constructor(private readonly token: string) {}

  static async login(username: string, password: string): Promise<GarmApi> {
    const response = await fetch(`${GARM_URL}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`GARM login answered ${String(response.status)}`);
    return new GarmApi(((await response.json()) as { token: string }).token);
  }

  async scaleSets(): Promise<ScaleSetView[]> {
    const response = await fetch(`${GARM_URL}/api/v1/scalesets`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`GET /api/v1/scalesets answered ${String(response.status)}`);
    return (await response.json()) as ScaleSetView[];
  }

  async scaleSet(id: number): Promise<ScaleSetView> {
    const response = await fetch(`${GARM_URL}/api/v1/scalesets/${String(id)}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok)
      throw new Error(`GET /api/v1/scalesets/${String(id)} answered ${String(response.status)}`);
    return (await response.json()) as ScaleSetView;
  }

  async minIdle(id: number): Promise<number> {
    return (await this.scaleSet(id)).min_idle_runners ?? 0;
  }

  /** Fake-only (GARM_FAKE_CONTROL): GitHub now has `count` jobs assigned to the scale set. */
  static async assignJobs(id: number, count: number): Promise<void> {
    const response = await fetch(`${GARM_URL}/_fake/scalesets/${String(id)}/assigned-jobs`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assigned_jobs: count }),
    });
    if (!response.ok)
      throw new Error(`the GARM fake's assigned-jobs control answered ${String(response.status)}`);
  }
}

export interface Observation {
  readonly value: number;
  /** ms from `since` to the first read that saw the value. */
  readonly afterMs: number;
  /** Every read before it, with its time from `since`. */
  readonly before: readonly { readonly value: number; readonly atMs: number }[];
}

/** Polls `read` every `everyMs` until it returns `want`; throws after `timeoutMs`. */
export async function observe(
  read: () => Promise<number>,
  want: number,
  since: number,
  { everyMs = 10, timeoutMs = 10_000 }: { everyMs?: number; timeoutMs?: number } = {},
): Promise<Observation> {
  const before: { value: number; atMs: number }[] = [];
  for (;;) {
    const value = await read();
    const atMs = performance.now() - since;
    if (value === want) return { value, afterMs: atMs, before };
    before.push({ value, atMs });
    if (atMs > timeoutMs)
      throw new Error(
        `still ${String(value)} after ${String(Math.round(atMs))} ms, waiting for ${String(want)}`,
      );
    await sleep(everyMs);
  }
}

// ---- the pressure reconciler, from outside its pod -------------------------------------------

/** The reconciler's gauges and counters, `name{labels}` -> value. */
export async function reconcilerMetrics(): Promise<Map<string, number>> {
  const text = await (await fetch(METRICS_URL)).text();
  const metrics = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    metrics.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return metrics;
}

export interface LogLine {
  readonly at: number;
  readonly level: string;
  readonly text: string;
}

/** The unit's pod: where the container roots and the services' logs are on the host. */
function podContainer(j: LocalJuju, unit: string, container: string): string {
  return join(j.home, "models", "local", "pods", unit.replace("/", "-"), container);
}

export function reconcilerLog(j: LocalJuju): LogLine[] {
  const file = join(podContainer(j, "garm/0", "pressure-reconciler"), "logs", "pressure-reconciler.log");
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      const match = /^(\S+) (\w+) (.*)$/.exec(line);
      const at = match ? Date.parse(match[1]!) : Number.NaN;
      return match && !Number.isNaN(at) ? [{ at, level: match[2]!, text: match[3]! }] : [];
    });
}

export async function waitForLog(
  j: LocalJuju,
  matches: (line: LogLine) => boolean,
  timeoutMs = 10_000,
): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = reconcilerLog(j).find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error("the pressure reconciler did not log the expected line");
    await sleep(50);
  }
}

export function reconcilerConfigPath(j: LocalJuju): string {
  return join(
    podContainer(j, "garm/0", "pressure-reconciler"),
    "rootfs",
    "etc",
    "pressure-reconciler",
    "config.json",
  );
}

/**
 * The reconciler's timer, through the garm charm's `planner-reconcile-interval` option: the leader
 * writes it into the service's config file, which the service reloads, keeping its held totals,
 * and restarts its timer with the new interval.
 */
export function setTimerInterval(j: LocalJuju, seconds: number): void {
  j.ok("config", "garm", `planner-reconcile-interval=${String(seconds)}`);
}

export function reconcilerConfigExists(j: LocalJuju): boolean {
  return existsSync(reconcilerConfigPath(j));
}

// ---- the planner stand-in's fake ---------------------------------------------------------------

/** Sets a flavor's pressure through the planner fake's control API (its token, from the pod). */
export async function setPressureDirect(j: LocalJuju, flavor: string, pressure: number): Promise<void> {
  const tokenFile = join(podContainer(j, "planner/0", "planner"), "rootfs", "etc", "planner", "token");
  const token = readFileSync(tokenFile, "utf8").trim();
  const response = await fetch(`${PLANNER_URL}/_control/pressure`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ flavor, pressure }),
  });
  if (!response.ok) throw new Error(`the planner fake's control answered ${String(response.status)}`);
}

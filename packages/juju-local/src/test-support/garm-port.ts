/**
 * GARM's port on this host. The local model's workloads are host processes and the garm charm
 * fixes GARM's port, so two local models running GARM at once (the deploy suite, the demo, another
 * checkout's tests) would each talk to whichever GARM bound it first. Whoever runs GARM in a local
 * model holds `holdGarmPort()` for as long as it does: a lock shared by every process on the host,
 * then the port itself free.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { processAlive } from "../process.js";

export const GARM_PORT = 8080;

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Whether nothing listens on `port`, on loopback or on every address. */
export async function portFree(port: number): Promise<boolean> {
  return (await canListen("127.0.0.1", port)) && (await canListen("0.0.0.0", port));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Takes the lock directory, or returns false while a live process holds it (a dead one's is removed). */
function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, "pid"), String(process.pid));
    return true;
  } catch {
    const pidFile = join(lock, "pid");
    const holder = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
    if (holder > 0 && !processAlive(holder)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

export interface PortWait {
  /** Milliseconds before giving up. */
  readonly timeout: number;
  readonly poll?: number;
  /** Where the lock lives (default: the host's temp dir, shared by every checkout). */
  readonly lockDir?: string;
}

/** Waits until `check` holds; throws `failure()` after the timeout. Says once that it waits. */
async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  { timeout, poll = 500 }: PortWait,
  failure: () => string,
): Promise<void> {
  const deadline = Date.now() + timeout;
  let told = false;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(failure());
    if (!told) console.log(`waiting for ${what}`);
    told = true;
    await sleep(poll);
  }
}

/** Waits until `port` is free; throws, naming it, after the timeout. */
export async function awaitPortFree(port: number, wait: PortWait): Promise<void> {
  await waitUntil(
    () => portFree(port),
    `port ${String(port)}, taken by another process`,
    wait,
    () =>
      `port ${String(port)} is still taken by another process after ${String(wait.timeout / 1000)} s: stop the other GARM (e.g. another local model's: \`juju-local stop\`) and rerun`,
  );
}

/**
 * Holds GARM's port for this process: the host-wide lock, then the port free. Returns the release
 * (idempotent). Throws, naming the holder or the port, after the timeout.
 */
export async function holdGarmPort(wait: PortWait, port = GARM_PORT): Promise<() => void> {
  const lock = join(wait.lockDir ?? tmpdir(), `garm-charms-port-${String(port)}.lock`);
  await waitUntil(
    () => tryLock(lock),
    `the lock on GARM's port ${String(port)} (${lock})`,
    wait,
    () =>
      `GARM's port ${String(port)} is still held by process ${existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : "?"} after ${String(wait.timeout / 1000)} s (lock ${lock})`,
  );
  let held = true;
  const release = (): void => {
    if (held) rmSync(lock, { recursive: true, force: true });
    held = false;
  };
  process.once("exit", release);
  try {
    await awaitPortFree(port, wait);
  } catch (error) {
    release();
    throw error;
  }
  return release;
}

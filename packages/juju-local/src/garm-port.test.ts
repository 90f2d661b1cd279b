/** The host-wide hold on GARM's port that every local model running GARM takes (test-support/garm-port.ts). */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { awaitPortFree, holdGarmPort, portFree } from "./test-support/garm-port.js";

let lockDir: string;
let server: Server | undefined;

async function listenAnywhere(): Promise<number> {
  server = createServer();
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const close = (): Promise<void> =>
  new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));

beforeEach(() => {
  lockDir = mkdtempSync(join(tmpdir(), "garm-port-test-"));
});
afterEach(async () => {
  await close();
  server = undefined;
  rmSync(lockDir, { recursive: true, force: true });
});

describe("GARM's port on the host", () => {
  it("a taken port is awaited, and named when it stays taken", async () => {
    const port = await listenAnywhere();
    expect(await portFree(port)).toBe(false);
    await expect(awaitPortFree(port, { timeout: 300, poll: 50 })).rejects.toThrow(
      `port ${String(port)} is still taken by another process after 0.3 s`,
    );
    const waiting = awaitPortFree(port, { timeout: 5000, poll: 50 });
    await close();
    await expect(waiting).resolves.toBeUndefined();
  });

  it("a second holder waits for the first to release, and takes a dead process's lock", async () => {
    const port = await listenAnywhere();
    await close();
    const wait = { timeout: 5000, poll: 50, lockDir };
    const release = await holdGarmPort(wait, port);
    await expect(holdGarmPort({ ...wait, timeout: 200 }, port)).rejects.toThrow(
      `GARM's port ${String(port)} is still held by process ${String(process.pid)}`,
    );
    const second = holdGarmPort(wait, port);
    release();
    (await second)();

    const dead = spawnSync("true").pid ?? 999_999;
    mkdirSync(join(lockDir, `garm-charms-port-${String(port)}.lock`));
    writeFileSync(join(lockDir, `garm-charms-port-${String(port)}.lock`, "pid"), String(dead));
    (await holdGarmPort(wait, port))();
  });
});

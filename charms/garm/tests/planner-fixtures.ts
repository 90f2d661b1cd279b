/**
 * Fixtures for planner-driven scaling: a configurator unit that links its scale set to a planner
 * (the token re-wrapped in a secret granted to garm), the pressure reconciler's container, a
 * stand-in for the service's bundle and a metrics endpoint that says whether the stream is open.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { container, secret, type ContainerState, type Databag } from "@garm-charms/charm-testing";
import type { State } from "@garm-charms/charm-testing";
import { configurator, osPasswordSecret, providerBag, readyState } from "./fixtures.js";

export const PLANNER_TOKEN = "planner-token-Hq73-secret";
export const PLANNER_ENDPOINT = "https://ingress.example.com/planner";

export const plannerTokenSecret = secret({
  id: "secret:cs0000000000plannertoken1",
  content: { value: PLANNER_TOKEN },
});

export const reconcilerContainer: ContainerState = container({ name: "pressure-reconciler" });

export const SCALESET = "scaleset-garm-configurator-0";

/** The leader unit's publication with a planner link. */
export function plannerBag(minimumPressure = "1", extra: Databag = {}): Databag {
  return {
    ...providerBag(osPasswordSecret.id),
    planner_endpoint: PLANNER_ENDPOINT,
    planner_token_secret_uri: plannerTokenSecret.id,
    planner_minimum_pressure: minimumPressure,
    ...extra,
  };
}

/** The leader, ready, its configurator linked to a planner, both containers up. */
export function plannerState(bag: Databag = plannerBag(), overrides: Partial<State> = {}): State {
  const base = readyState();
  return readyState({
    relations: [base.relations[0]!, configurator({ 0: bag })],
    secrets: [...base.secrets, plannerTokenSecret],
    containers: [...base.containers, reconcilerContainer],
    ...overrides,
  });
}

/** A stand-in for dist/pressure-reconciler.mjs, in a temp dir. */
export class FakeBundle {
  readonly dir = mkdtempSync(join(tmpdir(), "garm-reconciler-bundle-"));
  readonly path = join(this.dir, "pressure-reconciler.mjs");

  constructor(content = "// pressure reconciler, build 1\n") {
    this.write(content);
  }

  write(content: string): void {
    writeFileSync(this.path, content);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The service's metrics endpoint, answering with a `stream_connected` gauge the test sets. */
export class FakeMetrics {
  connected: 0 | 1 | undefined = 1;
  #server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.#server = createServer((_req, res) => {
      const line = this.connected === undefined ? "" : `stream_connected ${String(this.connected)}\n`;
      res.end(`# TYPE stream_connected gauge\n${line}stream_reconnects_total 0\n`);
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    this.url = `http://127.0.0.1:${String(address.port)}/metrics`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

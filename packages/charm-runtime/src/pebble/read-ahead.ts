/**
 * Reading Pebble ahead: the Pebble reads a charm's reconcile makes on every run, started together
 * instead of one after another as its steps reach them, and (in a packed charm's hook bundle)
 * before the charm's code has loaded. Each PebbleClient keeps what it read until it changes
 * something (client.ts), so the charm's own reads of the same things take these answers; a read
 * that failed is not kept, and the charm's own read asks again.
 */
import type { PebbleConnector } from "../model/container.js";
import type { PebbleClient } from "./client.js";

/** What to read of one container's Pebble, beyond whether it answers (`canConnect`). */
export interface PebbleReads {
  readonly plan?: boolean;
  /** One `GET /v1/services?names=…` for these names. */
  readonly services?: readonly string[];
  /** Directories to list. */
  readonly files?: readonly string[];
}

/** Container name -> what to read of it. */
export type PebbleReadAhead = Readonly<Record<string, PebbleReads>>;

/** Starts every read of `plan` at once, and settles when all have; never rejects. */
export async function startPebbleReads(
  clientOf: (container: string) => PebbleClient,
  plan: PebbleReadAhead,
): Promise<void> {
  const reads: Promise<unknown>[] = [];
  for (const [container, wanted] of Object.entries(plan)) {
    let client: PebbleClient;
    try {
      client = clientOf(container);
    } catch {
      continue;
    }
    reads.push(client.canConnect());
    if (wanted.plan === true) reads.push(client.getPlan());
    if (wanted.services !== undefined) reads.push(client.getServices(wanted.services));
    for (const dir of wanted.files ?? []) reads.push(client.listFiles(dir));
  }
  await Promise.allSettled(reads);
}

/**
 * Starts `plan`'s reads on new clients now, and returns the connector to give the runtime: it
 * hands out those clients (each once, by socket path) and connects afresh for any other socket.
 */
export function readingAhead(
  connect: PebbleConnector,
  plan: PebbleReadAhead,
  socketPathOf: (container: string) => string,
): PebbleConnector {
  const early = new Map<string, PebbleClient>();
  void startPebbleReads((container) => {
    const socketPath = socketPathOf(container);
    const client = connect(socketPath);
    early.set(socketPath, client);
    return client;
  }, plan);
  return (socketPath) => {
    const client = early.get(socketPath);
    if (client === undefined) return connect(socketPath);
    early.delete(socketPath);
    return client;
  };
}

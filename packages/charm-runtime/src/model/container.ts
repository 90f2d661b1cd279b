/**
 * A workload container: its name and a Pebble client on the container's socket. The client comes
 * from a connector the charm's entry passes in (`connectPebble` from the `/pebble` entry), so the
 * root entry never imports the HTTP client and a charm without containers never loads it.
 */
import type { PebbleClient } from "../pebble/client.js";

/** Makes a Pebble client for a container's unix socket. */
export type PebbleConnector = (socketPath: string) => PebbleClient;

export class Container {
  readonly pebble: PebbleClient;

  constructor(
    readonly name: string,
    socketPath: string,
    connect: PebbleConnector,
  ) {
    this.pebble = connect(socketPath);
  }

  /** True when Pebble answers `GET /v1/system-info` (as ops' `can_connect`). */
  canConnect(): Promise<boolean> {
    return this.pebble.canConnect();
  }
}

/** A workload container: its name and a Pebble client on the container's socket. */
import { PebbleClient } from "../pebble/index.js";

export class Container {
  readonly pebble: PebbleClient;

  constructor(
    readonly name: string,
    socketPath: string,
  ) {
    this.pebble = new PebbleClient({ socketPath });
  }

  /** True when Pebble answers `GET /v1/system-info` (as ops' `can_connect`). */
  canConnect(): Promise<boolean> {
    return this.pebble.canConnect();
  }
}

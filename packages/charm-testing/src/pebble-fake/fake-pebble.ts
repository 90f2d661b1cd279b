/**
 * An in-process Pebble: Pebble's v1 API (`api.ts`) on a unix socket in a temp directory, against
 * an in-memory container built from a `ContainerState`. The real PebbleClient talks to it in
 * every charm test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContainerState } from "../state.js";
import type { FakePebbleRequest } from "./api.js";
import { PebbleApi, servePebble } from "./api.js";
import { FakeFilesystem } from "./filesystem.js";
import { ServiceManager } from "./services.js";

export type { FakePebbleRequest } from "./api.js";

export interface FakePebble {
  /** Where the fake listens (nothing listens there when the container cannot connect). */
  readonly socketPath: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly FakePebbleRequest[];
  /** The container as it stands now, as plain data. */
  snapshot(): ContainerState;
  close(): Promise<void>;
}

/** The in-memory container: the API over a FakeFilesystem and a ServiceManager. */
class FakeContainer {
  readonly api: PebbleApi;
  readonly #initial: ContainerState;
  readonly #files: FakeFilesystem;
  #services: ServiceManager | undefined;

  constructor(initial: ContainerState) {
    this.#initial = initial;
    this.#files = new FakeFilesystem(initial.files, initial.dirs ?? []);
    this.api = new PebbleApi({
      layers: initial.layers,
      files: this.#files,
      services: (plan, changes) => {
        this.#services = new ServiceManager(
          initial.serviceStatuses,
          plan,
          changes,
          initial.serviceStartErrors ?? {},
        );
        return this.#services;
      },
      ...(initial.checks === undefined ? {} : { checks: initial.checks }),
      ...(initial.notices === undefined ? {} : { notices: initial.notices }),
    });
  }

  snapshot(): ContainerState {
    // Nothing can have changed a container whose Pebble never listened.
    if (!this.#initial.canConnect) return this.#initial;
    const { files, dirs } = this.#files.snapshot();
    return {
      ...this.#initial,
      layers: this.api.layers(),
      serviceStatuses: this.#services?.statuses() ?? {},
      files,
      // Keep `dirs` absent when it was and still is empty, so an untouched container compares equal.
      ...(this.#initial.dirs !== undefined || dirs.length > 0 ? { dirs } : {}),
    };
  }
}

/** Starts a fake Pebble for one container; when `canConnect` is false nothing listens. */
export async function startFakePebble(initial: ContainerState): Promise<FakePebble> {
  // Built first: an invalid initial layer throws before anything is created on disk.
  const container = new FakeContainer(initial);
  const dir = await mkdtemp(join(tmpdir(), "fake-pebble-"));
  const socketPath = join(dir, "pebble.socket");
  const server = initial.canConnect ? await servePebble(container.api, socketPath) : undefined;
  return {
    socketPath,
    requests: container.api.requests,
    snapshot: () => container.snapshot(),
    async close() {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

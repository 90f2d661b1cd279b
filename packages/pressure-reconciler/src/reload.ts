/**
 * Re-reads the configuration file on demand (SIGHUP, a change seen by the file watcher, a token
 * the planner refused). Triggers are debounced and reloads never overlap; a file that is
 * unreadable, readable by others or invalid is refused with one line, and the service keeps
 * running on the last good configuration.
 */
import { isDeepStrictEqual } from "node:util";
import type { Config } from "./config.js";
import { readConfigFile } from "./config.js";
import type { Clock } from "./core/clock.js";
import { ConfigError } from "./errors.js";
import type { Logger } from "./logger.js";

export interface ReloaderOptions {
  readonly path: string;
  readonly initial: Config;
  readonly apply: (config: Config) => Promise<void>;
  readonly log: Logger;
  readonly clock: Clock;
  /** Charms write a file in several steps (write, chmod, rename): wait for them to settle. */
  readonly debounceMs?: number;
}

export class ConfigReloader {
  readonly #options: ReloaderOptions;
  #current: Config;
  #cancelDebounce: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(options: ReloaderOptions) {
    this.#options = options;
    this.#current = options.initial;
  }

  /** The configuration in force. */
  get current(): Config {
    return this.#current;
  }

  trigger(reason: string): void {
    this.#cancelDebounce?.();
    this.#cancelDebounce = this.#options.clock.schedule(this.#options.debounceMs ?? 200, () => {
      this.#cancelDebounce = undefined;
      void this.reloadNow(reason);
    });
  }

  /** Reloads at once; a reload asked for while one runs follows it. */
  async reloadNow(reason: string): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#reload(reason);
    try {
      await this.#running;
    } finally {
      this.#running = undefined;
    }
    if (this.#again) {
      this.#again = false;
      await this.reloadNow(reason);
    }
  }

  cancel(): void {
    this.#cancelDebounce?.();
  }

  async #reload(reason: string): Promise<void> {
    let next: Config;
    try {
      next = await readConfigFile(this.#options.path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#options.log.log("error", `${error.message}; keeping the last good configuration`, { reason });
      return;
    }
    if (isDeepStrictEqual(next, this.#current)) return;
    this.#current = next;
    await this.#options.apply(next);
  }
}

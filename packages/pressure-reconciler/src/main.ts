/**
 * The process: read the configuration, start the service, reload on SIGHUP or when the file
 * changes, stop cleanly on SIGTERM or SIGINT. Exit status 1 with one line on stderr when the
 * configuration or a start-up step is refused.
 */
import { watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import { readConfigFile } from "./config.js";
import { systemClock } from "./core/clock.js";
import { ConfigError, ServiceError } from "./errors.js";
import { streamLogger } from "./logger.js";
import type { LogLevel } from "./logger.js";
import { ConfigReloader } from "./reload.js";
import { PressureReconcilerService } from "./service.js";

export interface MainOptions {
  readonly config: string;
  readonly logLevel: LogLevel;
}

/** Watches the directory, not the file: a charm replaces the file by renaming a new one over it. */
function watchConfig(path: string, onChange: () => void): FSWatcher | undefined {
  try {
    const name = basename(path);
    return watch(dirname(path), (_event, changed) => {
      if (changed === null || changed === name) onChange();
    });
  } catch {
    return undefined;
  }
}

export async function main(options: MainOptions): Promise<number> {
  const log = streamLogger((line) => process.stderr.write(line), options.logLevel);
  // Listen first: a SIGTERM during start-up still gets a clean stop once started.
  const terminated = new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  let service: PressureReconcilerService;
  let reloader: ConfigReloader | undefined;
  try {
    const config = await readConfigFile(options.config);
    service = await PressureReconcilerService.start(config, {
      log,
      onPlannerAuthRefused: () => reloader?.trigger("the planner refused the token"),
    });
    reloader = new ConfigReloader({
      path: options.config,
      initial: config,
      apply: (next) => service.reload(next),
      log,
      clock: systemClock,
    });
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof ServiceError)) throw error;
    process.stderr.write(`pressure-reconciler: ${error.message}\n`);
    return 1;
  }
  const watcher = watchConfig(options.config, () => reloader.trigger("the configuration file changed"));
  const onHangup = (): void => reloader.trigger("SIGHUP");
  process.on("SIGHUP", onHangup);
  await terminated;
  process.off("SIGHUP", onHangup);
  watcher?.close();
  reloader.cancel();
  await service.stop();
  return 0;
}

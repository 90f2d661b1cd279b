/**
 * The GARM fake as a `garm` executable (`main.ts` is the entry the local Juju model's
 * `local:garm` image bundles): GARM's command line and config file, the API on `[apiserver] bind:port`, the providers
 * from `[[provider]]`, and the database in a state file keyed by the config's database, so a
 * restarted GARM, or another unit's, finds the same controller.
 */
import { parseGarmArgs, USAGE } from "./command-line.js";
import { GarmConfigFileError, readGarmConfig, stateFileFor } from "./config.js";
import { fakeControlEnabled } from "./fake-control-env.js";
import { startGarmFake } from "../garm-fake.js";
import { writeAccessLog } from "./access-log.js";

export const GARM_FAKE_VERSION = "v0.2.1-fake";

function fail(message: string): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

export async function garmMain(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const command = parseGarmArgs(args);
  if (command.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === "version") {
    process.stdout.write(`${GARM_FAKE_VERSION}\n`);
    return;
  }
  if (command.kind === "error") {
    process.stderr.write(`Error: ${command.message}\n${USAGE}\n`);
    process.exit(1);
  }
  let config;
  try {
    config = readGarmConfig(command.config, env);
  } catch (error) {
    if (error instanceof GarmConfigFileError) fail(error.message);
    throw error;
  }
  const stateFile = stateFileFor(config, env);
  const fake = await startGarmFake({
    listen: { host: config.apiserver.bind, port: config.apiserver.port },
    jwtSecret: config.jwt_auth.secret,
    metricsAuth: config.metrics?.disable_auth !== true,
    stateFile,
    fakeControl: fakeControlEnabled(env),
    onRequest: writeAccessLog,
    providers: config.provider.map((p) => ({
      name: p.name,
      type: p.provider_type,
      ...(p.description === undefined ? {} : { description: p.description }),
    })),
  }).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    return fail(
      code === "EADDRINUSE"
        ? `listen tcp ${config.apiserver.bind}:${String(config.apiserver.port)}: bind: address already in use`
        : `failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  process.stdout.write(
    `GARM (fake) listening on ${config.apiserver.bind}:${String(config.apiserver.port)}\n`,
  );
  const stop = (): void => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** Builds a HookContext over a RecordingRunner for the runtime's own model tests. */
import type { Env } from "../events.js";
import { parseJujuContext } from "../events.js";
import { HookToolSession } from "../hook-tools/session.js";
import { HookContext } from "../model/hook-context.js";
import { connectPebble } from "../pebble/index.js";
import { RecordingRunner } from "./recording-runner.js";

export const BASE_ENV: Env = {
  JUJU_DISPATCH_PATH: "hooks/config-changed",
  JUJU_UNIT_NAME: "garm/0",
  JUJU_MODEL_NAME: "ci",
  JUJU_MODEL_UUID: "f00d0000-0000-4000-8000-000000000001",
  JUJU_VERSION: "3.6.4",
};

export interface TestContext {
  readonly ctx: HookContext;
  readonly runner: RecordingRunner;
  readonly stderr: string[];
}

export function testContext(
  env: Env = {},
  options: { tmpDir?: string; runner?: RecordingRunner; withoutPebble?: boolean } = {},
): TestContext {
  const runner = options.runner ?? new RecordingRunner();
  const stderr: string[] = [];
  const ctx = new HookContext(
    parseJujuContext({ ...BASE_ENV, ...env }),
    new HookToolSession(runner, options.tmpDir ?? "/nonexistent"),
    {
      pebbleSocketPath: (name) => `/nonexistent/containers/${name}/pebble.socket`,
      pebble: options.withoutPebble === true ? undefined : connectPebble,
      stderr: (line) => stderr.push(line),
    },
  );
  return { ctx, runner, stderr };
}

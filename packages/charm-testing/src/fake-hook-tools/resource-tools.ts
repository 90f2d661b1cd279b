/**
 * `resource-get <name>`: the local path of a file resource. Juju downloads the resource on first
 * use and prints where it put it; the harness takes that path from `State.resources`.
 */
import { rejectExtraArgs } from "./argv.js";
import { runError, usageError } from "./errors.js";
import type { FakeTool } from "./tool.js";

const resourceGet: FakeTool = {
  options: [],
  run({ model, args }) {
    const [name, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    if (name === undefined) throw usageError("missing required resource name");
    if (model.meta.resources[name] === undefined) throw runError(`resource "${name}" not found`);
    const path = model.input.resources?.[name];
    if (path === undefined) {
      throw runError(`could not download resource: resource#${model.appName}/${name} not found`);
    }
    return { stdout: `${path}\n` };
  },
};

export const resourceTools: Readonly<Record<string, FakeTool>> = { "resource-get": resourceGet };

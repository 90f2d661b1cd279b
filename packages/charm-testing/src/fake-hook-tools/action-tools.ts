import { rejectExtraArgs } from "./argv.js";
import { runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import type { FakeModel } from "./model.js";
import type { FakeTool } from "./tool.js";
import { SILENT } from "./tool.js";

const KEY_SEGMENT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED_KEYS = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

function actionParams(model: FakeModel): Readonly<Record<string, unknown>> {
  const params = model.hook.actionParams;
  if (params === undefined) throw runError("not running an action");
  return params;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const actionGet: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    const params = actionParams(model);
    const [path, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    let value: unknown = params;
    if (path !== undefined) {
      for (const segment of path.split(".")) value = isRecord(value) ? value[segment] : undefined;
    }
    return { stdout: render(value ?? null, outputFormat(args, "smart")) };
  },
};

const actionSet: FakeTool = {
  options: [],
  run({ model, args }) {
    actionParams(model);
    if (args.positionals.length === 0) throw usageError("no key=value pairs specified");
    const updates: [string[], string][] = [];
    for (const pair of args.positionals) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw usageError(`argument "${pair}" must be of the form key...=value`);
      const key = pair.slice(0, eq);
      const segments = key.split(".");
      // Juju checks each dot-separated segment: its pattern, then the reserved words.
      for (const segment of segments) {
        if (!KEY_SEGMENT.test(segment)) {
          throw usageError(
            `key "${segment}" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`,
          );
        }
        if (RESERVED_KEYS.has(segment)) throw usageError(`cannot set reserved action key "${segment}"`);
      }
      updates.push([segments, pair.slice(eq + 1)]);
    }
    for (const [segments, value] of updates) {
      let node = model.actionResults;
      for (const segment of segments.slice(0, -1)) {
        const child = node[segment];
        if (isRecord(child)) node = child;
        else {
          const fresh: Record<string, unknown> = {};
          node[segment] = fresh;
          node = fresh;
        }
      }
      node[segments.at(-1) ?? ""] = value;
    }
    return SILENT;
  },
};

const actionLog: FakeTool = {
  options: [],
  run({ model, args }) {
    actionParams(model);
    if (args.positionals.length === 0) throw usageError("no message specified");
    model.actionLogs.push(args.positionals.join(" "));
    return SILENT;
  },
};

const actionFail: FakeTool = {
  options: [],
  run({ model, args }) {
    actionParams(model);
    const [message, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    model.actionFailure = message ?? "action failed without reason given, check action for errors";
    return SILENT;
  },
};

export const actionTools: Readonly<Record<string, FakeTool>> = {
  "action-get": actionGet,
  "action-set": actionSet,
  "action-log": actionLog,
  "action-fail": actionFail,
};

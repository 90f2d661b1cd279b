import { isTrue, rejectExtraArgs } from "./argv.js";
import { NOT_LEADER, runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import type { StatusName } from "../state.js";
import type { FakeTool } from "./tool.js";
import { SILENT } from "./tool.js";

const APPLICATION_OPTION = { names: ["application"], kind: "bool" } as const;
const SETTABLE: readonly StatusName[] = ["maintenance", "blocked", "waiting", "active"];

function isSettable(name: string): name is StatusName {
  return (SETTABLE as readonly string[]).includes(name);
}

const statusGet: FakeTool = {
  options: [FORMAT_OPTION, APPLICATION_OPTION, { names: ["include-data"], kind: "bool" }],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    const format = outputFormat(args, "smart");
    const unit = model.unitStatus;
    const unitEntry = { status: unit.name, message: unit.message, "status-data": {} };
    if (isTrue(args, "application")) {
      if (!model.leader) throw runError(NOT_LEADER);
      const app = model.appStatus;
      const value = {
        "application-status": {
          status: app.name,
          message: app.message,
          "status-data": {},
          units: { [model.unitName]: unitEntry },
        },
      };
      return { stdout: render(value, format) };
    }
    if (isTrue(args, "include-data")) return { stdout: render(unitEntry, format) };
    return { stdout: render(unit.name, format) };
  },
};

const statusSet: FakeTool = {
  options: [APPLICATION_OPTION],
  run({ model, args }) {
    const [name, message, ...extra] = args.positionals;
    if (name === undefined) throw usageError("invalid args, require <status> [message]");
    rejectExtraArgs(extra);
    if (!isSettable(name)) {
      throw usageError(`invalid status "${name}", expected one of [${SETTABLE.join(" ")}]`);
    }
    const status = { name, message: message ?? "" };
    if (isTrue(args, "application")) {
      if (!model.leader) throw runError(NOT_LEADER);
      model.setAppStatus(status);
    } else {
      model.setUnitStatus(status);
    }
    return SILENT;
  },
};

export const statusTools: Readonly<Record<string, FakeTool>> = {
  "status-get": statusGet,
  "status-set": statusSet,
};

import { rejectExtraArgs } from "./argv.js";
import { usageError } from "./errors.js";
import { FORMAT_OPTION } from "./format.js";
import type { FakeTool } from "./tool.js";
import { SILENT } from "./tool.js";

const LEVELS = new Set(["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]);

const jujuLog: FakeTool = {
  options: [FORMAT_OPTION, { names: ["l", "log-level"], kind: "string" }, { names: ["debug"], kind: "bool" }],
  run({ model, args }) {
    if (args.positionals.length === 0) throw usageError("no message specified");
    const message = args.positionals.join(" ");
    const requested = args.options.get("debug") === "true" ? "DEBUG" : (args.options.get("l") ?? "INFO");
    const level = requested.toUpperCase();
    // loggo downgrades an unknown level to INFO and says so on stderr.
    if (!LEVELS.has(level)) {
      model.log("INFO", message);
      return { stdout: "", stderr: `WARNING Specified log level of "${requested}" is not valid\n` };
    }
    model.log(level, message);
    return SILENT;
  },
};

const applicationVersionSet: FakeTool = {
  options: [],
  run({ model, args }) {
    const [version, ...extra] = args.positionals;
    if (version === undefined) throw usageError("no version specified");
    rejectExtraArgs(extra);
    model.setWorkloadVersion(version);
    return SILENT;
  },
};

export const logTools: Readonly<Record<string, FakeTool>> = {
  "juju-log": jujuLog,
  "application-version-set": applicationVersionSet,
};

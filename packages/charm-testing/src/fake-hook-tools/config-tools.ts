import { rejectExtraArgs } from "./argv.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import type { FakeTool } from "./tool.js";

const configGet: FakeTool = {
  options: [FORMAT_OPTION, { names: ["a", "all"], kind: "bool" }],
  run({ model, args }) {
    const [key, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    const format = outputFormat(args, "smart");
    if (key !== undefined) return { stdout: render(model.config[key] ?? null, format) };
    const all: Record<string, unknown> = { ...model.config };
    if (args.options.get("a") === "true") {
      // `--all` also lists options that have neither a value nor a default.
      for (const name of Object.keys(model.meta.config.options)) all[name] ??= null;
    }
    return { stdout: render(all, format) };
  },
};

const isLeader: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    return { stdout: render(model.leader, outputFormat(args, "smart")) };
  },
};

export const configTools: Readonly<Record<string, FakeTool>> = {
  "config-get": configGet,
  "is-leader": isLeader,
};

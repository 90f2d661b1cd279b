import { rejectExtraArgs } from "./argv.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import type { FakeTool } from "./tool.js";

/** The goal state as the harness sees it: this unit, and every related application and unit. */
const goalState: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    const active = { status: "active" };
    const relations: Record<string, Record<string, { status: string }>> = {};
    for (const relation of model.input.relations) {
      const entry = (relations[relation.endpoint] ??= {});
      entry[relation.remoteAppName] = { status: "joined" };
      for (const unit of model.remoteUnits(relation)) entry[unit] = { status: "active" };
    }
    const value = { units: { [model.unitName]: active }, relations };
    return { stdout: render(value, outputFormat(args, "smart")) };
  },
};

export const goalStateTools: Readonly<Record<string, FakeTool>> = { "goal-state": goalState };

import { rejectExtraArgs } from "./argv.js";
import { runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import { readSettings } from "./settings-input.js";
import type { FakeTool } from "./tool.js";
import { SILENT } from "./tool.js";

/** Juju's quota for charm state (quota.MaxCharmStateKeySize / MaxCharmStateValueSize). */
const MAX_KEY_BYTES = 256;
const MAX_VALUE_BYTES = 64 * 1024;

const stateGet: FakeTool = {
  options: [FORMAT_OPTION, { names: ["strict"], kind: "bool" }],
  run({ model, args }) {
    const [key, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    const format = outputFormat(args, "smart");
    if (key === undefined) {
      const all = { ...model.storedState };
      // Juju prints null, not {}, when the charm has no state yet.
      return { stdout: render(Object.keys(all).length === 0 ? null : all, format) };
    }
    const value = model.storedState[key];
    if (value === undefined && args.options.get("strict") === "true") throw runError(`"${key}" not found`);
    return { stdout: render(value ?? null, format) };
  },
};

const stateSet: FakeTool = {
  options: [{ names: ["file"], kind: "string" }],
  async run({ model, args, stdin }) {
    const changes = await readSettings(args.options.get("file"), stdin, args.positionals);
    for (const [key, value] of Object.entries(changes)) {
      if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
        throw runError(`key "${key.slice(0, 32)}..." exceeds the ${String(MAX_KEY_BYTES)} byte limit`);
      }
      if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
        throw runError(`value for key "${key}" exceeds the ${String(MAX_VALUE_BYTES)} byte limit`);
      }
    }
    Object.assign(model.storedState, changes);
    return SILENT;
  },
};

const stateDelete: FakeTool = {
  options: [],
  run({ model, args }) {
    const [key, ...extra] = args.positionals;
    if (key === undefined) throw usageError("no key specified");
    rejectExtraArgs(extra);
    Reflect.deleteProperty(model.storedState, key);
    return SILENT;
  },
};

export const stateTools: Readonly<Record<string, FakeTool>> = {
  "state-get": stateGet,
  "state-set": stateSet,
  "state-delete": stateDelete,
};

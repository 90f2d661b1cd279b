import { rejectExtraArgs } from "./argv.js";
import { runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import { storageLocation } from "../meta.js";
import type { StorageState } from "../state.js";
import type { FakeTool } from "./tool.js";
import { SILENT } from "./tool.js";

const STORAGE_ID = /^([a-z][a-z0-9-]*)\/(\d+)$/;

function storageId(storage: StorageState): string {
  return `${storage.name}/${String(storage.index)}`;
}

const storageGet: FakeTool = {
  options: [FORMAT_OPTION, { names: ["s"], kind: "string" }],
  run({ model, args }) {
    const [key, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    const id = args.options.get("s") ?? model.hook.storageId;
    if (id === undefined) throw usageError("no storage instance specified");
    if (!STORAGE_ID.test(id))
      throw usageError(`invalid value "${id}" for option -s: invalid storage ID "${id}"`);
    const storage = (model.input.storages ?? []).find((s) => storageId(s) === id);
    if (storage === undefined) throw runError(`storage "${id}" not found`);
    const info = {
      kind: model.meta.storage[storage.name]?.type ?? "filesystem",
      location: storageLocation(model.meta, storage),
    };
    if (key === undefined) return { stdout: render(info, outputFormat(args, "smart")) };
    if (key !== "kind" && key !== "location") throw usageError(`invalid storage attribute "${key}"`);
    return { stdout: render(info[key], outputFormat(args, "smart")) };
  },
};

const storageList: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    const [name, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    const ids = (model.input.storages ?? [])
      .filter((s) => name === undefined || s.name === name)
      .map(storageId);
    return { stdout: render(ids, outputFormat(args, "smart")) };
  },
};

const storageAdd: FakeTool = {
  options: [],
  run({ model, args }) {
    if (args.positionals.length === 0) throw usageError("storage add requires a storage directive");
    for (const directive of args.positionals) {
      const [name = "", countText] = directive.split("=", 2);
      const count = countText === undefined ? 1 : Number(countText);
      if (!Number.isInteger(count) || count < 1) throw usageError(`cannot parse count in "${directive}"`);
      if (!(name in model.meta.storage)) throw runError(`storage "${name}" not found`);
      model.requestStorage(name, count);
    }
    return SILENT;
  },
};

export const storageTools: Readonly<Record<string, FakeTool>> = {
  "storage-get": storageGet,
  "storage-list": storageList,
  "storage-add": storageAdd,
};

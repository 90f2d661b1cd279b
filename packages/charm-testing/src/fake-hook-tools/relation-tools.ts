import { isTrue, rejectExtraArgs } from "./argv.js";
import { PERMISSION_DENIED, runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import { RELATION_OPTION, resolveRelation } from "./relation-ref.js";
import { mergeSettings, readSettings } from "./settings-input.js";
import type { RelationState } from "../state.js";
import type { FakeModel } from "./model.js";
import type { FakeTool, ToolCall } from "./tool.js";
import { SILENT } from "./tool.js";

const APP_OPTION = { names: ["app"], kind: "bool" } as const;
const UNIT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*\/\d+$/;

const relationIds: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    const [given, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    const current = model.hook.relationId === undefined ? undefined : model.relation(model.hook.relationId);
    const endpoint = given ?? current?.state.endpoint;
    if (endpoint === undefined) throw usageError("no endpoint name specified");
    const ids = model
      .relationsOn(endpoint)
      .map((r) => r.id)
      .sort((a, b) => a - b)
      .map((id) => `${endpoint}:${String(id)}`);
    return { stdout: render(ids, outputFormat(args, "smart")) };
  },
};

const relationList: FakeTool = {
  options: [FORMAT_OPTION, RELATION_OPTION, APP_OPTION],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    const relation = resolveRelation(model, args);
    const value = isTrue(args, "app") ? relation.remoteAppName : model.remoteUnits(relation);
    return { stdout: render(value, outputFormat(args, "smart")) };
  },
};

type Bag = Readonly<Record<string, string>>;
type WorkingRelation = NonNullable<ReturnType<FakeModel["relation"]>>;

/** A unit or application name, and whether the app bag is meant. */
interface BagTarget {
  readonly name: string;
  readonly app: boolean;
}

/** Juju's defaulting with no unit-or-app argument: the hook's remote unit, else the remote app. */
function defaultBagTarget(model: FakeModel, relation: RelationState, app: boolean): BagTarget {
  const inHookRelation = model.hook.relationId === relation.id;
  if (!app && model.hook.remoteUnit !== undefined && inHookRelation)
    return { name: model.hook.remoteUnit, app };
  if (inHookRelation) return { name: relation.remoteAppName, app: true };
  throw usageError("no unit or application specified");
}

function checkBagTarget({ name, app }: BagTarget): void {
  if (name.includes("/")) {
    if (!UNIT_NAME.test(name)) throw usageError(`invalid unit name "${name}"`);
  } else if (!app) {
    throw usageError(`expected unit name, got application name "${name}"`);
  }
}

function appBag(model: FakeModel, relation: RelationState, working: WorkingRelation, name: string): Bag {
  const appName = name.split("/")[0] ?? name;
  if (appName === model.appName) {
    // Only the leader reads its own app bag, except on a peer relation where every unit may.
    const isPeer = relation.endpoint in model.meta.peers;
    if (!model.leader && !isPeer) throw runError(PERMISSION_DENIED);
    return working.localAppData;
  }
  if (appName === relation.remoteAppName) return relation.remoteAppData;
  throw runError(PERMISSION_DENIED);
}

function unitBag(model: FakeModel, relation: RelationState, working: WorkingRelation, name: string): Bag {
  if (name === model.unitName) return working.localUnitData;
  const [appName, unitNumber] = name.split("/");
  const bag = appName === relation.remoteAppName ? relation.remoteUnitsData[Number(unitNumber)] : undefined;
  if (bag === undefined) throw runError(`unknown unit ${name}`);
  return bag;
}

/** Which databag `relation-get` reads, after Juju's defaulting of the unit-or-app argument. */
function readableBag({ model, args }: ToolCall): Bag {
  const relation = resolveRelation(model, args);
  const [, given, ...extra] = args.positionals;
  rejectExtraArgs(extra);
  const app = isTrue(args, "app");
  const target = given === undefined ? defaultBagTarget(model, relation, app) : { name: given, app };
  checkBagTarget(target);
  const working = model.relation(relation.id);
  if (working === undefined) throw runError("relation not found");
  return target.app
    ? appBag(model, relation, working, target.name)
    : unitBag(model, relation, working, target.name);
}

const relationGet: FakeTool = {
  options: [FORMAT_OPTION, RELATION_OPTION, APP_OPTION],
  run(call) {
    const bag = readableBag(call);
    const key = call.args.positionals[0] ?? "-";
    const value = key === "-" ? { ...bag } : (bag[key] ?? null);
    return { stdout: render(value, outputFormat(call.args, "smart")) };
  },
};

const relationSet: FakeTool = {
  // `--format` is a deprecated no-op for relation-set; Juju accepts it with a warning.
  options: [FORMAT_OPTION, RELATION_OPTION, APP_OPTION, { names: ["file"], kind: "string" }],
  async run({ model, args, stdin }) {
    const relation = resolveRelation(model, args);
    const changes = await readSettings(args.options.get("file"), stdin, args.positionals);
    const working = model.relation(relation.id);
    if (working === undefined) throw runError("relation not found");
    if (isTrue(args, "app")) {
      if (!model.leader) throw runError("cannot write relation settings");
      mergeSettings(working.localAppData, changes);
    } else {
      mergeSettings(working.localUnitData, changes);
    }
    return args.options.has("format")
      ? { stdout: "", stderr: '--format flag deprecated for command "relation-set"\n' }
      : SILENT;
  },
};

const relationModelGet: FakeTool = {
  options: [FORMAT_OPTION, RELATION_OPTION],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    const relation = resolveRelation(model, args);
    const uuid = relation.remoteModelUuid ?? model.input.model.uuid;
    return { stdout: render({ uuid }, outputFormat(args, "smart")) };
  },
};

export const relationTools: Readonly<Record<string, FakeTool>> = {
  "relation-ids": relationIds,
  "relation-list": relationList,
  "relation-get": relationGet,
  "relation-set": relationSet,
  "relation-model-get": relationModelGet,
};

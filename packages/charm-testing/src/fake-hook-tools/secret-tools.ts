import { bareSecretId } from "@garm-charms/charm-runtime/internal";
import { isTrue, rejectExtraArgs } from "./argv.js";
import type { OptionSpec, ParsedArgs } from "./argv.js";
import { NOT_LEADER, PERMISSION_DENIED, runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import type { FakeModel, MutableSecret } from "./model.js";
import { relationById } from "./relation-ref.js";
import { parseExpire, parseRotatePolicy, readSecretContent } from "./secret-content.js";
import type { FakeTool } from "./tool.js";
import { SILENT } from "./tool.js";

const LABEL: OptionSpec = { names: ["label"], kind: "string" };
const METADATA_OPTIONS: readonly OptionSpec[] = [
  LABEL,
  { names: ["description"], kind: "string" },
  { names: ["expire"], kind: "string" },
  { names: ["rotate"], kind: "string" },
  { names: ["owner"], kind: "string" },
];

function notFound(reference: string): Error {
  return runError(`secret "${reference}" not found`);
}

function latest(secret: MutableSecret): number {
  return secret.revisions.at(-1)?.revision ?? 0;
}

function canRead(secret: MutableSecret): boolean {
  return secret.owner !== null || secret.granted !== false;
}

/** The secret `id` names, for a change: owners only, an application-owned one only through the leader. */
function managedSecret(model: FakeModel, id: string): MutableSecret {
  const secret = model.findSecretById(id);
  if (secret === undefined) throw notFound(id);
  if (secret.owner === null) throw runError(PERMISSION_DENIED);
  if (secret.owner === "app" && !model.leader) throw runError(NOT_LEADER);
  return secret;
}

function lookup(model: FakeModel, id: string | undefined, label: string | undefined): MutableSecret {
  if (id !== undefined) {
    const secret = model.findSecretById(id);
    if (secret === undefined) throw notFound(id);
    return secret;
  }
  if (label === undefined) throw usageError("require either a secret URI or label");
  const secret = model.findSecretByLabel(label);
  if (secret === undefined) throw notFound(label);
  return secret;
}

/** Applies `--label/--description/--expire/--rotate`; returns whether any was given. */
function applyMetadata(model: FakeModel, secret: MutableSecret, args: ParsedArgs): boolean {
  const label = args.options.get("label");
  const description = args.options.get("description");
  const expire = args.options.get("expire");
  const rotate = args.options.get("rotate");
  if (label !== undefined) {
    const clash = model.findSecretByLabel(label);
    if (clash !== undefined && clash !== secret && clash.owner !== null) {
      throw runError(`secret with label "${label}" already exists`);
    }
    secret.label = label;
  }
  if (description !== undefined) secret.description = description;
  if (expire !== undefined) secret.expire = parseExpire(expire);
  if (rotate !== undefined) secret.rotate = parseRotatePolicy(rotate);
  return [label, description, expire, rotate].some((v) => v !== undefined);
}

function parseOwner(args: ParsedArgs): "app" | "unit" {
  const owner = args.options.get("owner") ?? "application";
  if (owner === "application") return "app";
  if (owner === "unit") return "unit";
  throw usageError(`secret owner "${owner}" not valid`);
}

const secretAdd: FakeTool = {
  options: METADATA_OPTIONS,
  async run({ model, args }) {
    const owner = parseOwner(args);
    if (args.positionals.length === 0) throw usageError("missing secret value");
    const content = await readSecretContent(args.positionals);
    if (owner === "app" && !model.leader) throw runError(NOT_LEADER);
    const secret: MutableSecret = {
      id: model.mintSecretUri(),
      owner,
      revisions: [{ revision: 1, content }],
      trackedRevision: 1,
      grants: {},
    };
    applyMetadata(model, secret, args);
    model.secrets.push(secret);
    return { stdout: `${secret.id}\n` };
  },
};

/** `secret-get [<ID>] [<key>[#base64]]`: with --label the URI is optional, so a lone non-URI is a key. */
function secretGetTarget(args: ParsedArgs): { id: string | undefined; key: string | undefined } {
  const label = args.options.get("label");
  const positionals = [...args.positionals];
  const id =
    label !== undefined && positionals.length === 1 && !positionals[0]?.startsWith("secret:")
      ? undefined
      : positionals.shift();
  const [key, ...extra] = positionals;
  rejectExtraArgs(extra);
  return { id, key };
}

/** The content secret-get shows, moving the tracked revision on `--refresh`. */
function readContent(
  secret: MutableSecret,
  refresh: boolean,
  peek: boolean,
): Readonly<Record<string, string>> {
  const newest = latest(secret);
  if (refresh) secret.trackedRevision = newest;
  const wanted = refresh || peek ? newest : secret.trackedRevision;
  const revision = secret.revisions.find((r) => r.revision === wanted) ?? secret.revisions.at(-1);
  return revision?.content ?? {};
}

/** One key's value (`key#base64` encodes it), or the whole content when no key is named. */
function selectValue(content: Readonly<Record<string, string>>, key: string | undefined): unknown {
  if (key === undefined) return { ...content };
  const [name = "", encoding] = key.split("#", 2);
  const value = content[name];
  if (value === undefined) throw runError(`secret key "${name}" not found`);
  return encoding === "base64" ? Buffer.from(value).toString("base64") : value;
}

const secretGet: FakeTool = {
  options: [FORMAT_OPTION, LABEL, { names: ["refresh"], kind: "bool" }, { names: ["peek"], kind: "bool" }],
  run({ model, args }) {
    const label = args.options.get("label");
    const { id, key } = secretGetTarget(args);
    const refresh = isTrue(args, "refresh");
    const peek = isTrue(args, "peek");
    if (refresh && peek) throw usageError("specify one of --peek or --refresh but not both");
    const secret = lookup(model, id, label);
    if (!canRead(secret)) throw runError(PERMISSION_DENIED);
    if (id !== undefined && label !== undefined) secret.label = label;
    const content = readContent(secret, refresh, peek);
    const format = outputFormat(args, "yaml");
    return { stdout: render(selectValue(content, key), format) };
  },
};

/** What secret-info-get prints for one secret: optional fields only when set. */
function secretInfo(secret: MutableSecret): Record<string, unknown> {
  const access = Object.entries(secret.grants).flatMap(([rid, names]) =>
    names.map((name) => ({
      target: name.includes("/") ? `unit-${name.replace("/", "-")}` : `application-${name}`,
      scope: `relation-${rid}`,
      role: "view",
    })),
  );
  const info: Record<string, unknown> = {
    revision: latest(secret),
    owner: secret.owner === "app" ? "application" : "unit",
  };
  if (secret.label !== undefined) info["label"] = secret.label;
  if (secret.description !== undefined) info["description"] = secret.description;
  if (secret.rotate !== undefined) info["rotation"] = secret.rotate;
  if (secret.expire !== undefined) info["expiry"] = secret.expire;
  if (access.length > 0) info["access"] = access;
  return info;
}

const secretInfoGet: FakeTool = {
  options: [FORMAT_OPTION, LABEL],
  run({ model, args }) {
    const [id, ...extra] = args.positionals;
    rejectExtraArgs(extra);
    const label = args.options.get("label");
    if (id !== undefined && label !== undefined)
      throw usageError("specify either a secret URI or label but not both");
    if (id === undefined && label === undefined) throw usageError("specify a secret URI or label");
    const secret = lookup(model, id, label);
    // Metadata is only for owners: the unit, or the leader for an application-owned secret.
    if (secret.owner === null || (secret.owner === "app" && !model.leader)) throw notFound(id ?? label ?? "");
    return { stdout: render({ [bareSecretId(secret.id)]: secretInfo(secret) }, outputFormat(args, "yaml")) };
  },
};

const secretSet: FakeTool = {
  options: METADATA_OPTIONS,
  async run({ model, args }) {
    const [id, ...pairs] = args.positionals;
    if (id === undefined) throw usageError("missing secret URI");
    const content = await readSecretContent(pairs);
    const hasMetadata = ["label", "description", "expire", "rotate"].some((o) => args.options.has(o));
    if (pairs.length === 0 && !hasMetadata)
      throw usageError("at least one attribute to update must be specified");
    const secret = managedSecret(model, id);
    applyMetadata(model, secret, args);
    if (pairs.length > 0) {
      const current = secret.revisions.at(-1)?.content ?? {};
      const same =
        Object.keys(current).length === Object.keys(content).length &&
        Object.entries(content).every(([k, v]) => current[k] === v);
      // Juju 3.6+ does not make a revision for identical content.
      if (!same) {
        const revision = latest(secret) + 1;
        secret.revisions.push({ revision, content });
        secret.trackedRevision = revision;
      }
    }
    return SILENT;
  },
};

function grantTargetCheck(
  model: FakeModel,
  relationRef: string,
  unit: string | undefined,
): { rid: number; app: string } {
  const relation = relationById(model, relationRef);
  if (unit !== undefined && unit.split("/")[0] !== relation.remoteAppName) {
    throw runError(`unit "${unit}" is not a member of application "${relation.remoteAppName}"`);
  }
  return { rid: relation.id, app: relation.remoteAppName };
}

const secretGrant: FakeTool = {
  options: [
    { names: ["r", "relation"], kind: "string" },
    { names: ["unit"], kind: "string" },
  ],
  run({ model, args }) {
    const [id, ...extra] = args.positionals;
    if (id === undefined) throw usageError("missing secret URI");
    rejectExtraArgs(extra);
    const relationRef = args.options.get("r");
    if (relationRef === undefined) throw usageError("missing relation");
    const unit = args.options.get("unit");
    const { rid, app } = grantTargetCheck(model, relationRef, unit);
    const secret = managedSecret(model, id);
    const grantees = (secret.grants[rid] ??= []);
    const grantee = unit ?? app;
    if (!grantees.includes(grantee)) grantees.push(grantee);
    return SILENT;
  },
};

/** `--relation`, `--app` and `--unit` of secret-revoke, in the combinations Juju accepts. */
function revokeTarget(args: ParsedArgs): {
  relationRef: string | undefined;
  app: string | undefined;
  unit: string | undefined;
} {
  const relationRef = args.options.get("r");
  const app = args.options.get("app");
  const unit = args.options.get("unit");
  if (relationRef !== undefined && app !== undefined)
    throw usageError("do not specify both --relation and --app");
  if (app !== undefined && unit !== undefined) throw usageError("do not specify both --app and --unit");
  if (relationRef === undefined && app === undefined && unit === undefined) {
    throw usageError("missing relation or application or unit");
  }
  return { relationRef, app, unit };
}

/** Who keeps a grant: all but the unit, or all but the app and its units; nobody for a whole relation. */
function remainingGrantees(
  grantees: readonly string[],
  app: string | undefined,
  unit: string | undefined,
): string[] {
  if (unit !== undefined) return grantees.filter((g) => g !== unit);
  if (app !== undefined) return grantees.filter((g) => g !== app && !g.startsWith(`${app}/`));
  return [];
}

const secretRevoke: FakeTool = {
  options: [
    { names: ["r", "relation"], kind: "string" },
    { names: ["app"], kind: "string" },
    { names: ["unit"], kind: "string" },
  ],
  run({ model, args }) {
    const [id, ...extra] = args.positionals;
    if (id === undefined) throw usageError("missing secret URI");
    rejectExtraArgs(extra);
    const { relationRef, app, unit } = revokeTarget(args);
    const rid = relationRef === undefined ? undefined : relationById(model, relationRef).id;
    const secret = managedSecret(model, id);
    for (const [key, grantees] of Object.entries(secret.grants)) {
      if (rid !== undefined && Number(key) !== rid) continue;
      const remaining = remainingGrantees(grantees, app, unit);
      if (remaining.length === 0) Reflect.deleteProperty(secret.grants, key);
      else secret.grants[Number(key)] = remaining;
    }
    return SILENT;
  },
};

const secretRemove: FakeTool = {
  options: [{ names: ["revision"], kind: "string" }],
  run({ model, args }) {
    const [id, ...extra] = args.positionals;
    if (id === undefined) throw usageError("missing secret URI");
    rejectExtraArgs(extra);
    const revisionText = args.options.get("revision");
    if (revisionText !== undefined && !/^[1-9]\d*$/.test(revisionText)) {
      throw usageError(`invalid value "${revisionText}" for option --revision`);
    }
    const secret = managedSecret(model, id);
    const removed =
      revisionText === undefined
        ? secret.revisions
        : secret.revisions.filter((r) => r.revision === Number(revisionText));
    if (removed.length === 0) throw runError(`secret revision ${revisionText ?? ""} not found`);
    for (const r of removed) model.removedSecretRevisions.push({ id: secret.id, revision: r.revision });
    secret.revisions = secret.revisions.filter((r) => !removed.includes(r));
    if (secret.revisions.length === 0) model.secrets.splice(model.secrets.indexOf(secret), 1);
    return SILENT;
  },
};

const secretIds: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    const owned = model.secrets.filter((s) => s.owner !== null).map((s) => bareSecretId(s.id));
    // Juju prints null rather than [] when the unit owns no secrets.
    return { stdout: render(owned.length === 0 ? null : owned, outputFormat(args, "yaml")) };
  },
};

export const secretTools: Readonly<Record<string, FakeTool>> = {
  "secret-add": secretAdd,
  "secret-get": secretGet,
  "secret-info-get": secretInfoGet,
  "secret-set": secretSet,
  "secret-grant": secretGrant,
  "secret-revoke": secretRevoke,
  "secret-remove": secretRemove,
  "secret-ids": secretIds,
};

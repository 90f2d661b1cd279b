/** What the read commands print, in Juju's shapes (`--format=json`) and its tabular layout. */
import type { CharmMeta } from "@garm-charms/charm-testing";
import type { Application, EntityStatus, ModelState, Secret, Unit } from "./model.js";
import { appOfUnit, relationEnds, unitsOf } from "./model.js";
import { unitDefaults } from "./project.js";

const SEVERITY = ["unknown", "active", "waiting", "maintenance", "blocked", "error"];
const JUJU_VERSION = "3.6.8";

function statusJson(s: EntityStatus): Record<string, string> {
  return s.message === ""
    ? { current: s.current, since: s.since }
    : { current: s.current, message: s.message, since: s.since };
}

/** The workload status Juju reports: `error` with the failed hook while the unit is in error. */
export function workloadStatus(unit: Unit): EntityStatus {
  if (unit.failedHook === undefined) return unit.workload;
  return { current: "error", message: unit.agent.message, since: unit.agent.since };
}

/** Juju derives the application status from its units' when the leader set none. */
export function applicationStatus(app: Application, model: ModelState): EntityStatus {
  const units = unitsOf(model, app.name).map(workloadStatus);
  if (app.status.current !== "unknown" && !units.some((u) => u.current === "error")) return app.status;
  const worst = units.reduce<EntityStatus | undefined>(
    (acc, s) => (acc === undefined || SEVERITY.indexOf(s.current) > SEVERITY.indexOf(acc.current) ? s : acc),
    undefined,
  );
  return worst ?? app.status;
}

function portsOf(unit: Unit): string[] {
  return unit.openedPorts.map((p) => (p.protocol === "icmp" ? "icmp" : `${String(p.port)}/${p.protocol}`));
}

function unitJson(app: Application, unit: Unit): Record<string, unknown> {
  const agent = {
    current: unit.agent.current,
    since: unit.agent.since,
    version: JUJU_VERSION,
    ...(unit.agent.message === "" ? {} : { message: unit.agent.message }),
  };
  return {
    "workload-status": statusJson(workloadStatus(unit)),
    "juju-status": agent,
    ...(app.leader === unit.name ? { leader: true } : {}),
    address: unit.address,
    ...(unit.openedPorts.length > 0 ? { "open-ports": portsOf(unit) } : {}),
    "provider-id": `${unit.name.replace("/", "-")}`,
  };
}

function relationsJson(model: ModelState, app: Application): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const relation of model.relations) {
    const ends = relationEnds(relation, app.name);
    if (ends === undefined) continue;
    const list = (out[ends.local.endpoint] ??= []);
    list.push({ "related-application": ends.remote.app, interface: relation.interface, scope: "global" });
  }
  return out;
}

function applicationJson(model: ModelState, app: Application): Record<string, unknown> {
  return {
    charm: `local:${app.charmName}-${String(app.charmRev)}`,
    "charm-origin": "local",
    "charm-name": app.charmName,
    "charm-rev": app.charmRev,
    exposed: false,
    ...(app.life === "dying" ? { life: "dying" } : {}),
    "application-status": statusJson(applicationStatus(app, model)),
    relations: relationsJson(model, app),
    units: Object.fromEntries(unitsOf(model, app.name).map((u) => [u.name, unitJson(app, u)])),
    scale: Object.keys(app.units).length,
    "endpoint-bindings": {},
  };
}

export function statusDocument(model: ModelState): Record<string, unknown> {
  return {
    model: {
      name: model.name,
      type: "caas",
      controller: "juju-local",
      cloud: "local",
      region: "localhost",
      version: JUJU_VERSION,
      "model-status": { current: "available", since: "" },
      sla: "unsupported",
    },
    machines: {},
    applications: Object.fromEntries(
      Object.values(model.applications).map((a) => [a.name, applicationJson(model, a)]),
    ),
    "application-endpoints": {},
    offers: {},
    controller: { timestamp: new Date().toISOString().slice(11, 19) },
  };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function appAndUnitRows(model: ModelState): { apps: string[][]; units: string[][] } {
  const apps = [["App", "Version", "Status", "Scale", "Charm", "Rev", "Message"]];
  const units = [["Unit", "Workload", "Agent", "Address", "Ports", "Message"]];
  for (const app of Object.values(model.applications)) {
    const s = applicationStatus(app, model);
    const version = unitsOf(model, app.name).find((u) => u.workloadVersion !== "")?.workloadVersion ?? "";
    apps.push([
      app.name,
      version,
      s.current,
      String(Object.keys(app.units).length),
      app.charmName,
      String(app.charmRev),
      s.message,
    ]);
    for (const unit of unitsOf(model, app.name)) {
      const w = workloadStatus(unit);
      const leader = app.leader === unit.name ? "*" : "";
      units.push([
        `${unit.name}${leader}`,
        w.current,
        unit.agent.current,
        unit.address,
        portsOf(unit).join(","),
        w.message,
      ]);
    }
  }
  return { apps, units };
}

function relationRows(model: ModelState): string[][] {
  const rows = [["Integration provider", "Requirer", "Interface", "Type"]];
  for (const r of model.relations) {
    const provider = r.ends.find((e) => e.role !== "requirer") ?? r.ends[0];
    const requirer = r.ends.find((e) => e !== provider) ?? provider;
    const name = (e: typeof provider): string => `${e?.app ?? ""}:${e?.endpoint ?? ""}`;
    rows.push([name(provider), name(requirer), r.interface, r.ends.length === 1 ? "peer" : "regular"]);
  }
  return rows;
}

/** `juju status` without --format: the model line, then applications, units and integrations. */
export function statusTable(model: ModelState): string {
  const head = table([
    ["Model", "Controller", "Cloud/Region", "Version"],
    [model.name, "juju-local", "local/localhost", JUJU_VERSION],
  ]);
  const { apps, units } = appAndUnitRows(model);
  const relations = relationRows(model);
  const parts = [head, table(apps), table(units)];
  if (relations.length > 1) parts.push(table(relations));
  return `${parts.join("\n\n")}\n`;
}

/** `juju show-unit --format=json`: relation-info with the related side's databags, as Juju prints it. */
export function showUnitDocument(model: ModelState, unit: Unit): Record<string, unknown> {
  const app = model.applications[appOfUnit(unit.name)];
  const relationInfo = model.relations
    .filter((r) => app !== undefined && relationEnds(r, app.name) !== undefined)
    .map((r) => {
      const ends = relationEnds(r, appOfUnit(unit.name));
      const related = (r.joined[unit.name] ?? []).map((name) => [
        name,
        { "in-scope": true, data: r.unitData[name] ?? unitDefaults(model, name) },
      ]);
      return {
        "relation-id": r.id,
        endpoint: ends?.local.endpoint,
        "related-endpoint": ends?.remote.endpoint,
        "application-data": r.appData[ends?.remote.app ?? ""] ?? {},
        "local-unit": { "in-scope": true, data: r.unitData[unit.name] ?? unitDefaults(model, unit.name) },
        "related-units": Object.fromEntries(related),
      };
    });
  return {
    [unit.name]: {
      "workload-version": unit.workloadVersion,
      "opened-ports": portsOf(unit),
      charm: app === undefined ? "" : `local:${app.charmName}-${String(app.charmRev)}`,
      leader: app?.leader === unit.name,
      life: unit.life,
      "relation-info": relationInfo,
      "provider-id": unit.name.replace("/", "-"),
      address: unit.address,
    },
  };
}

/** A user secret's owner prints as `user`; a charm's as its application or unit. */
export function secretOwner(secret: Secret): string {
  return secret.owner.kind === "model" ? "user" : secret.owner.name;
}

export function secretDocument(secret: Secret, reveal: boolean): Record<string, unknown> {
  const latest = secret.revisions.at(-1);
  return {
    revision: latest?.revision ?? 0,
    owner: secretOwner(secret),
    ...(secret.description === undefined ? {} : { description: secret.description }),
    ...(secret.name === undefined ? {} : { name: secret.name }),
    ...(secret.label === undefined ? {} : { label: secret.label }),
    created: secret.created,
    updated: secret.updated,
    ...(reveal ? { content: { Data: latest?.content ?? {} } } : {}),
  };
}

/** `juju config <app> --format=json`. */
export function configDocument(app: Application, meta: CharmMeta): Record<string, unknown> {
  const settings = Object.fromEntries(
    Object.entries(meta.config.options).map(([key, option]) => {
      const user = app.config[key];
      const entry: Record<string, unknown> = {
        description: option.description ?? "",
        source: user !== undefined ? "user" : option.default !== undefined ? "default" : "unset",
        type: option.type,
      };
      if (option.default !== undefined) entry["default"] = option.default;
      const value = user ?? option.default;
      if (value !== undefined) entry["value"] = value;
      return [key, entry];
    }),
  );
  return {
    application: app.name,
    charm: app.charmName,
    "application-config": {
      trust: {
        default: false,
        description: "Does this application have access to trusted credentials",
        source: app.trust ? "user" : "default",
        type: "bool",
        value: app.trust,
      },
    },
    settings,
  };
}

/**
 * One configurator unit's databag, judged: a follower (a non-leader unit whose leader publishes),
 * ready (complete, valid, its key secret readable, its extra specs rendered), or not ready, with
 * the problem to report and the names it claims. Claims of a not-ready unit are read leniently
 * (better protect too much), and its provider comes from its Juju unit name, never from the
 * databag it may have corrupted.
 */
import {
  GARM_CONFIGURATOR_LEADER_KEYS,
  type ConfiguratorUnitData,
  type ConfiguratorUnitDataRead,
} from "@garm-charms/interfaces";
import type { OsArch } from "@garm-charms/garm-client";
import {
  buildPreInstallExtraSpecs,
  PreInstallScriptOrderError,
  UnsafeRunnerOptionError,
} from "../runner-template/index.js";
import {
  entityKey,
  toRunnerTemplateOptions,
  type ConfiguratorUnit,
  type DesiredCredential,
} from "./model.js";
import type { ScalesetExtraSpecs } from "./model.js";
import { credentialName, privateKeyFingerprint, scalesetTemplateName } from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";

export interface Claims {
  readonly scalesets: Set<string>;
  readonly providers: Set<string>;
  readonly entities: Set<string>;
  readonly credentials: Set<string>;
  readonly templates: Set<string>;
}

export const emptyClaims = (): Claims => ({
  scalesets: new Set(),
  providers: new Set(),
  entities: new Set(),
  credentials: new Set(),
  templates: new Set(),
});

export interface ReadyUnit {
  readonly kind: "ready";
  readonly data: ConfiguratorUnitData;
  readonly osArch: OsArch;
  readonly extraSpecs: ScalesetExtraSpecs;
  readonly credential: DesiredCredential;
}

export type UnitVerdict =
  | { readonly kind: "follower" }
  | ReadyUnit
  | { readonly kind: "not-ready"; readonly claims: Claims; readonly problem: ReconcileProblem };

/** Private keys are read once per credential name. */
export interface SecretCache {
  readonly read: (uri: string) => Promise<string | undefined>;
  readonly known: ReadonlyMap<string, DesiredCredential>;
}

const OS_ARCHES: readonly OsArch[] = ["amd64", "arm64", "arm", "i386"];
const LEFT = "its GARM objects are left as they are";

function isOsArch(value: string): value is OsArch {
  return (OS_ARCHES as readonly string[]).includes(value);
}

const LEADER_KEYS: ReadonlySet<string> = new Set(GARM_CONFIGURATOR_LEADER_KEYS);

function publishesLeaderKeys(databag: Readonly<Record<string, string>>): boolean {
  return GARM_CONFIGURATOR_LEADER_KEYS.some((key) => (databag[key] ?? "") !== "");
}

/** One relation is one configurator application; its leader is the unit with the leader keys. */
export function relationsWithLeaderData(units: readonly ConfiguratorUnit[]): Set<number> {
  return new Set(units.filter((unit) => publishesLeaderKeys(unit.databag)).map((unit) => unit.relationId));
}

/** Complete but for the leader-only keys, of which it publishes none: a non-leader unit. */
function hasFollowerShape(unit: ConfiguratorUnit, read: ConfiguratorUnitDataRead): boolean {
  if (read.ok || read.state !== "incomplete") return false;
  const { missing } = read;
  return (
    missing.length > 0 && missing.every((key) => LEADER_KEYS.has(key)) && !publishesLeaderKeys(unit.databag)
  );
}

/** What a not-ready unit's raw databag says it owns, plus the provider its unit name gives it. */
function rawClaims(unit: ConfiguratorUnit, scalesetName: string | undefined): Claims {
  const claims = emptyClaims();
  const bag = unit.databag;
  if (scalesetName !== undefined) {
    claims.scalesets.add(scalesetName);
    claims.templates.add(scalesetTemplateName(scalesetName));
  }
  claims.providers.add(unit.providerName);
  if (bag.org) claims.entities.add(entityKey("organization", bag.org));
  if (bag.repo) claims.entities.add(entityKey("repository", bag.repo));
  const appId = Number(bag.github_app_id);
  const installationId = Number(bag.github_installation_id);
  if (
    Number.isSafeInteger(appId) &&
    Number.isSafeInteger(installationId) &&
    appId > 0 &&
    installationId > 0
  ) {
    claims.credentials.add(credentialName(appId, installationId));
  }
  return claims;
}

function readyClaims(unit: ConfiguratorUnit, data: ConfiguratorUnitData): Claims {
  const claims = rawClaims(unit, data.scaleset.name);
  claims.entities.add(entityKey(data.scaleset.target.kind, data.scaleset.target.name));
  claims.credentials.add(credentialName(data.githubApp.appId, data.githubApp.installationId));
  return claims;
}

function notReady(
  claims: Claims,
  subject: string,
  message: string,
  severity: "waiting" | "blocked",
): UnitVerdict {
  return { kind: "not-ready", claims, problem: problem(subject, message, severity) };
}

function unreadable(unit: ConfiguratorUnit, read: ConfiguratorUnitDataRead, leader: boolean): UnitVerdict {
  const subject = `unit ${unit.unitName}`;
  const claims = rawClaims(unit, read.scalesetName);
  if (read.ok) throw new TypeError("unreadable() called for a complete unit");
  if (hasFollowerShape(unit, read) && !leader) {
    const message = `waiting for the leader of ${unit.appName} to publish the provider and GitHub App (only a configurator's leader does); ${LEFT}`;
    return notReady(claims, subject, message, "waiting");
  }
  const detail = read.problems.map((p) => p.message).join("; ");
  return read.state === "incomplete"
    ? notReady(claims, subject, `still publishing (${detail}); ${LEFT}`, "waiting")
    : notReady(claims, subject, `published invalid data (${detail}); ${LEFT}`, "blocked");
}

/** The checks past the interface reader: architecture, extra specs. */
function checkComplete(
  unit: ConfiguratorUnit,
  data: ConfiguratorUnitData,
): { ok: true; osArch: OsArch; extraSpecs: ScalesetExtraSpecs } | { ok: false; verdict: UnitVerdict } {
  const claims = readyClaims(unit, data);
  const osArch = data.scaleset.osArch;
  if (!isOsArch(osArch)) {
    const message = `os_arch must be one of ${OS_ARCHES.join(", ")}; ${LEFT}`;
    return { ok: false, verdict: notReady(claims, `unit ${unit.unitName}`, message, "blocked") };
  }
  try {
    const options = toRunnerTemplateOptions(data.scaleset.runner);
    const extraSpecs = { ...buildPreInstallExtraSpecs(data.scaleset.preInstallScripts, options) };
    return { ok: true, osArch, extraSpecs };
  } catch (err) {
    if (!(err instanceof UnsafeRunnerOptionError || err instanceof PreInstallScriptOrderError)) throw err;
    const message = `${err.message}; the scaleset is left as it is`;
    return { ok: false, verdict: notReady(claims, `scaleset ${data.scaleset.name}`, message, "blocked") };
  }
}

async function credentialOf(data: ConfiguratorUnitData, secrets: SecretCache) {
  const name = credentialName(data.githubApp.appId, data.githubApp.installationId);
  const known = secrets.known.get(name);
  if (known !== undefined) return known;
  const pem = await secrets.read(data.githubApp.privateKeySecretUri);
  if (pem === undefined || pem.trim() === "") return undefined;
  return {
    name,
    appId: data.githubApp.appId,
    installationId: data.githubApp.installationId,
    privateKeyPem: pem,
    keyFingerprint: privateKeyFingerprint(pem),
  };
}

/** Judges one unit; `leader` says whether its relation has a unit publishing the leader keys. */
export async function classifyUnit(
  unit: ConfiguratorUnit,
  leader: boolean,
  secrets: SecretCache,
): Promise<UnitVerdict> {
  const { read } = unit;
  if (!read.ok && leader && hasFollowerShape(unit, read)) return { kind: "follower" };
  if (!read.ok) return unreadable(unit, read, leader);
  const checked = checkComplete(unit, read.value);
  if (!checked.ok) return checked.verdict;
  const credential = await credentialOf(read.value, secrets);
  if (credential === undefined) {
    const message = `the GitHub App private key secret cannot be read yet; ${LEFT}`;
    return notReady(readyClaims(unit, read.value), `unit ${unit.unitName}`, message, "waiting");
  }
  // The provider is the one the workload registers for this unit, whatever provider_name says.
  const data = { ...read.value, providerName: unit.providerName };
  return { kind: "ready", data, osArch: checked.osArch, extraSpecs: checked.extraSpecs, credential };
}

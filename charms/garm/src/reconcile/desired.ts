/**
 * Desired GARM objects from every unit of every related garm-configurator application. Each
 * databag is re-read with the interface's reader (untrusted input). A unit that is still
 * publishing, publishes something invalid or whose private key cannot be read yet contributes
 * nothing, and every name it claims becomes "protected": no diff may change or delete those.
 *
 * A configurator's non-leader units publish the scaleset but never the provider or GitHub App
 * keys (only the leader has the secrets). While a unit of the same relation publishes those keys,
 * such a "follower" is complete as far as it will ever be: it creates nothing, protects nothing
 * (its leader's claims already do) and is not a problem. Without any such unit it is waiting.
 */
import {
  formatPortRanges,
  GARM_CONFIGURATOR_LEADER_KEYS,
  readGarmConfiguratorUnitData,
  type ConfiguratorUnitData,
  type RunnerOptions as PublishedRunnerOptions,
} from "@garm-charms/interfaces";
import type { OsArch } from "@garm-charms/garm-client";
import type { RunnerOptions } from "../runner-template/index.js";
import { credentialName, privateKeyFingerprint, scalesetTemplateName } from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";

/** One remote configurator unit as the charm saw it in this hook. */
export interface ConfiguratorUnitInput {
  readonly relationId: number;
  readonly appName: string;
  /** `garm-configurator/0`. */
  readonly unitName: string;
  readonly databag: Readonly<Record<string, string>>;
}

export type EntityKind = "organization" | "repository";

export interface DesiredCredential {
  readonly name: string;
  readonly appId: number;
  readonly installationId: number;
  readonly privateKeyPem: string;
  readonly keyFingerprint: string;
}

export interface DesiredEntity {
  readonly kind: EntityKind;
  /** `org` or `owner/repo`. */
  readonly name: string;
  readonly credentialsName: string;
}

export interface DesiredScaleset {
  readonly name: string;
  readonly unitName: string;
  readonly providerName: string;
  readonly image: string;
  readonly flavor: string;
  readonly osArch: OsArch;
  readonly minIdleRunners: number;
  readonly maxRunners: number;
  /** Sorted, as the charm sends them. */
  readonly labels: readonly string[];
  /** GitHub's `Default` when the configurator sets none. */
  readonly runnerGroup: string;
  readonly entity: { readonly kind: EntityKind; readonly name: string };
  readonly preInstallScripts: Readonly<Record<string, string>>;
  readonly runnerOptions: RunnerOptions;
}

/** Names of objects that belong to units whose data cannot be acted on right now. */
export interface ProtectedNames {
  readonly scalesets: ReadonlySet<string>;
  /** Scale sets on these providers are protected too (unless a ready unit claims them by name). */
  readonly providers: ReadonlySet<string>;
  /** `entityKey(kind, name)`. */
  readonly entities: ReadonlySet<string>;
  readonly credentials: ReadonlySet<string>;
  readonly templates: ReadonlySet<string>;
}

export interface DesiredState {
  /** Non-leader configurator units: their application's leader unit runs the scaleset. */
  readonly followers: readonly string[];
  readonly credentials: readonly DesiredCredential[];
  readonly entities: readonly DesiredEntity[];
  readonly scalesets: readonly DesiredScaleset[];
  readonly protected: ProtectedNames;
  /** Sent when registering an organisation or repository; kept by the charm in a Juju secret. */
  readonly webhookSecret: string;
  readonly problems: readonly ReconcileProblem[];
}

export interface BuildDesiredStateOptions {
  /** Resolves a Juju secret URI to its `value` content; undefined when it cannot be read (yet). */
  readonly readSecret: (uri: string) => Promise<string | undefined>;
  readonly webhookSecret: string;
}

export const DEFAULT_RUNNER_GROUP = "Default";

const OS_ARCHES: readonly OsArch[] = ["amd64", "arm64", "arm", "i386"];

function isOsArch(value: string): value is OsArch {
  return (OS_ARCHES as readonly string[]).includes(value);
}

/** GARM compares organisation and repository names case-insensitively. */
export function entityKey(kind: EntityKind, name: string): string {
  return `${kind}:${name.toLowerCase()}`;
}

export function toRunnerTemplateOptions(published: PublishedRunnerOptions): RunnerOptions {
  const options: RunnerOptions = {};
  if (published.dockerhubMirror !== undefined) options.dockerhubMirror = published.dockerhubMirror;
  if (published.runnerHttpProxy !== undefined) options.httpProxy = published.runnerHttpProxy;
  if (published.aproxyExcludeAddresses.length > 0)
    options.aproxyExcludeAddresses = [...published.aproxyExcludeAddresses];
  if (published.aproxyRedirectPorts.length > 0)
    options.aproxyRedirectPorts = formatPortRanges(published.aproxyRedirectPorts).split(",");
  if (published.otelCollectorEndpoint !== undefined)
    options.otelCollectorEndpoint = published.otelCollectorEndpoint;
  if (published.preJobScript !== undefined) options.preJobScript = published.preJobScript;
  return options;
}

interface Claims {
  scalesets: Set<string>;
  providers: Set<string>;
  entities: Set<string>;
  credentials: Set<string>;
  templates: Set<string>;
}

const emptyClaims = (): Claims => ({
  scalesets: new Set(),
  providers: new Set(),
  entities: new Set(),
  credentials: new Set(),
  templates: new Set(),
});

/** What a not-ready unit's raw databag says it owns, read leniently: better protect too much. */
function claimsOfRawDatabag(
  unit: ConfiguratorUnitInput,
  scalesetName: string | undefined,
  into: Claims,
): void {
  const bag = unit.databag;
  if (scalesetName !== undefined) {
    into.scalesets.add(scalesetName);
    into.templates.add(scalesetTemplateName(scalesetName));
  }
  into.providers.add(bag.provider_name || unit.unitName.replace("/", "-"));
  if (bag.org) into.entities.add(entityKey("organization", bag.org));
  if (bag.repo) into.entities.add(entityKey("repository", bag.repo));
  const appId = Number(bag.github_app_id);
  const installationId = Number(bag.github_installation_id);
  if (
    Number.isSafeInteger(appId) &&
    Number.isSafeInteger(installationId) &&
    appId > 0 &&
    installationId > 0
  ) {
    into.credentials.add(credentialName(appId, installationId));
  }
}

function claimsOfReadyUnit(data: ConfiguratorUnitData, into: Claims): void {
  into.scalesets.add(data.scaleset.name);
  into.templates.add(scalesetTemplateName(data.scaleset.name));
  into.providers.add(data.providerName);
  into.entities.add(entityKey(data.scaleset.target.kind, data.scaleset.target.name));
  into.credentials.add(credentialName(data.githubApp.appId, data.githubApp.installationId));
}

/** Keys only a configurator's leader publishes (the provider and the GitHub App). */
const LEADER_KEYS: ReadonlySet<string> = new Set(GARM_CONFIGURATOR_LEADER_KEYS);

function publishesLeaderKeys(databag: Readonly<Record<string, string>>): boolean {
  return GARM_CONFIGURATOR_LEADER_KEYS.some((key) => (databag[key] ?? "") !== "");
}

/** Complete but for the leader-only keys, of which it publishes none: a non-leader unit. */
function hasFollowerShape(unit: ConfiguratorUnitInput, missing: readonly string[]): boolean {
  return (
    missing.length > 0 && missing.every((key) => LEADER_KEYS.has(key)) && !publishesLeaderKeys(unit.databag)
  );
}

function minus(claimed: ReadonlySet<string>, desired: ReadonlySet<string>): Set<string> {
  return new Set([...claimed].filter((name) => !desired.has(name)));
}

/**
 * Builds the desired state. Units are visited in relation id then unit name order, so that the
 * first claim of a name (a scaleset, an entity, a credential) wins deterministically.
 */
export async function buildDesiredState(
  units: readonly ConfiguratorUnitInput[],
  options: BuildDesiredStateOptions,
): Promise<DesiredState> {
  const problems: ReconcileProblem[] = [];
  const notReady = emptyClaims();
  const ready = emptyClaims();
  const credentials = new Map<string, DesiredCredential>();
  const entities = new Map<string, DesiredEntity>();
  const scalesets = new Map<string, DesiredScaleset>();
  const followers: string[] = [];
  const ordered = [...units].sort(
    (a, b) => a.relationId - b.relationId || a.unitName.localeCompare(b.unitName, "en"),
  );
  // One relation is one configurator application; its leader is the unit with the leader keys.
  const relationsWithLeaderData = new Set(
    units.filter((unit) => publishesLeaderKeys(unit.databag)).map((unit) => unit.relationId),
  );
  for (const unit of ordered) {
    const subject = `unit ${unit.unitName}`;
    const read = readGarmConfiguratorUnitData(unit.databag);
    if (!read.ok && read.state === "incomplete" && hasFollowerShape(unit, read.missing)) {
      if (relationsWithLeaderData.has(unit.relationId)) {
        followers.push(unit.unitName);
        continue;
      }
      claimsOfRawDatabag(unit, read.scalesetName, notReady);
      problems.push(
        problem(
          subject,
          `waiting for the leader of ${unit.appName} to publish the provider and GitHub App (only a configurator's leader does); its GARM objects are left as they are`,
          "waiting",
        ),
      );
      continue;
    }
    if (!read.ok) {
      claimsOfRawDatabag(unit, read.scalesetName, notReady);
      const detail = read.problems.map((p) => p.message).join("; ");
      problems.push(
        read.state === "incomplete"
          ? problem(subject, `still publishing (${detail}); its GARM objects are left as they are`, "waiting")
          : problem(
              subject,
              `published invalid data (${detail}); its GARM objects are left as they are`,
              "blocked",
            ),
      );
      continue;
    }
    const data = read.value;
    const osArch = data.scaleset.osArch;
    if (!isOsArch(osArch)) {
      claimsOfReadyUnit(data, notReady);
      problems.push(
        problem(
          subject,
          `os_arch must be one of ${OS_ARCHES.join(", ")}; its GARM objects are left as they are`,
          "blocked",
        ),
      );
      continue;
    }
    const credName = credentialName(data.githubApp.appId, data.githubApp.installationId);
    if (!credentials.has(credName)) {
      const pem = await options.readSecret(data.githubApp.privateKeySecretUri);
      if (pem === undefined || pem.trim() === "") {
        claimsOfReadyUnit(data, notReady);
        problems.push(
          problem(
            subject,
            `the GitHub App private key secret cannot be read yet; its GARM objects are left as they are`,
            "waiting",
          ),
        );
        continue;
      }
      credentials.set(credName, {
        name: credName,
        appId: data.githubApp.appId,
        installationId: data.githubApp.installationId,
        privateKeyPem: pem,
        keyFingerprint: privateKeyFingerprint(pem),
      });
    }
    claimsOfReadyUnit(data, ready);
    const target = data.scaleset.target;
    const key = entityKey(target.kind, target.name);
    const entity = entities.get(key);
    if (entity === undefined) {
      entities.set(key, { kind: target.kind, name: target.name, credentialsName: credName });
    } else if (entity.credentialsName !== credName) {
      problems.push(
        problem(
          `${target.kind} ${target.name}`,
          `units disagree on its credentials (${entity.credentialsName} vs ${credName} from ${unit.unitName}); keeping the first`,
          "blocked",
        ),
      );
    }
    const scaleset = data.scaleset;
    const existing = scalesets.get(scaleset.name);
    if (existing !== undefined) {
      problems.push(
        problem(
          `scaleset ${scaleset.name}`,
          `published by both ${existing.unitName} and ${unit.unitName}; keeping ${existing.unitName}'s`,
          "blocked",
        ),
      );
      continue;
    }
    scalesets.set(scaleset.name, {
      name: scaleset.name,
      unitName: unit.unitName,
      providerName: data.providerName,
      image: data.imageId,
      flavor: scaleset.flavor,
      osArch,
      minIdleRunners: scaleset.minIdleRunners,
      maxRunners: scaleset.maxRunners,
      labels: [...scaleset.labels].sort(),
      runnerGroup: scaleset.runnerGroup ?? DEFAULT_RUNNER_GROUP,
      entity: { kind: target.kind, name: target.name },
      preInstallScripts: scaleset.preInstallScripts,
      runnerOptions: toRunnerTemplateOptions(scaleset.runner),
    });
  }
  const desiredScalesets = new Set(scalesets.keys());
  return {
    followers,
    credentials: [...credentials.values()],
    entities: [...entities.values()],
    scalesets: [...scalesets.values()],
    protected: {
      scalesets: minus(notReady.scalesets, desiredScalesets),
      providers: minus(notReady.providers, ready.providers),
      entities: minus(notReady.entities, new Set(entities.keys())),
      credentials: minus(notReady.credentials, new Set(credentials.keys())),
      templates: minus(notReady.templates, new Set([...desiredScalesets].map(scalesetTemplateName))),
    },
    webhookSecret: options.webhookSecret,
    problems,
  };
}

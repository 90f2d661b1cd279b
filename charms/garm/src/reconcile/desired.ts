/**
 * Desired GARM objects from every unit of every related garm-configurator application, as the
 * relation reader (../relations/configurator.ts) read it once in this hook with the interface's
 * reader (untrusted input). A unit that is still
 * publishing, publishes something invalid or whose private key cannot be read yet contributes
 * nothing, and what it owns becomes "protected": no diff may change or delete it.
 *
 * What a unit owns does not rest on its databag alone, which may be the very thing that is corrupt:
 * its provider follows from its Juju unit name, and the charm's ownership record (see
 * ownership-record.ts) keeps the names of its last complete, valid description.
 *
 * A configurator's non-leader units publish the scaleset but never the provider or GitHub App
 * keys (only the leader has the secrets). While a unit of the same relation publishes those keys,
 * such a "follower" is complete as far as it will ever be: it creates nothing, owns nothing and
 * is not a problem. Without any such unit it is waiting.
 */
import type { ConfiguratorUnitData } from "@garm-charms/interfaces";
import {
  DEFAULT_RUNNER_GROUP,
  entityKey,
  toRunnerTemplateOptions,
  type ConfiguratorUnit,
  type DesiredCredential,
  type DesiredEntity,
  type DesiredScaleset,
  type ProtectedNames,
} from "./model.js";
import { credentialName, scalesetTemplateName } from "./ownership.js";
import type { OwnershipRecord, UnitClaims } from "./ownership-record.js";
import { problem, type ReconcileProblem } from "./problems.js";
import {
  classifyUnit,
  emptyClaims,
  relationsWithLeaderData,
  type Claims,
  type ReadyUnit,
  type SecretCache,
} from "./unit-reading.js";

export {
  DEFAULT_RUNNER_GROUP,
  entityKey,
  toRunnerTemplateOptions,
  type ConfiguratorUnit,
  type DesiredCredential,
  type DesiredEntity,
  type DesiredScaleset,
  type EntityKind,
  type ProtectedNames,
  type ScalesetExtraSpecs,
} from "./model.js";

export interface DesiredState {
  /** Non-leader configurator units: their application's leader unit runs the scaleset. */
  readonly followers: readonly string[];
  readonly credentials: readonly DesiredCredential[];
  readonly entities: readonly DesiredEntity[];
  readonly scalesets: readonly DesiredScaleset[];
  readonly protected: ProtectedNames;
  /**
   * Provider -> the scale set name its (ready) unit publishes. A scale set of that name on that
   * provider is that unit's: only its own description may re-create or delete it.
   */
  readonly claimedOnProvider: ReadonlyMap<string, string>;
  /** Sent when registering an organisation or repository; kept by the charm in a Juju secret. */
  readonly webhookSecret: string;
  readonly problems: readonly ReconcileProblem[];
  /** The ownership record after this hook: store it when it differs from the one given. */
  readonly record: OwnershipRecord;
}

export interface BuildDesiredStateOptions {
  /** Resolves a Juju secret URI to its `value` content; undefined when it cannot be read (yet). */
  readonly readSecret: (uri: string) => Promise<string | undefined>;
  readonly webhookSecret: string;
  /** What each unit owned at its last complete description (the charm's record); none at first. */
  readonly record?: OwnershipRecord;
  /** Scale sets whose `min_idle_runners` the pressure reconciler owns (../planner/scope.ts). */
  readonly plannerManaged?: ReadonlySet<string>;
}

function unitClaims(data: ConfiguratorUnitData): UnitClaims {
  return {
    scalesets: [data.scaleset.name],
    entities: [entityKey(data.scaleset.target.kind, data.scaleset.target.name)],
    credentials: [credentialName(data.githubApp.appId, data.githubApp.installationId)],
  };
}

function addClaims(into: Claims, claims: UnitClaims): void {
  for (const name of claims.scalesets) {
    into.scalesets.add(name);
    into.templates.add(scalesetTemplateName(name));
  }
  for (const key of claims.entities) into.entities.add(key);
  for (const name of claims.credentials) into.credentials.add(name);
}

function minus(claimed: ReadonlySet<string>, desired: ReadonlySet<string>): Set<string> {
  return new Set([...claimed].filter((name) => !desired.has(name)));
}

/** Collects the desired objects unit by unit; the first claim of a name wins. */
class DesiredBuilder {
  readonly problems: ReconcileProblem[] = [];
  readonly followers: string[] = [];
  readonly notReady = emptyClaims();
  readonly credentials = new Map<string, DesiredCredential>();
  readonly entities = new Map<string, DesiredEntity>();
  readonly scalesets = new Map<string, DesiredScaleset>();
  readonly claimedOnProvider = new Map<string, string>();
  readonly record = new Map<string, UnitClaims>();

  constructor(
    private readonly previous: OwnershipRecord,
    private readonly plannerManaged: ReadonlySet<string>,
  ) {}

  /** A unit that cannot be acted on: it keeps what it claims now and what the record says it owns. */
  protect(unit: ConfiguratorUnit, claims: Claims, issue: ReconcileProblem): void {
    for (const kind of ["scalesets", "providers", "entities", "credentials", "templates"] as const) {
      for (const name of claims[kind]) this.notReady[kind].add(name);
    }
    const owned = this.previous.get(unit.unitName);
    if (owned !== undefined) {
      addClaims(this.notReady, owned);
      this.record.set(unit.unitName, owned);
    }
    this.problems.push(issue);
  }

  addReady(unit: ConfiguratorUnit, ready: ReadyUnit): void {
    const { data, credential } = ready;
    this.record.set(unit.unitName, unitClaims(data));
    this.claimedOnProvider.set(data.providerName, data.scaleset.name);
    if (!this.credentials.has(credential.name)) this.credentials.set(credential.name, credential);
    this.addEntity(unit, data, credential.name);
    this.addScaleset(unit, ready);
  }

  private addEntity(unit: ConfiguratorUnit, data: ConfiguratorUnitData, credName: string): void {
    const target = data.scaleset.target;
    const key = entityKey(target.kind, target.name);
    const entity = this.entities.get(key);
    if (entity === undefined) {
      this.entities.set(key, { kind: target.kind, name: target.name, credentialsName: credName });
    } else if (entity.credentialsName !== credName) {
      this.problems.push(
        problem(
          `${target.kind} ${target.name}`,
          `units disagree on its credentials (${entity.credentialsName} vs ${credName} from ${unit.unitName}); keeping the first`,
          "blocked",
        ),
      );
    }
  }

  private addScaleset(unit: ConfiguratorUnit, ready: ReadyUnit): void {
    const { data, osArch, extraSpecs } = ready;
    const scaleset = data.scaleset;
    const existing = this.scalesets.get(scaleset.name);
    if (existing !== undefined) {
      this.problems.push(
        problem(
          `scaleset ${scaleset.name}`,
          `published by both ${existing.unitName} and ${unit.unitName}; keeping ${existing.unitName}'s`,
          "blocked",
        ),
      );
      return;
    }
    this.scalesets.set(scaleset.name, {
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
      entity: { kind: scaleset.target.kind, name: scaleset.target.name },
      preInstallScripts: scaleset.preInstallScripts,
      runnerOptions: toRunnerTemplateOptions(scaleset.runner),
      extraSpecs,
      plannerManaged: this.plannerManaged.has(scaleset.name),
    });
  }

  /** Protected: what not-ready units own, less what a ready unit wants (providers and templates excepted). */
  protectedNames(): ProtectedNames {
    const desiredScalesets = new Set(this.scalesets.keys());
    return {
      scalesets: minus(this.notReady.scalesets, desiredScalesets),
      providers: new Set(this.notReady.providers),
      entities: minus(this.notReady.entities, new Set(this.entities.keys())),
      credentials: minus(this.notReady.credentials, new Set(this.credentials.keys())),
      // Never deleted while a unit that cannot be acted on owns it, even if a ready unit shares the name.
      templates: new Set(this.notReady.templates),
    };
  }
}

/**
 * Builds the desired state. Units are visited in relation id then unit name order, so that the
 * first claim of a name (a scaleset, an entity, a credential) wins deterministically.
 */
export async function buildDesiredState(
  units: readonly ConfiguratorUnit[],
  options: BuildDesiredStateOptions,
): Promise<DesiredState> {
  const builder = new DesiredBuilder(options.record ?? new Map(), options.plannerManaged ?? new Set());
  const ordered = [...units].sort(
    (a, b) => a.relationId - b.relationId || a.unitName.localeCompare(b.unitName, "en"),
  );
  const leaders = relationsWithLeaderData(units);
  const secrets: SecretCache = { read: options.readSecret, known: builder.credentials };
  for (const unit of ordered) {
    const verdict = await classifyUnit(unit, leaders.has(unit.relationId), secrets);
    if (verdict.kind === "follower") builder.followers.push(unit.unitName);
    else if (verdict.kind === "not-ready") builder.protect(unit, verdict.claims, verdict.problem);
    else builder.addReady(unit, verdict);
  }
  return {
    followers: builder.followers,
    credentials: [...builder.credentials.values()],
    entities: [...builder.entities.values()],
    scalesets: [...builder.scalesets.values()],
    protected: builder.protectedNames(),
    claimedOnProvider: builder.claimedOnProvider,
    webhookSecret: options.webhookSecret,
    problems: builder.problems,
    record: builder.record,
  };
}

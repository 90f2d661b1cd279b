/**
 * Hook context -> the validated inputs of one reconcile, or the one reason the charm cannot go on
 * (checked in the order an operator fixes them: database, then GARM's secrets). Configurators are
 * not a precondition: GARM runs and is bootstrapped without any; they only add providers and
 * objects.
 */
import type { HookContext, ProxySettings } from "@garm-charms/charm-runtime";
import type { PostgresqlConnection } from "@garm-charms/interfaces";
import { readGarmSecrets } from "./bootstrap/charm-secrets.js";
import { controllerBaseUrl, controllerUrlsFor, type ControllerUrls } from "./bootstrap/controller-urls.js";
import {
  CONFIGURATOR_ENDPOINT,
  configuratorProviders,
  githubKeySecretUris,
  readConfiguratorUnits,
  type ConfiguratorProviders,
  type ConfiguratorUnit,
} from "./relations/configurator.js";
import { plannerScope, type PlannerScope } from "./planner/scope.js";
import { POSTGRESQL_ENDPOINT, readDatabase, type DatabaseRead } from "./relations/database.js";
import { sharedSecretReads } from "./relations/shared-secrets.js";
import { STATUS_WAITING_DATABASE, STATUS_WAITING_SECRETS } from "./status.js";
import {
  databaseTls,
  proxyEnvironmentFromJuju,
  type DatabaseTls,
  type ConfiguratorProvider,
  type GarmDatabaseConfig,
  type GarmSecretsContent,
  type ProxyEnvironment,
  type RetainedProvider,
  type WorkloadInput,
} from "./workload/index.js";

export interface CharmState {
  readonly isLeader: boolean;
  readonly database: GarmDatabaseConfig;
  /** How GARM secures its database connection (verify-ca with the relation's CA, or prefer). */
  readonly databaseTls: DatabaseTls;
  readonly garmSecrets: GarmSecretsContent;
  /** Every configurator unit, read once: the workload's providers and the object reconcile's input. */
  readonly configurators: readonly ConfiguratorUnit[];
  /** Units that published provider credentials (none is a valid state: GARM runs without). */
  readonly providers: readonly ConfiguratorProvider[];
  /** Whether any garm-configurator relation exists (one may still be publishing). */
  readonly configuratorsRelated: boolean;
  readonly proxyEnvironment: ProxyEnvironment;
  readonly controllerUrls: ControllerUrls;
  /** The planner-managed scale sets and their planner; undefined when no unit links one. */
  readonly planner: PlannerScope | undefined;
}

export type StateRead =
  | { readonly kind: "ready"; readonly state: CharmState }
  /** No postgresql relation at all: the operator must integrate one (GARM must not keep running). */
  | { readonly kind: "no-database" }
  | { readonly kind: "waiting"; readonly message: string }
  | { readonly kind: "blocked"; readonly message: string };

/** GARM's database section; sslmode `prefer` unless GARM verifies the server (database-tls.ts). */
export function garmDatabaseConfig(
  connection: PostgresqlConnection,
  tls: DatabaseTls = { sslmode: "prefer", offered: false },
): GarmDatabaseConfig {
  return {
    host: connection.host,
    port: connection.port,
    database: connection.database,
    username: connection.username,
    password: connection.password,
    sslmode: tls.sslmode,
  };
}

/** Proxy variables for GARM and its providers, from the model's `juju-*-proxy` settings. */
export function proxyEnvironment(proxy: ProxySettings): ProxyEnvironment {
  return proxyEnvironmentFromJuju({
    JUJU_CHARM_HTTP_PROXY: proxy.httpProxy,
    JUJU_CHARM_HTTPS_PROXY: proxy.httpsProxy,
    JUJU_CHARM_NO_PROXY: proxy.noProxy,
  });
}

/** What the charm's state is read from: the reads that log nothing, and need no Pebble or GARM. */
export interface StateSources {
  readonly database: DatabaseRead;
  readonly configurators: { readonly units: readonly ConfiguratorUnit[] } & ConfiguratorProviders;
}

/**
 * Starts the state's relation and shared-secret reads (each secret is a hook-tool process), all
 * together. The reconcile starts them before its first steps so that they run alongside them:
 * none of them logs, so starting them early changes nothing in the hook's log.
 */
export async function readStateSources(ctx: HookContext, isLeader: boolean): Promise<StateSources> {
  const [database, configurators] = await Promise.all([
    ctx.relation(POSTGRESQL_ENDPOINT).then((relation) => readDatabase(ctx, relation)),
    readConfiguratorUnits(ctx).then(async (units) => {
      const [providers] = await Promise.all([
        configuratorProviders(ctx, units),
        // The leader's object step reads the GitHub App keys after GARM's bootstrap: read them
        // now, with the passwords, rather than one more hook-tool call then.
        isLeader ? ctx.prefetch({ secrets: sharedSecretReads(githubKeySecretUris(units)) }) : undefined,
      ]);
      return { units, ...providers };
    }),
  ]);
  return { database, configurators };
}

/** The charm's state, judged in the order an operator fixes it; `sources` when already started. */
export async function readCharmState(
  ctx: HookContext,
  isLeader: boolean,
  sources: Promise<StateSources> = readStateSources(ctx, isLeader),
): Promise<StateRead> {
  const [{ database, configurators }, garmSecrets] = await Promise.all([sources, readGarmSecrets(ctx)]);
  if (database.kind === "absent") return { kind: "no-database" };
  if (database.kind === "incomplete") return { kind: "waiting", message: STATUS_WAITING_DATABASE };
  if (database.kind === "invalid") {
    await ctx.log.warning(`Unusable postgresql relation data: ${database.problems.join("; ")}`);
    return { kind: "blocked", message: `Invalid postgresql relation data: ${database.problems[0] ?? ""}` };
  }

  const tls = databaseTls(database.connection);
  if (!tls.ok) {
    await ctx.log.warning(`Unusable postgresql relation data: ${tls.problem}`);
    return { kind: "blocked", message: `Invalid postgresql relation data: ${tls.problem}` };
  }

  if (garmSecrets === undefined) return { kind: "waiting", message: STATUS_WAITING_SECRETS };

  const { units, providers, skipped } = configurators;
  for (const unit of skipped) await ctx.log.warning(`Skipping OpenStack provider of ${unit}`);
  const state: CharmState = {
    isLeader,
    database: garmDatabaseConfig(database.connection, tls.tls),
    databaseTls: tls.tls,
    garmSecrets,
    configurators: units,
    providers,
    configuratorsRelated: (await ctx.relations(CONFIGURATOR_ENDPOINT)).length > 0,
    proxyEnvironment: proxyEnvironment(ctx.proxy),
    controllerUrls: controllerUrlsFor(await controllerBaseUrl(ctx)),
    planner: plannerScope(units),
  };
  return { kind: "ready", state };
}

/** The renderer's input: the publishing units' providers and the departed ones still kept. */
export function workloadInput(state: CharmState, retained: readonly RetainedProvider[]): WorkloadInput {
  return {
    database: state.database,
    jwtSecret: state.garmSecrets["jwt-secret"],
    databasePassphrase: state.garmSecrets["db-passphrase"],
    providers: state.providers,
    retainedProviders: retained,
    proxyEnvironment: state.proxyEnvironment,
    ...(state.databaseTls.sslmode === "verify-ca" && { databaseCa: state.databaseTls.ca }),
  };
}

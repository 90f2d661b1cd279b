/**
 * Hook context -> the validated inputs of one reconcile, or the one reason the charm cannot go on
 * (checked in the order an operator fixes them: database, GARM's secrets, configurators).
 * Without configurators the state is still returned ("unconfigured"): the charm needs it to prune
 * GARM's objects once the last configurator relation is gone.
 */
import type { HookContext, ProxySettings } from "@garm-charms/charm-runtime";
import type { PostgresqlConnection } from "@garm-charms/interfaces";
import { readConfiguratorProviders } from "./configurator-providers.js";
import { controllerBaseUrl, controllerUrlsFor, type ControllerUrls } from "./controller-urls.js";
import { POSTGRESQL_ENDPOINT, readDatabase } from "./database.js";
import { readGarmSecrets } from "./charm-secrets.js";
import { STATUS_WAITING_DATABASE, STATUS_WAITING_SECRETS } from "./status.js";
import {
  proxyEnvironmentFromJuju,
  type ConfiguratorProvider,
  type GarmDatabaseConfig,
  type GarmSecretsContent,
  type ProxyEnvironment,
  type WorkloadInput,
} from "./workload/index.js";

export interface CharmState {
  readonly isLeader: boolean;
  readonly database: GarmDatabaseConfig;
  readonly garmSecrets: GarmSecretsContent;
  readonly providers: readonly ConfiguratorProvider[];
  readonly proxyEnvironment: ProxyEnvironment;
  readonly controllerUrls: ControllerUrls;
}

export type StateRead =
  | { readonly kind: "ready"; readonly state: CharmState }
  /**
   * Database and secrets are there, but no configurator unit published provider credentials.
   * `related: false` means no garm-configurator relation exists at all.
   */
  | { readonly kind: "unconfigured"; readonly state: CharmState; readonly related: boolean }
  /** `databaseRelation: false`: no postgresql relation at all (GARM must not keep running). */
  | { readonly kind: "waiting"; readonly message: string; readonly databaseRelation: boolean }
  | { readonly kind: "blocked"; readonly message: string };

/** GARM's database section; GARM speaks to PostgreSQL with sslmode `prefer`. */
export function garmDatabaseConfig(connection: PostgresqlConnection): GarmDatabaseConfig {
  return {
    host: connection.host,
    port: connection.port,
    database: connection.database,
    username: connection.username,
    password: connection.password,
    sslmode: "prefer",
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

export async function readCharmState(ctx: HookContext, isLeader: boolean): Promise<StateRead> {
  const databaseRelation = await ctx.relation(POSTGRESQL_ENDPOINT);
  const database = await readDatabase(ctx, databaseRelation);
  if (database.kind === "absent" || database.kind === "incomplete") {
    return {
      kind: "waiting",
      message: STATUS_WAITING_DATABASE,
      databaseRelation: database.kind !== "absent",
    };
  }
  if (database.kind === "invalid") {
    await ctx.log.warning(`Unusable postgresql relation data: ${database.problems.join("; ")}`);
    return { kind: "blocked", message: `Invalid postgresql relation data: ${database.problems[0] ?? ""}` };
  }

  const garmSecrets = await readGarmSecrets(ctx);
  if (garmSecrets === undefined) {
    return { kind: "waiting", message: STATUS_WAITING_SECRETS, databaseRelation: true };
  }

  const configurators = await readConfiguratorProviders(ctx);
  for (const skipped of configurators.skipped) {
    await ctx.log.warning(`Skipping OpenStack provider of ${skipped}`);
  }
  const state: CharmState = {
    isLeader,
    database: garmDatabaseConfig(database.connection),
    garmSecrets,
    providers: configurators.providers,
    proxyEnvironment: proxyEnvironment(ctx.proxy),
    controllerUrls: controllerUrlsFor(await controllerBaseUrl(ctx)),
  };
  if (configurators.providers.length === 0) {
    return { kind: "unconfigured", state, related: configurators.related };
  }
  return { kind: "ready", state };
}

/** The renderer's input for a ready state. */
export function workloadInput(state: CharmState): WorkloadInput {
  return {
    database: state.database,
    jwtSecret: state.garmSecrets["jwt-secret"],
    databasePassphrase: state.garmSecrets["db-passphrase"],
    providers: state.providers,
    proxyEnvironment: state.proxyEnvironment,
  };
}

/**
 * The garm charm: every observed event runs one idempotent reconcile, in this order:
 *
 *   secrets (leader) -> relation data (postgresql request, ingress, scrape jobs) -> Pebble ->
 *   state (database, GARM secrets, configurators) -> workload (files, layer, replan on change) ->
 *   port -> GARM bootstrap (first-run, login, controller URLs) -> GARM objects -> status
 *
 * `createGarmCharm` takes the few things tests need to change (GARM's URL, timings, the object
 * step); `garmCharm` is the production charm. The model's proxy settings come from the hook
 * environment (JUJU_CHARM_*_PROXY) through the runtime's `ctx.proxy`.
 */
import type { Charm, HookContext, JujuEvent, StatusToSet } from "@garm-charms/charm-runtime";
import { GarmClient } from "@garm-charms/garm-client";
import { bootstrapGarm, describeGarmFailure, type BootstrapTimings } from "./bootstrap.js";
import { ensureGarmSecrets, readAdminCredentials } from "./charm-secrets.js";
import { CONFIGURATOR_ENDPOINT } from "./configurator-providers.js";
import { DEBUG_SSH_ENDPOINT, reconcileConfiguratorObjects } from "./garm-objects.js";
import { getCredentialsAction, GET_CREDENTIALS_ACTION } from "./get-credentials.js";
import type { GarmObjectsStep } from "./objects-step.js";
import { POSTGRESQL_ENDPOINT, requestDatabase } from "./database.js";
import { INGRESS_ENDPOINT, METRICS_ENDPOINT, openApiPort, publishRelationData } from "./publications.js";
import { readCharmState, workloadInput, type CharmState } from "./state.js";
import {
  active,
  blocked,
  publishStatus,
  STATUS_WAITING_CONFIGURATOR,
  STATUS_WAITING_PEBBLE,
  STATUS_WAITING_SECRETS,
  syncFailedMessage,
  waiting,
} from "./status.js";
import {
  applyWorkload,
  desiredWorkload,
  GARM_API_PORT,
  GARM_CONTAINER,
  GARM_SERVICE,
  GarmConfigError,
  ProviderFilesError,
  type DesiredWorkload,
} from "./workload/index.js";

export const DEFAULT_GARM_URL = `http://127.0.0.1:${String(GARM_API_PORT)}`;

export interface GarmCharmOptions {
  /** GARM's root URL as the charm reaches it from its own pod. */
  readonly garmUrl?: string;
  /** Per-request timeout of the GARM client. */
  readonly requestTimeoutMs?: number;
  readonly timings?: Partial<BootstrapTimings>;
  /** The GARM object reconcile, run by the leader once bootstrap is done (the configurators' by default). */
  readonly reconcileObjects?: GarmObjectsStep;
}

const DEFAULT_TIMINGS: BootstrapTimings = { readyTimeoutMs: 20_000, readyIntervalMs: 500 };
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const LIFECYCLE_HOOKS = new Set<string>([
  "install",
  "leader-elected",
  "config-changed",
  "upgrade-charm",
  "update-status",
  "secret-changed",
]);
const RELATION_HOOKS = new Set<string>([
  "relation-created",
  "relation-joined",
  "relation-changed",
  "relation-departed",
  "relation-broken",
]);
const ENDPOINTS = new Set<string>([
  POSTGRESQL_ENDPOINT,
  CONFIGURATOR_ENDPOINT,
  INGRESS_ENDPOINT,
  METRICS_ENDPOINT,
  DEBUG_SSH_ENDPOINT,
]);

/** Whether the charm reconciles on `event`. */
export function observes(event: JujuEvent): boolean {
  if (LIFECYCLE_HOOKS.has(event.kind)) return true;
  if (event.kind === "pebble-ready") return event.container === GARM_CONTAINER;
  if ("endpoint" in event && RELATION_HOOKS.has(event.kind)) return ENDPOINTS.has(event.endpoint);
  return false;
}

/** The postgresql request goes out as soon as the relation exists, before any other gate. */
async function requestDatabaseIfLeader(ctx: HookContext, isLeader: boolean): Promise<void> {
  if (!isLeader) return;
  const relation = await ctx.relation(POSTGRESQL_ENDPOINT);
  if (relation !== undefined) await requestDatabase(ctx, relation);
}

async function garmIsRunning(ctx: HookContext): Promise<boolean> {
  const [service] = await ctx.container(GARM_CONTAINER).pebble.getServices([GARM_SERVICE]);
  return service?.current === "active";
}

/** Without a database relation GARM cannot work (its credentials are revoked): stop it. */
async function stopGarmIfRunning(ctx: HookContext): Promise<void> {
  if (!(await garmIsRunning(ctx))) return;
  await ctx.container(GARM_CONTAINER).pebble.stopServices([GARM_SERVICE]);
  await ctx.log.info("Stopped GARM: the postgresql relation is gone");
}

/** First-run, login, controller URLs, then the objects; returns the status to show. */
async function syncGarm(
  ctx: HookContext,
  state: CharmState,
  options: GarmCharmOptions,
): Promise<StatusToSet> {
  const admin = await readAdminCredentials(ctx);
  if (admin === undefined) return waiting(STATUS_WAITING_SECRETS);
  const client = new GarmClient({
    baseUrl: options.garmUrl ?? DEFAULT_GARM_URL,
    timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });
  try {
    const result = await bootstrapGarm({
      client,
      isLeader: state.isLeader,
      admin,
      controllerUrls: state.controllerUrls,
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      log: (message) => ctx.log.info(message),
    });
    switch (result.kind) {
      case "waiting":
        return waiting(result.message);
      case "failed":
        await ctx.log.warning(`GARM sync failed: ${result.reason}`);
        return waiting(syncFailedMessage(result.reason));
      case "follower-ready":
        return active();
      case "leader-ready":
        break;
    }
    const reconcileObjects = options.reconcileObjects ?? reconcileConfiguratorObjects;
    try {
      const left = await reconcileObjects({ client, ctx, state });
      if (left !== undefined) return left;
    } catch (error) {
      const reason = describeGarmFailure(error);
      await ctx.log.warning(`GARM sync failed: ${reason}`);
      return waiting(syncFailedMessage(reason));
    }
    return active();
  } finally {
    await client.close();
  }
}

/**
 * No configurator has published provider credentials. The workload is left as it is. Only when
 * no garm-configurator relation exists at all (not while one is still publishing) does the
 * leader sync GARM, so that the objects of removed configurators are pruned.
 */
async function withoutConfigurators(
  ctx: HookContext,
  state: CharmState,
  related: boolean,
  options: GarmCharmOptions,
): Promise<StatusToSet> {
  const status = waiting(STATUS_WAITING_CONFIGURATOR);
  if (related || !state.isLeader || !(await garmIsRunning(ctx))) return status;
  const synced = await syncGarm(ctx, state, options);
  return synced.name === "active" ? status : synced;
}

/** Renders and applies the workload; a status when the inputs cannot make a valid config. */
async function configureWorkload(ctx: HookContext, state: CharmState): Promise<StatusToSet | undefined> {
  let desired: DesiredWorkload;
  try {
    desired = desiredWorkload(workloadInput(state));
  } catch (error) {
    if (!(error instanceof GarmConfigError || error instanceof ProviderFilesError)) throw error;
    await ctx.log.warning(error.message);
    return blocked(error.message);
  }
  const applied = await applyWorkload(ctx.container(GARM_CONTAINER).pebble, desired);
  if (applied.outcome === "config-changed") {
    // Provider names only: the files themselves hold credentials.
    await ctx.log.info(`Configured GARM with providers: ${desired.providerNames.join(", ")}`);
  } else if (applied.outcome === "restarted") {
    await ctx.log.info("GARM was not running with the current config; replanned");
  }
  for (const path of applied.removedFiles) await ctx.log.info(`Removed stale provider file ${path}`);
  return undefined;
}

async function reconcile(ctx: HookContext, options: GarmCharmOptions): Promise<void> {
  const isLeader = await ctx.isLeader();
  // Secrets first: they must exist from install/leader-elected on, whatever else is missing.
  if (isLeader) await ensureGarmSecrets(ctx);
  await requestDatabaseIfLeader(ctx, isLeader);
  await publishRelationData(ctx, isLeader);

  const container = ctx.container(GARM_CONTAINER);
  if (!(await container.canConnect())) {
    await publishStatus(ctx, waiting(STATUS_WAITING_PEBBLE), isLeader);
    return;
  }

  const read = await readCharmState(ctx, isLeader, ctx.proxy);
  if (read.kind === "unconfigured") {
    await publishStatus(ctx, await withoutConfigurators(ctx, read.state, read.related, options), isLeader);
    return;
  }
  if (read.kind !== "ready") {
    if (read.kind === "waiting" && !read.databaseRelation) await stopGarmIfRunning(ctx);
    await publishStatus(
      ctx,
      read.kind === "waiting" ? waiting(read.message) : blocked(read.message),
      isLeader,
    );
    return;
  }
  const { state } = read;

  const problem = await configureWorkload(ctx, state);
  if (problem !== undefined) {
    await publishStatus(ctx, problem, isLeader);
    return;
  }
  await openApiPort(ctx);

  await publishStatus(ctx, await syncGarm(ctx, state, options), isLeader);
}

export function createGarmCharm(options: GarmCharmOptions = {}): Charm {
  return async (ctx) => {
    const event = ctx.event;
    if (event.kind === "action") {
      if (event.name === GET_CREDENTIALS_ACTION) await getCredentialsAction(ctx);
      return;
    }
    if (!observes(event)) return;
    await reconcile(ctx, options);
  };
}

export const garmCharm: Charm = createGarmCharm();

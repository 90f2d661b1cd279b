/**
 * The garm charm: every observed event runs one idempotent reconcile, in this order:
 *
 *   secrets (leader) -> relation data (postgresql request, ingress, scrape jobs) -> Pebble ->
 *   state (database, GARM secrets, configurators) -> workload (files, layer, replan on change) ->
 *   port -> GARM bootstrap (first-run, login, controller URLs) -> GARM objects ->
 *   retirement of departed providers GARM no longer uses (workload again) -> status
 *
 * `createGarmCharm` takes the few things tests need to change (GARM's URL, timings, the object
 * step); `garmCharm` is the production charm. The model's proxy settings come from the hook
 * environment (JUJU_CHARM_*_PROXY) through the runtime's `ctx.proxy`.
 */
import type { Charm, HookContext, JujuEvent, StatusToSet } from "@garm-charms/charm-runtime";
import { GarmClient } from "@garm-charms/garm-client";
import { bootstrapGarm, type BootstrapTimings } from "./bootstrap.js";
import { ensureGarmSecrets, readAdminCredentials } from "./charm-secrets.js";
import { CONFIGURATOR_ENDPOINT } from "./configurator-providers.js";
import { describeGarmFailure, isGarmFailure } from "./garm-failure.js";
import { DEBUG_SSH_ENDPOINT, reconcileConfiguratorObjects } from "./garm-objects.js";
import { getCredentialsAction, GET_CREDENTIALS_ACTION } from "./get-credentials.js";
import type { GarmObjectsStep } from "./objects-step.js";
import { POSTGRESQL_ENDPOINT, requestDatabase } from "./database.js";
import { INGRESS_ENDPOINT, METRICS_ENDPOINT, openApiPort, publishRelationData } from "./publications.js";
import {
  activeProviderNames,
  providersInUse,
  retiringProviderNames,
  settleRetirement,
  startRetirement,
  type ProviderRetirement,
} from "./provider-retirement.js";
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
  planConfigHash,
  ProviderFilesError,
  type DesiredWorkload,
  type RetainedProvider,
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

/**
 * Runs once this unit's view of GARM is fresh (the leader: after its object reconcile; another
 * unit: after its readiness probe logged in), with a logged-in client.
 */
type GarmViewStep = (client: GarmClient) => Promise<void>;

/** A GARM failure of the view step is logged; what it would have decided waits for a later hook. */
async function runViewStep(ctx: HookContext, client: GarmClient, step: GarmViewStep): Promise<void> {
  try {
    await step(client);
  } catch (error) {
    if (!isGarmFailure(error)) throw error;
    await ctx.log.warning(`Could not list GARM's scalesets (${describeGarmFailure(error)}); retrying later`);
  }
}

/** First-run, login, controller URLs, then the objects; returns the status to show. */
async function syncGarm(
  ctx: HookContext,
  state: CharmState,
  options: GarmCharmOptions,
  afterView?: GarmViewStep,
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
        if (afterView !== undefined) {
          // The readiness probe logged in.
          await runViewStep(ctx, client, afterView);
        }
        return active();
      case "leader-ready":
        break;
    }
    const reconcileObjects = options.reconcileObjects ?? reconcileConfiguratorObjects;
    let left: StatusToSet | undefined;
    try {
      left = await reconcileObjects({ client, ctx, state });
    } catch (error) {
      const reason = describeGarmFailure(error);
      await ctx.log.warning(`GARM sync failed: ${reason}`);
      return waiting(syncFailedMessage(reason));
    }
    if (afterView !== undefined) await runViewStep(ctx, client, afterView);
    return left ?? active();
  } finally {
    await client.close();
  }
}

/**
 * GARM sync with the retirement of departed providers: once this unit has a fresh view of GARM,
 * the providers GARM no longer uses leave the record, and the workload is applied again without
 * them (their files removed, GARM replanned). Returns the status to show.
 */
async function syncAndRetire(
  ctx: HookContext,
  state: CharmState,
  options: GarmCharmOptions,
  retirement: ProviderRetirement,
): Promise<StatusToSet> {
  let settled = retirement;
  const afterView: GarmViewStep | undefined =
    retiringProviderNames(retirement).length === 0
      ? undefined
      : async (client) => {
          settled = await settleRetirement(ctx, retirement, await providersInUse(client));
        };
  const status = await syncGarm(ctx, state, options, afterView);
  if (settled.retained.length === retirement.retained.length) return status;
  return (await configureWorkload(ctx, state, settled.retained)) ?? status;
}

/**
 * No configurator has published provider credentials. While a garm-configurator relation exists
 * (a configurator still publishing) nothing is touched. Without any, a GARM configured before keeps
 * running: the leader prunes the configurators' objects, and each provider is retired once GARM no
 * longer uses it (at the end GARM runs with no provider and no provider file is left).
 */
async function withoutConfigurators(
  ctx: HookContext,
  state: CharmState,
  related: boolean,
  options: GarmCharmOptions,
): Promise<StatusToSet> {
  const status = waiting(STATUS_WAITING_CONFIGURATOR);
  if (related) return status;
  const pebble = ctx.container(GARM_CONTAINER).pebble;
  // Never configured: GARM is only started once a configurator has published.
  if (planConfigHash(await pebble.getPlan()) === undefined) return status;
  const retirement = await startRetirement(ctx, pebble, new Set());
  const problem = await configureWorkload(ctx, state, retirement.retained);
  if (problem !== undefined) return problem;
  if (!(await garmIsRunning(ctx))) return status;
  if (!state.isLeader && retiringProviderNames(retirement).length === 0) return status;
  const synced = await syncAndRetire(ctx, state, options, retirement);
  return synced.name === "active" ? status : synced;
}

/** Renders and applies the workload; a status when the inputs cannot make a valid config. */
async function configureWorkload(
  ctx: HookContext,
  state: CharmState,
  retained: readonly RetainedProvider[],
): Promise<StatusToSet | undefined> {
  let desired: DesiredWorkload;
  try {
    desired = desiredWorkload({ ...workloadInput(state), retainedProviders: retained });
  } catch (error) {
    if (!(error instanceof GarmConfigError || error instanceof ProviderFilesError)) throw error;
    await ctx.log.warning(error.message);
    return blocked(error.message);
  }
  const applied = await applyWorkload(ctx.container(GARM_CONTAINER).pebble, desired);
  if (applied.outcome === "config-changed") {
    // Provider names only: the files themselves hold credentials.
    const kept = desired.retainedProviderNames;
    const keptNote = kept.length === 0 ? "" : ` (kept until GARM no longer uses them: ${kept.join(", ")})`;
    const names = desired.providerNames.length === 0 ? "(none)" : desired.providerNames.join(", ");
    await ctx.log.info(`Configured GARM with providers: ${names}${keptNote}`);
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

  const read = await readCharmState(ctx, isLeader);
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

  const retirement = await startRetirement(ctx, container.pebble, activeProviderNames(state.providers));
  const problem = await configureWorkload(ctx, state, retirement.retained);
  if (problem !== undefined) {
    await publishStatus(ctx, problem, isLeader);
    return;
  }
  await openApiPort(ctx);

  await publishStatus(ctx, await syncAndRetire(ctx, state, options, retirement), isLeader);
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

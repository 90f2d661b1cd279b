/**
 * The garm charm: every observed event runs one idempotent reconcile, top to bottom:
 *
 *   1. Juju side: GARM's secrets (leader), the postgresql request, ingress and scrape data
 *   2. state: database, GARM's secrets, every configurator unit read once (configurators are
 *      optional: GARM runs without them)
 *   3. workload: config.toml, provider files and the Pebble layer; GARM (re)started on change
 *   4. GARM: bootstrap (first-run, login, controller URLs), then, on the leader, its objects
 *   5. retirement: departed configurators' providers GARM no longer uses leave the workload
 *   6. planner: the pressure reconciler runs on the leader while a scale set links a planner
 *   7. status, chosen from what the steps returned
 *
 * `createGarmCharm` takes where GARM answers and the timings (tests point it at the GARM fake);
 * `garmCharm` is the production charm. The model's proxy settings come from the hook
 * environment (JUJU_CHARM_*_PROXY) through the runtime's `ctx.proxy`.
 */
import { eventFilter, type Charm, type HookContext, type StatusToSet } from "@garm-charms/charm-runtime";
import { startPebbleReads } from "@garm-charms/charm-runtime/pebble";
import { GarmClient } from "@garm-charms/garm-client";
import { getCredentialsAction, GET_CREDENTIALS_ACTION } from "./actions/get-credentials.js";
import { planAction, PLAN_ACTION } from "./actions/plan.js";
import { bootstrapGarm, type BootstrapTimings } from "./bootstrap/bootstrap.js";
import { ensureGarmSecrets, readAdminCredentials } from "./bootstrap/charm-secrets.js";
import { survivedGarmFailure, type SurvivedGarmFailure } from "./garm-failure.js";
import {
  DEFAULT_RECONCILER_METRICS_URL,
  reconcilePlannerService,
  withPlannerStatus,
} from "./planner/index.js";
import { RECONCILED_EVENTS } from "./observed-events.js";
import { reconcileConfiguratorObjects } from "./reconcile/objects-step.js";
import { POSTGRESQL_ENDPOINT, requestDatabase } from "./relations/database.js";
import { publishDashboards } from "./relations/dashboard.js";
import { forwardLogs } from "./relations/logging.js";
import { openApiPort, publishRelationData } from "./relations/publications.js";
import {
  activeProviderNames,
  providersInUse,
  retiringProviderNames,
  settleRetirement,
  startRetirement,
  type ProviderRetirement,
} from "./retirement/retirement.js";
import { PEBBLE_READ_AHEAD, READ_AHEAD } from "./read-ahead.js";
import {
  readCharmState,
  readStateSources,
  workloadInput,
  type CharmState,
  type StateSources,
} from "./state.js";
import { unitIsLeaving } from "./leaving.js";
import {
  activeWith,
  blocked,
  publishStatus,
  STATUS_MISSING_DATABASE,
  STATUS_NO_CONFIGURATOR,
  STATUS_WAITING_CONFIGURATOR,
  STATUS_WAITING_PEBBLE,
  STATUS_WAITING_SECRETS,
  syncFailedMessage,
  waiting,
} from "./status.js";
import {
  configureWorkload,
  databaseTlsNote,
  GARM_API_PORT,
  GARM_CONTAINER,
  GARM_SERVICE,
} from "./workload/index.js";

export const DEFAULT_GARM_URL = `http://127.0.0.1:${String(GARM_API_PORT)}`;

export interface GarmCharmOptions {
  /** GARM's root URL as the charm reaches it from its own pod. */
  readonly garmUrl?: string;
  /** Per-request timeout of the GARM client. */
  readonly requestTimeoutMs?: number;
  readonly timings?: Partial<BootstrapTimings>;
  /** The pressure reconciler's bundle (default: the charm's own) and metrics URL (default: in the pod). */
  readonly planner?: { readonly bundlePath?: string; readonly metricsUrl?: string };
}

const DEFAULT_TIMINGS: BootstrapTimings = { readyTimeoutMs: 20_000, readyIntervalMs: 500 };
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Whether the charm reconciles on an event (declared in observed-events.ts, for the dispatch entry too). */
export const observes = eventFilter(RECONCILED_EVENTS);

/** Step 1: the postgresql request goes out as soon as the relation exists, before any other gate. */
async function requestDatabaseIfLeader(ctx: HookContext, isLeader: boolean): Promise<void> {
  if (!isLeader) return;
  const relation = await ctx.relation(POSTGRESQL_ENDPOINT);
  if (relation !== undefined) await requestDatabase(ctx, relation);
}

/** Without a database relation GARM cannot work (its credentials are revoked): stop it. */
async function stopGarmIfRunning(ctx: HookContext): Promise<void> {
  const pebble = ctx.container(GARM_CONTAINER).pebble;
  const [service] = await pebble.getServices([GARM_SERVICE]);
  if (service?.current !== "active") return;
  await pebble.stopServices([GARM_SERVICE]);
  await ctx.log.info("Stopped GARM: the postgresql relation is gone");
}

/** What step 4 left: a status when something is undone, and GARM's providers in use when listed. */
interface GarmSync {
  readonly status: StatusToSet | undefined;
  /** Providers of the charm's scale sets, listed after the object step (only while one retires). */
  readonly inUse: ReadonlySet<string> | undefined;
}

/** The leader's object step: what it left undone, and whether it failed (no fresh view of GARM). */
interface ObjectsResult {
  readonly status: StatusToSet | undefined;
  readonly failed: boolean;
}

/** A GARM failure the hook survives, logged; its status says who clears it (a later hook, or the operator). */
async function syncFailed(ctx: HookContext, failure: SurvivedGarmFailure): Promise<StatusToSet> {
  await ctx.log.warning(`GARM sync failed: ${failure.reason}`);
  const message = syncFailedMessage(failure.reason);
  return failure.severity === "blocked" ? blocked(message) : waiting(message);
}

/**
 * Leader: GARM's objects from every configurator's publication. Nothing is touched while a
 * configurator relation exists and no unit has published yet (never act on a partial view);
 * with no relation at all the charm's objects are pruned.
 */
async function reconcileObjects(
  ctx: HookContext,
  client: GarmClient,
  state: CharmState,
): Promise<ObjectsResult> {
  if (state.providers.length === 0 && state.configuratorsRelated) return { status: undefined, failed: false };
  try {
    return { status: await reconcileConfiguratorObjects({ client, ctx, state }), failed: false };
  } catch (error) {
    return { status: await syncFailed(ctx, survivedGarmFailure(error)), failed: true };
  }
}

/** Two read-only lists; a failure only delays the retirement to a later hook. */
async function listProvidersInUse(
  ctx: HookContext,
  client: GarmClient,
): Promise<ReadonlySet<string> | undefined> {
  try {
    return await providersInUse(client);
  } catch (error) {
    const { reason } = survivedGarmFailure(error);
    await ctx.log.warning(`Could not list GARM's scalesets (${reason}); retrying later`);
    return undefined;
  }
}

/** Step 4 on the hook's client: bootstrap, the leader's objects, then the listing retirement needs. */
async function syncWithClient(
  ctx: HookContext,
  client: GarmClient,
  state: CharmState,
  options: GarmCharmOptions,
  retiring: boolean,
): Promise<GarmSync> {
  const admin = await readAdminCredentials(ctx);
  if (admin === undefined) return { status: waiting(STATUS_WAITING_SECRETS), inUse: undefined };
  const bootstrap = await bootstrapGarm({
    client,
    isLeader: state.isLeader,
    admin,
    controllerUrls: state.controllerUrls,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    log: (message) => ctx.log.info(message),
  });
  if (bootstrap.kind === "waiting") return { status: waiting(bootstrap.message), inUse: undefined };
  if (bootstrap.kind === "failed") {
    return { status: await syncFailed(ctx, bootstrap), inUse: undefined };
  }
  const objects: ObjectsResult =
    bootstrap.kind === "leader-ready"
      ? await reconcileObjects(ctx, client, state)
      : { status: undefined, failed: false };
  // A failed object step leaves no fresh view of GARM to retire providers on.
  const listed = retiring && !objects.failed ? await listProvidersInUse(ctx, client) : undefined;
  return { status: objects.status, inUse: listed };
}

/** Step 4: one GARM client for the hook, closed whatever happens. */
async function syncGarm(
  ctx: HookContext,
  state: CharmState,
  options: GarmCharmOptions,
  retiring: boolean,
): Promise<GarmSync> {
  const client = new GarmClient({
    baseUrl: options.garmUrl ?? DEFAULT_GARM_URL,
    timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });
  try {
    return await syncWithClient(ctx, client, state, options, retiring);
  } finally {
    await client.close();
  }
}

/**
 * Step 5: once GARM was listed, the departed providers it no longer uses leave the record, and
 * the workload is applied again without them (their files removed, GARM replanned): a provider's
 * files must outlive GARM's use of it, so this is the one case of a second apply in a hook.
 */
async function retireProviders(
  ctx: HookContext,
  state: CharmState,
  retirement: ProviderRetirement,
  inUse: ReadonlySet<string> | undefined,
): Promise<StatusToSet | undefined> {
  if (inUse === undefined) return undefined;
  const settled = await settleRetirement(ctx, retirement, inUse);
  if (settled.retained.length === retirement.retained.length) return undefined;
  const applied = await configureWorkload(ctx, workloadInput(state, settled.retained));
  return applied.kind === "invalid" ? blocked(applied.message) : undefined;
}

/** Step 6 when GARM is configured: what is left undone, else what configurators there are. */
function garmStatus(state: CharmState, sync: GarmSync): StatusToSet {
  if (sync.status !== undefined) return sync.status;
  const tls = databaseTlsNote(state.databaseTls);
  if (state.providers.length > 0) return activeWith(tls);
  return state.configuratorsRelated
    ? waiting(STATUS_WAITING_CONFIGURATOR)
    : activeWith(STATUS_NO_CONFIGURATOR, tls);
}

/** Steps 2-7; returns the status to show. */
async function reconcileWorkloadAndGarm(
  ctx: HookContext,
  isLeader: boolean,
  options: GarmCharmOptions,
  sources: Promise<StateSources>,
): Promise<StatusToSet> {
  const container = ctx.container(GARM_CONTAINER);
  if (!(await container.canConnect())) return waiting(STATUS_WAITING_PEBBLE);

  const read = await readCharmState(ctx, isLeader, sources);
  if (read.kind === "no-database") {
    await stopGarmIfRunning(ctx);
    return blocked(STATUS_MISSING_DATABASE);
  }
  if (read.kind !== "ready") return read.kind === "waiting" ? waiting(read.message) : blocked(read.message);
  const { state } = read;

  const retirement = await startRetirement(ctx, container.pebble, activeProviderNames(state.providers));
  const workload = await configureWorkload(ctx, workloadInput(state, retirement.retained));
  if (workload.kind === "invalid") return blocked(workload.message);
  await openApiPort(ctx);

  const sync = await syncGarm(ctx, state, options, retiringProviderNames(retirement).length > 0);
  const retired = await retireProviders(ctx, state, retirement, sync.inUse);
  const planner = await reconcilePlannerService(ctx, isLeader, state.planner, {
    garmUrl: options.garmUrl ?? DEFAULT_GARM_URL,
    ...(options.planner?.bundlePath === undefined ? {} : { bundlePath: options.planner.bundlePath }),
    metricsUrl: options.planner?.metricsUrl ?? DEFAULT_RECONCILER_METRICS_URL,
  });
  return withPlannerStatus(retired ?? garmStatus(state, sync), planner);
}

async function reconcile(ctx: HookContext, options: GarmCharmOptions): Promise<void> {
  const pebbleReads = startPebbleReads((name) => ctx.container(name).pebble, PEBBLE_READ_AHEAD);
  await ctx.prefetch(READ_AHEAD.plan);
  // A leader being removed acts as a follower: its view of the configurators is empty.
  const isLeader = (await ctx.isLeader()) && !(await unitIsLeaving(ctx));
  // The state's reads run alongside the steps before the workload's; they log nothing.
  const sources = readStateSources(ctx, isLeader);
  try {
    // Secrets first: they must exist from install/leader-elected on, whatever else is missing.
    if (isLeader) await ensureGarmSecrets(ctx);
    await requestDatabaseIfLeader(ctx, isLeader);
    await publishRelationData(ctx, isLeader);
    await forwardLogs(ctx, isLeader);
    await publishDashboards(ctx, isLeader);
    await publishStatus(ctx, await reconcileWorkloadAndGarm(ctx, isLeader, options, sources), isLeader);
  } finally {
    // No read outlives the hook, whichever step ended it.
    await Promise.allSettled([pebbleReads, sources]);
  }
}

export function createGarmCharm(options: GarmCharmOptions = {}): Charm {
  return async (ctx) => {
    const event = ctx.event;
    if (event.kind === "action") {
      if (event.name === GET_CREDENTIALS_ACTION) await getCredentialsAction(ctx);
      if (event.name === PLAN_ACTION) {
        await planAction(ctx, {
          garmUrl: options.garmUrl ?? DEFAULT_GARM_URL,
          requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        });
      }
      return;
    }
    if (!observes(event)) return;
    await reconcile(ctx, options);
  };
}

export const garmCharm: Charm = createGarmCharm();

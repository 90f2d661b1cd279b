/**
 * The garm-configurator charm: every event it observes runs one idempotent reconcile.
 *
 *   config + secrets ──► validated config ──► image relation (credentials out, image id back)
 *                                         ├─► planner relation (leader: flavor out, endpoint and token back)
 *                                         └─► garm-configurator relation (scaleset; leader adds
 *                                             secret URIs and provider fields once the image id is known,
 *                                             and the planner link while the planner is ready)
 */
import {
  eventFilter,
  InvalidConfigError,
  SecretNotFoundError,
  type Charm,
  type HookContext,
  type Relation,
  type SecretEvent,
} from "@garm-charms/charm-runtime";
import {
  type ConfiguratorCredentials,
  type PlannerLink,
  readImageProviderData,
  selectImageId,
  writeGarmConfiguratorUnitData,
  writeImageRequest,
} from "@garm-charms/interfaces";
import * as z from "zod";

import { parseConfiguratorConfig, type ConfigProblem, type ConfiguratorConfig } from "./config.js";
import { RECONCILED_EVENTS } from "./observed-events.js";
import { forwardPlanner, reconcilePlannerRelation, type PlannerState } from "./planner.js";
import { buildCredentials, buildImageRequest, buildPublication } from "./publication.js";
import { READ_AHEAD } from "./read-ahead.js";
import {
  ensureRelationSecret,
  GITHUB_KEY_SECRET_LABEL,
  PASSWORD_SECRET_LABEL,
  PLANNER_TOKEN_SECRET_LABEL,
  readOptionSecret,
} from "./secrets.js";

export const IMAGE_ENDPOINT = "image";
export const GARM_ENDPOINT = "garm-configurator";

export const STATUS_WAITING_IMAGE_RELATION = "Waiting for image builder relation";
export const STATUS_WAITING_IMAGE_ID = "Waiting for image UUID from image builder";
export const STATUS_READY = "Ready";

/** The events this charm reconciles on (declared in observed-events.ts, for the dispatch entry too). */
export const observes = eventFilter(RECONCILED_EVENTS);

const rawConfigSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/**
 * Every problem to the log, the first as the blocked status. The messages are sentences that name
 * their option (`openstack-network is required`), so the status is the first one as it is.
 */
async function block(ctx: HookContext, problems: readonly ConfigProblem[]): Promise<void> {
  const error = new InvalidConfigError(
    problems.map(({ option, message, detail }) => ({ option, problem: message, detail })),
  );
  await ctx.setUnitStatus(await ctx.reportInvalidConfig(error, { phrasing: "sentence" }));
}

interface ResolvedSecrets {
  readonly password: string;
  readonly privateKey: string;
}

async function resolveSecrets(
  ctx: HookContext,
  config: ConfiguratorConfig,
): Promise<{ ok: true; secrets: ResolvedSecrets } | { ok: false; problems: ConfigProblem[] }> {
  const [password, privateKey] = await Promise.all([
    readOptionSecret(ctx, "openstack-password", config.openstack.passwordSecretId),
    readOptionSecret(ctx, "github-app-private-key", config.githubApp.privateKeySecretId),
  ]);
  if (!password.ok || !privateKey.ok) {
    return { ok: false, problems: [password, privateKey].flatMap((read) => (read.ok ? [] : [read.problem])) };
  }
  return { ok: true, secrets: { password: password.value, privateKey: privateKey.value } };
}

/** Sends the OpenStack credentials to the image builder and returns the image id it published. */
async function reconcileImageRelation(
  relation: Relation,
  config: ConfiguratorConfig,
  password: string,
  ctx: HookContext,
): Promise<string | undefined> {
  await relation.localUnitData.update(writeImageRequest(buildImageRequest(config, password)));
  // A departing image-builder unit's image is no longer served; do not publish it.
  const present = relation.remoteUnits.filter((unit) => unit !== relation.departingUnit);
  const units = await Promise.all(
    present.map(async (unit) => ({ unit, data: await relation.remoteUnitData(unit).get() })),
  );
  for (const { unit, data } of units) {
    const read = readImageProviderData(data);
    if (!read.ok && read.state === "invalid") {
      await ctx.log.warning(
        `Ignoring image data from ${unit}: ${read.problems.map((p) => p.message).join("; ")}`,
      );
    }
  }
  return selectImageId(units);
}

/**
 * Publishes the scaleset; the leader adds the credentials (as secret URIs) once the image id is
 * known, and the planner link when there is one.
 */
async function reconcileGarmRelation(
  ctx: HookContext,
  relation: Relation,
  config: ConfiguratorConfig,
  secrets: ResolvedSecrets,
  imageId: string | undefined,
  planner: PlannerLink | undefined,
): Promise<void> {
  let credentials: ConfiguratorCredentials | undefined;
  if (imageId !== undefined && (await ctx.isLeader())) {
    const passwordSecretUri = await ensureRelationSecret(
      ctx,
      relation,
      PASSWORD_SECRET_LABEL,
      secrets.password,
    );
    const privateKeySecretUri = await ensureRelationSecret(
      ctx,
      relation,
      GITHUB_KEY_SECRET_LABEL,
      secrets.privateKey,
    );
    credentials = buildCredentials(config, { passwordSecretUri, privateKeySecretUri });
  }
  const write = writeGarmConfiguratorUnitData(
    buildPublication(config, ctx.unit, imageId, credentials, planner),
  );
  await relation.localUnitData.update(write.data);
}

/** The leader's relation secrets (lookup and latest content), read while the option secrets are. */
async function readRelationSecretsAhead(ctx: HookContext): Promise<void> {
  if ((await ctx.relation(GARM_ENDPOINT)) === undefined) return;
  await ctx.prefetch({
    ownedSecretsPeek: [PLANNER_TOKEN_SECRET_LABEL, PASSWORD_SECRET_LABEL, GITHUB_KEY_SECRET_LABEL],
  });
}

/** The whole desired state, from scratch, on every observed event. */
export async function reconcile(ctx: HookContext): Promise<void> {
  await ctx.prefetch(READ_AHEAD.plan);
  const parsed = parseConfiguratorConfig(await ctx.config(rawConfigSchema));
  if (!parsed.ok) {
    await block(ctx, parsed.problems);
    return;
  }
  const { config } = parsed;
  const [resolved] = await Promise.all([resolveSecrets(ctx, config), readRelationSecretsAhead(ctx)]);
  if (!resolved.ok) {
    await block(ctx, resolved.problems);
    return;
  }
  const imageRelation = await ctx.relation(IMAGE_ENDPOINT);
  const imageId =
    imageRelation === undefined
      ? undefined
      : await reconcileImageRelation(imageRelation, config, resolved.secrets.password, ctx);
  const planner = await reconcilePlannerRelation(ctx, config);
  const garmRelation = await ctx.relation(GARM_ENDPOINT);
  const plannerLink = (await ctx.isLeader())
    ? await forwardPlanner(ctx, garmRelation, config, planner)
    : undefined;
  if (garmRelation !== undefined) {
    await reconcileGarmRelation(ctx, garmRelation, config, resolved.secrets, imageId, plannerLink);
  }
  await ctx.setUnitStatus(unitStatus(imageRelation !== undefined, imageId, planner));
}

/**
 * The image decides between waiting and Ready. The planner adds to it: unusable planner data
 * blocks (someone must fix the planner), and a planner that has not answered yet is a note on
 * Ready, since the scaleset runs on its static floor meanwhile.
 */
function unitStatus(
  imageRelated: boolean,
  imageId: string | undefined,
  planner: PlannerState,
): { name: "active" | "waiting" | "blocked"; message: string } {
  if (planner.kind === "invalid") return { name: "blocked", message: planner.message };
  if (!imageRelated) return { name: "waiting", message: STATUS_WAITING_IMAGE_RELATION };
  if (imageId === undefined) return { name: "waiting", message: STATUS_WAITING_IMAGE_ID };
  if (planner.kind === "waiting") return { name: "active", message: `${STATUS_READY}; ${planner.note}` };
  return { name: "active", message: STATUS_READY };
}

/**
 * Juju tells the owner when no consumer tracks a revision any more (garm has refreshed to the
 * rotated one): drop that revision so old passwords do not linger in the secret backend.
 */
async function removeUnusedRevision(ctx: HookContext, event: SecretEvent, revision: number): Promise<void> {
  if (!(await ctx.isLeader())) return;
  const name = event.secretLabel ?? event.secretId;
  try {
    const secret = await ctx.getSecret({ id: event.secretId });
    await secret.removeRevision(revision);
  } catch (error) {
    // Already gone (the event was delivered again, or the secret was removed): nothing to do.
    if (!(error instanceof SecretNotFoundError)) throw error;
    await ctx.log.info(`Revision ${String(revision)} of secret ${name} is already removed`);
    return;
  }
  await ctx.log.info(`Removed revision ${String(revision)} of secret ${name}`);
}

export const garmConfiguratorCharm: Charm = async (ctx) => {
  const event = ctx.event;
  if (event.kind === "secret-remove" && event.revision !== undefined) {
    await removeUnusedRevision(ctx, event, event.revision);
    return;
  }
  if (!observes(event)) return;
  await reconcile(ctx);
};

/**
 * The `planner` relation (github_runner_planner_v0, requirer): the leader declares the scaleset
 * as a planner flavor in its app databag, reads the planner's endpoint and token secret, and
 * (in charm.ts) forwards both to garm, the token re-wrapped in a secret of this application.
 *
 * Only the leader takes part: the relation uses application databags, and only the leader owns
 * the re-wrapped secret. Other units neither write nor read it.
 */
import type { HookContext, Relation } from "@garm-charms/charm-runtime";
import { readPlannerProviderData, writePlannerFlavor, type PlannerLink } from "@garm-charms/interfaces";

import type { ConfiguratorConfig } from "./config.js";
import { buildPlannerFlavor, buildPlannerLink } from "./publication.js";
import {
  ensureRelationSecret,
  PLANNER_TOKEN_SECRET_LABEL,
  readPlannerTokenSecret,
  removeRelationSecret,
} from "./secrets.js";

export const PLANNER_ENDPOINT = "planner";

/** Notes added to `Ready` while the planner has not answered: the scaleset runs without it. */
export const PLANNER_NOTE_NOT_PUBLISHED = "waiting for the planner's endpoint and token";
export const PLANNER_NOTE_TOKEN_UNREADABLE = "the planner's token secret cannot be read yet";

export type PlannerState =
  /** No planner relation, or not the leader: nothing to forward, nothing to say. */
  | { readonly kind: "none" }
  /** Related, but the planner has not (fully) answered yet. */
  | { readonly kind: "waiting"; readonly note: string }
  /** The planner published something unusable; `message` is one line, without secret values. */
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "ready"; readonly endpoint: string; readonly token: string };

const NONE: PlannerState = { kind: "none" };

/** What the planner answered: endpoint and token, or why they cannot be forwarded. */
async function readPlannerAnswer(ctx: HookContext, relation: Relation): Promise<PlannerState> {
  if (relation.remoteAppName === undefined) return { kind: "waiting", note: PLANNER_NOTE_NOT_PUBLISHED };
  const read = readPlannerProviderData(await relation.remoteAppData.get());
  if (!read.ok) {
    if (read.state === "incomplete") return { kind: "waiting", note: PLANNER_NOTE_NOT_PUBLISHED };
    const messages = read.problems.map((p) => p.message);
    await ctx.log.warning(`Ignoring the planner's data: ${messages.join("; ")}`);
    return { kind: "invalid", message: `planner relation: ${messages[0] ?? "invalid data"}` };
  }
  const token = await readPlannerTokenSecret(ctx, read.value.tokenSecretUri);
  if (token.ok) return { kind: "ready", endpoint: read.value.endpoint, token: token.token };
  if (token.kind === "unreadable") {
    await ctx.log.info(`The planner's token secret cannot be read yet (${token.detail})`);
    return { kind: "waiting", note: PLANNER_NOTE_TOKEN_UNREADABLE };
  }
  await ctx.log.warning(`Ignoring the planner's token: ${token.problem}`);
  return { kind: "invalid", message: `planner relation: ${token.problem}` };
}

/** Leader: declares the flavor, then reads the planner's answer. Others: nothing. */
export async function reconcilePlannerRelation(
  ctx: HookContext,
  config: ConfiguratorConfig,
): Promise<PlannerState> {
  const relation = await ctx.relation(PLANNER_ENDPOINT);
  if (relation === undefined || !(await ctx.isLeader())) return NONE;
  // Written first and on every reconcile: the planner issues a token only once it is there.
  await relation.localAppData.update(writePlannerFlavor(buildPlannerFlavor(config)).data);
  return readPlannerAnswer(ctx, relation);
}

/**
 * Leader only: the planner link to publish to garm, with the token re-wrapped in this
 * application's secret (created, updated only when the token changed, granted to `garm`).
 * When the planner is not ready the secret is revoked and removed; without a garm relation a
 * ready link is kept as it is until there is one to grant it to.
 */
export async function forwardPlanner(
  ctx: HookContext,
  garm: Relation | undefined,
  config: ConfiguratorConfig,
  state: PlannerState,
): Promise<PlannerLink | undefined> {
  if (state.kind !== "ready") {
    await removeRelationSecret(ctx, garm, PLANNER_TOKEN_SECRET_LABEL);
    return undefined;
  }
  if (garm === undefined) return undefined;
  const uri = await ensureRelationSecret(ctx, garm, PLANNER_TOKEN_SECRET_LABEL, state.token);
  return buildPlannerLink(config, state.endpoint, uri);
}

/**
 * One pass of a provider stand-in that answers its requirers as the leader: invalid config
 * blocks, a non-leader is active and writes nothing, the leader answers each relation still
 * standing on the endpoint and names in its status how many requests it refused.
 */
import type { ConfigCheck, HookContext, Relation } from "@garm-charms/charm-runtime";

import { standingRelations } from "./relations.js";

export type Answer = "answered" | "waiting" | "refused";

export interface ProviderPass<Settings> {
  readonly endpoint: string;
  /** What is refused, for the status: "database request(s)". */
  readonly requests: string;
  readonly answer: (ctx: HookContext, relation: Relation, settings: Settings) => Promise<Answer>;
  /** Leader work before the answers, such as forgetting a breaking relation. */
  readonly beforeAnswers?: (ctx: HookContext) => Promise<void>;
}

export async function answerAsLeader<Settings>(
  ctx: HookContext,
  checked: ConfigCheck<Settings>,
  pass: ProviderPass<Settings>,
): Promise<void> {
  if (!checked.ok) {
    await ctx.setUnitStatus(checked.status);
    return;
  }
  if (!(await ctx.isLeader())) {
    await ctx.setUnitStatus({ name: "active", message: "" });
    return;
  }
  await pass.beforeAnswers?.(ctx);
  const answers: Answer[] = [];
  for (const relation of await standingRelations(ctx, pass.endpoint)) {
    answers.push(await pass.answer(ctx, relation, checked.config));
  }
  const refused = answers.filter((a) => a === "refused").length;
  await ctx.setUnitStatus(
    refused === 0
      ? { name: "active", message: "" }
      : { name: "active", message: `${String(refused)} ${pass.requests} refused: see debug-log` },
  );
}

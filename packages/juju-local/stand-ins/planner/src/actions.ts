/**
 * The actions, run on the leader (whose unit runs the planner) against the fake's control
 * endpoint: `set-pressure` sets a declared flavor's job count, `kill-streams` ends the open
 * streams. Failures are one-line action failures; nothing here is secret but the token.
 */
import { echoInput, type HookContext } from "@garm-charms/charm-runtime";
import type { PlannerFakeRemote } from "@garm-charms/planner-fake";
import * as z from "zod";

import { TOKEN_SECRET_LABEL } from "./layout.js";

const setPressureSchema = z.object({ flavor: z.string().min(1), pressure: z.number().int().min(0) });
const killStreamsSchema = z.object({ mode: z.enum(["eof", "reset"]).default("eof") });

async function setPressure(ctx: HookContext, remote: PlannerFakeRemote): Promise<void> {
  const { flavor, pressure } = await ctx.actionParams(setPressureSchema);
  const names = (await remote.state()).flavors.map((f) => f.name);
  if (!names.includes(flavor)) {
    const known = names.length === 0 ? "none" : names.map(echoInput).join(", ");
    await ctx.failAction(
      `The planner has no flavor ${echoInput(flavor)} (it has: ${known}); integrate the application that declares it`,
    );
    return;
  }
  const after = await remote.setPressure(flavor, pressure);
  const reported = after.flavors.find((f) => f.name === flavor)?.reported ?? pressure;
  await ctx.setActionResults({ flavor, pressure: String(reported) });
}

async function killStreams(ctx: HookContext, remote: PlannerFakeRemote): Promise<void> {
  const { mode } = await ctx.actionParams(killStreamsSchema);
  const before = (await remote.state()).openStreams;
  await remote.dropStreams(mode);
  await ctx.setActionResults({ dropped: String(before), mode });
}

const ACTIONS: Readonly<Record<string, (ctx: HookContext, remote: PlannerFakeRemote) => Promise<void>>> = {
  "set-pressure": setPressure,
  "kill-streams": killStreams,
};

export async function runAction(
  ctx: HookContext,
  name: string,
  connect: (token: string) => PlannerFakeRemote,
): Promise<void> {
  const action = ACTIONS[name];
  if (action === undefined) return;
  if (!(await ctx.isLeader())) {
    await ctx.failAction(`Run ${name} on the leader unit: it runs the planner`);
    return;
  }
  const secret = await ctx.findSecret({ label: TOKEN_SECRET_LABEL });
  const token = secret === undefined ? undefined : (await secret.getContent({ peek: true }))["token"];
  if (token === undefined) {
    await ctx.failAction("The planner has no token yet: wait for the leader's first hooks to finish");
    return;
  }
  try {
    await action(ctx, connect(token));
  } catch (error) {
    // The fake's errors are one line and never carry the token; a connection error names no secret.
    await ctx.failAction(`The planner service did not take ${name}: ${(error as Error).message}`);
  }
}

/**
 * The planner stand-in. On every event the leader:
 *
 *   token secret (made once) ──► granted to each relation whose requirer wrote its flavor,
 *                                endpoint + token URI in the provider app databag
 *   planner container       ──► planner fake code + token file (0600) pushed, layer, running
 *   requirers' flavors      ──► created in the fake over its control endpoint
 *
 * Non-leaders write nothing and keep no service running. Actions drive the fake on the leader.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

import { echoInput, type Charm, type HookContext, type StatusToSet } from "@garm-charms/charm-runtime";
import { writePlannerProviderData } from "@garm-charms/interfaces";
import { connectPlannerFake, type PlannerFakeRemote } from "@garm-charms/planner-fake";
import { ensureOwnedSecret, grantOwnedSecret, standingRelations } from "@garm-charms/stand-in-shared";
import * as z from "zod";

import { declaredFlavors, syncFlavors, type Declared } from "./flavors.js";
import { PLANNER_BUNDLE, PLANNER_CONTAINER, PLANNER_ENDPOINT, TOKEN_SECRET_LABEL } from "./layout.js";
import { deliverPlanner, retirePlanner } from "./service.js";
import { runAction } from "./actions.js";

export interface PlannerStandInOptions {
  /** The fake's bundle; relative paths are from the charm directory (dispatch's cwd). */
  readonly bundlePath?: string;
  /** How long a hook waits for a (re)started service to answer before it reports waiting. */
  readonly answerTimeoutMs?: number;
  readonly connect?: (url: string, token: string) => PlannerFakeRemote;
}

const configSchema = z.object({
  port: z.number().int().min(1, "must be a port number").max(65_535, "must be a port number"),
  "listen-address": z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/, "must be an IP address or host name"),
  endpoint: z.string().regex(/^(https?:\/\/[^\s]+)?$/, "must be an http(s) URL or empty"),
});

export type PlannerSettings = z.output<typeof configSchema>;

export const STATUS_WAITING_CONTAINER = "Waiting for the planner container";
export const STATUS_CODE_MISSING = `The charm lacks ${PLANNER_BUNDLE}: repack it with ./scripts/pack --stand-ins`;
export const STATUS_STANDBY = "Standby: the leader unit runs the planner";

/** Where the charm reaches the service: the same pod (or, in the local model, the same host). */
export function serviceUrl(settings: PlannerSettings): string {
  const address = settings["listen-address"];
  const host = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${String(settings.port)}`;
}

/** The planner's token: 32 random bytes, base64url without padding (43 characters), as it issues them. */
async function ensureToken(ctx: HookContext): Promise<{ uri: string; token: string }> {
  const secret = await ensureOwnedSecret(ctx, TOKEN_SECRET_LABEL, (current) =>
    current?.["token"] ? current : { token: randomBytes(32).toString("base64url") },
  );
  return { uri: secret.uri, token: secret.content["token"] ?? "" };
}

async function answerRelations(
  ctx: HookContext,
  declared: readonly Declared[],
  endpoint: string,
  uri: string,
): Promise<void> {
  for (const { relation } of declared) {
    await grantOwnedSecret(ctx, TOKEN_SECRET_LABEL, relation);
    await relation.localAppData.update(writePlannerProviderData({ endpoint, tokenSecretUri: uri }).data);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** True once the service answers its control endpoint. */
async function answers(remote: PlannerFakeRemote, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await remote.state();
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await sleep(200);
    }
  }
}

async function readCode(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(resolve(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

type Running =
  | { readonly ok: true; readonly remote: PlannerFakeRemote }
  | { readonly ok: false; readonly status: StatusToSet };

async function runService(
  ctx: HookContext,
  settings: PlannerSettings,
  token: string,
  options: PlannerStandInOptions,
): Promise<Running> {
  const container = ctx.container(PLANNER_CONTAINER);
  if (!(await container.canConnect()))
    return { ok: false, status: { name: "waiting", message: STATUS_WAITING_CONTAINER } };
  const code = await readCode(options.bundlePath ?? PLANNER_BUNDLE);
  if (code === undefined) return { ok: false, status: { name: "blocked", message: STATUS_CODE_MISSING } };
  const spec = { code, token, listenAddress: settings["listen-address"], port: settings.port };
  const outcome = await deliverPlanner(container.pebble, spec);
  if (outcome !== "running") await ctx.log.info(`Planner service ${outcome}`);
  const url = serviceUrl(settings);
  const remote = (options.connect ?? defaultConnect)(url, token);
  if (!(await answers(remote, options.answerTimeoutMs ?? 10_000))) {
    return {
      ok: false,
      status: { name: "waiting", message: `The planner service does not answer on ${url} yet` },
    };
  }
  return { ok: true, remote };
}

function defaultConnect(url: string, token: string): PlannerFakeRemote {
  return connectPlannerFake({ url, token });
}

async function retireHere(ctx: HookContext): Promise<void> {
  const container = ctx.container(PLANNER_CONTAINER);
  if (!(await container.canConnect())) return;
  if (await retirePlanner(container.pebble))
    await ctx.log.info("Stopped the planner service (not the leader)");
}

async function reconcile(ctx: HookContext, options: PlannerStandInOptions): Promise<void> {
  const checked = await ctx.checkConfig(configSchema);
  if (!checked.ok) {
    await ctx.setUnitStatus(checked.status);
    return;
  }
  if (!(await ctx.isLeader())) {
    await retireHere(ctx);
    await ctx.setUnitStatus({ name: "active", message: STATUS_STANDBY });
    return;
  }
  const settings = checked.config;
  const { uri, token } = await ensureToken(ctx);
  const declared = await declaredFlavors(ctx, await standingRelations(ctx, PLANNER_ENDPOINT));
  await answerRelations(ctx, declared, settings.endpoint || serviceUrl(settings), uri);
  const running = await runService(ctx, settings, token, options);
  if (!running.ok) {
    await ctx.setUnitStatus(running.status);
    return;
  }
  const wanted = declared.flatMap(({ flavor }) => (flavor === undefined ? [] : [flavor]));
  const sync = await syncFlavors(running.remote, wanted);
  if (sync.created.length > 0)
    await ctx.log.info(`Created flavors ${sync.created.map(echoInput).join(", ")}`);
  if (sync.removed.length > 0)
    await ctx.log.info(`Removed flavors ${sync.removed.map(echoInput).join(", ")}`);
  await ctx.setUnitStatus({ name: "active", message: "" });
}

export function plannerStandIn(options: PlannerStandInOptions = {}): Charm {
  return async (ctx) => {
    if (ctx.event.kind === "action") {
      const settings = await ctx.config(configSchema);
      await runAction(ctx, ctx.event.name, (token) =>
        (options.connect ?? defaultConnect)(serviceUrl(settings), token),
      );
      return;
    }
    await reconcile(ctx, options);
  };
}

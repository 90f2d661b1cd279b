/**
 * Bootstrapping GARM over its REST API, in the only order GARM accepts:
 *   wait until it answers -> first-run (leader, once) -> log in -> controller URLs -> gated calls.
 * The leader does all of it; other units only check that GARM answers and is initialised (their
 * probe logs in too), since every unit's GARM shares the one database (admin user and controller
 * URLs live there).
 * Nothing here throws for GARM being down or refusing: the result says what to tell the operator,
 * as the charm's one GARM error policy (../garm-failure.ts) judges it; a bug propagates.
 */
import type { GarmClient } from "@garm-charms/garm-client";
import { GarmApiError, type GarmReadiness } from "@garm-charms/garm-client";
import { sameControllerUrls, type ControllerUrls } from "./controller-urls.js";
import { isNoAnswer, survivedGarmFailure, type SurvivedGarmFailure } from "../garm-failure.js";
import { STATUS_WAITING_GARM, STATUS_WAITING_LEADER_INIT, STATUS_WAITING_LEADER_URLS } from "../status.js";
import type { AdminCredentialsContent } from "../workload/index.js";

export interface BootstrapTimings {
  /** How long to wait for GARM to answer at all (it may just have been restarted). */
  readonly readyTimeoutMs: number;
  readonly readyIntervalMs: number;
}

export interface BootstrapInput {
  readonly client: GarmClient;
  readonly isLeader: boolean;
  readonly admin: AdminCredentialsContent;
  readonly controllerUrls: ControllerUrls;
  readonly timings: BootstrapTimings;
  readonly log: (message: string) => Promise<void>;
}

export type BootstrapResult =
  /** Leader: logged in, controller URLs set; every API call is open to `client`. */
  | { readonly kind: "leader-ready" }
  /** Non-leader: GARM answers and the leader has initialised it. */
  | { readonly kind: "follower-ready" }
  | { readonly kind: "waiting"; readonly message: string }
  /** A GARM call failed; `severity` says whether a later hook or the operator clears it. */
  | ({ readonly kind: "failed" } & SurvivedGarmFailure);

async function firstRun(input: BootstrapInput): Promise<void> {
  const { admin } = input;
  try {
    await input.client.firstRun({
      username: admin.username,
      password: admin.password,
      email: admin.email,
      fullName: admin["full-name"],
    });
    await input.log(`Initialised GARM with admin user ${admin.username}`);
  } catch (error) {
    // Another unit's GARM (same database) got there first: initialised is what we wanted.
    if (error instanceof GarmApiError && error.isConflict) return;
    throw error;
  }
}

/** Sets the URLs when they differ; true when it wrote them. */
async function ensureControllerUrls(input: BootstrapInput): Promise<boolean> {
  // A probe that found GARM ready has just read the controller.
  const current = input.client.probedController ?? (await input.client.controller());
  if (sameControllerUrls(current, input.controllerUrls)) return false;
  await input.client.updateController(input.controllerUrls);
  await input.log(
    `Set GARM controller URLs under ${input.controllerUrls.metadataUrl.replace(/\/api\/v1\/metadata$/, "")}`,
  );
  return true;
}

async function bootstrapLeader(input: BootstrapInput, readiness: GarmReadiness): Promise<BootstrapResult> {
  if (readiness === "init-required") await firstRun(input);
  // The probe logged in unless GARM had no admin yet.
  if (!input.client.isLoggedIn) await input.client.login(input.admin.username, input.admin.password);
  // URLs first: every other API route answers 409 urls_required until they are set.
  const written = await ensureControllerUrls(input);
  // Proves the URL gate is open before the object reconcilers start (the probe did, if nothing changed).
  if (written || readiness !== "ready") await input.client.controllerInfo();
  return { kind: "leader-ready" };
}

function followerResult(readiness: GarmReadiness): BootstrapResult {
  if (readiness === "init-required") return { kind: "waiting", message: STATUS_WAITING_LEADER_INIT };
  if (readiness === "urls-required") return { kind: "waiting", message: STATUS_WAITING_LEADER_URLS };
  return { kind: "follower-ready" };
}

export async function bootstrapGarm(input: BootstrapInput): Promise<BootstrapResult> {
  let readiness: GarmReadiness;
  try {
    // Probing by logging in: GARM logs an ERROR line for every 401 an anonymous probe would get.
    readiness = await input.client.waitUntilReady({
      timeoutMs: input.timings.readyTimeoutMs,
      intervalMs: input.timings.readyIntervalMs,
      login: { username: input.admin.username, password: input.admin.password },
    });
  } catch (error) {
    if (isNoAnswer(error)) {
      await input.log(`GARM is not answering yet: ${error.message}`);
      return { kind: "waiting", message: STATUS_WAITING_GARM };
    }
    return { kind: "failed", ...survivedGarmFailure(error) };
  }
  if (!input.isLeader) return followerResult(readiness);
  try {
    return await bootstrapLeader(input, readiness);
  } catch (error) {
    return { kind: "failed", ...survivedGarmFailure(error) };
  }
}

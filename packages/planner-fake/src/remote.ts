/** Drives a planner fake in another process through its control endpoint. */
import { request } from "undici";
import * as z from "zod";
import type { PlannerFakeControls, PlannerFakeState } from "./core.js";
import { PlannerFakeError } from "./errors.js";

/** Every control operation, answered with the fake's state after it. */
export type PlannerFakeRemote = {
  readonly [K in keyof PlannerFakeControls]: (
    ...args: Parameters<PlannerFakeControls[K]>
  ) => Promise<PlannerFakeState>;
};

const stateSchema = z.object({
  flavors: z.array(
    z.object({
      name: z.string(),
      platform: z.string(),
      labels: z.array(z.string()),
      priority: z.number(),
      isDisabled: z.boolean(),
      minimumPressure: z.number(),
      pressure: z.number(),
      reported: z.number(),
    }),
  ),
  openStreams: z.number(),
  refusingAuth: z.boolean(),
});

const errorSchema = z.object({ error: z.string() });

export interface RemoteOptions {
  /** The fake's `controlUrl` (its origin). */
  readonly url: string;
  /** The fake's token. */
  readonly token: string;
}

/** A control client; each call is one request to `/_control/...`. */
export function connectPlannerFake(options: RemoteOptions): PlannerFakeRemote {
  const call = (method: "GET" | "POST" | "DELETE", operation: string, body?: unknown) =>
    controlCall(options, method, operation, body);
  return {
    setPressure: (flavor, pressure) => call("POST", "pressure", { flavor, pressure }),
    addFlavor: (flavor) => call("POST", "flavors", flavor),
    removeFlavor: (name) => call("DELETE", `flavors/${encodeURIComponent(name)}`),
    dropStreams: (mode) => call("POST", "drop-streams", mode === undefined ? {} : { mode }),
    stallStreams: () => call("POST", "stall-streams", {}),
    sendEmpty: () => call("POST", "send-empty", {}),
    refuseAuth: (on) => call("POST", "refuse-auth", { on }),
    heartbeat: () => call("POST", "heartbeat", {}),
    state: () => call("GET", "state"),
  };
}

async function controlCall(
  options: RemoteOptions,
  method: "GET" | "POST" | "DELETE",
  operation: string,
  body: unknown,
): Promise<PlannerFakeState> {
  const url = new URL(`_control/${operation}`, options.url.endsWith("/") ? options.url : options.url + "/");
  const res = await request(url, {
    method,
    headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.body.json().catch(() => undefined);
  if (res.statusCode === 200) return stateSchema.parse(json);
  const said = errorSchema.safeParse(json);
  const detail = said.success ? said.data.error : "no readable error";
  throw new PlannerFakeError(
    `planner fake control ${method} ${operation}: HTTP ${res.statusCode} (${detail})`,
  );
}

/**
 * undici's Agent and request(), loaded without the rest of undici. `import "undici"` evaluates
 * every module undici has (fetch, WebSocket, EventSource, mocks, caches, proxy agents) and with
 * them about 85 of Node's own modules: about 120 ms of a hook's start on a slow machine, for a
 * hook that needs an Agent and request(). These are the same classes undici's index.js exports
 * (the tests check identity); the version is the one the lockfile pins.
 */
import type { Dispatcher as DispatcherType } from "undici";
import AgentClass from "undici/lib/dispatcher/agent.js";
import DispatcherClass from "undici/lib/dispatcher/dispatcher.js";
import api from "undici/lib/api/index.js";

// What undici's index.js does on load: the request API lives on Dispatcher's prototype.
Object.assign(DispatcherClass.prototype, api);

export const Agent = AgentClass;
export type Agent = InstanceType<typeof AgentClass>;
export type Dispatcher = DispatcherType;

export type RequestOptions = Omit<DispatcherType.RequestOptions, "origin" | "path">;

/** undici's `request(url, { dispatcher, ... })`, with the dispatcher named first. */
export function request(
  dispatcher: DispatcherType,
  url: string,
  options: RequestOptions,
): Promise<DispatcherType.ResponseData> {
  const { origin, pathname, search } = new URL(url);
  return dispatcher.request({ ...options, origin, path: pathname + search });
}

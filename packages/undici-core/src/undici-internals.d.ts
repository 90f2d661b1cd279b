// Types for the three undici modules `index.ts` loads directly. They are the same classes and
// functions undici's own index.js re-exports, so undici's published types describe them.
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";
  const AgentClass: typeof Agent;
  export = AgentClass;
}

declare module "undici/lib/dispatcher/dispatcher.js" {
  import type { Dispatcher } from "undici";
  const DispatcherClass: typeof Dispatcher;
  export = DispatcherClass;
}

declare module "undici/lib/api/index.js" {
  import type { Dispatcher } from "undici";
  /** The request/stream/pipeline/upgrade/connect methods undici installs on Dispatcher. */
  const api: Pick<Dispatcher, "request" | "stream" | "pipeline" | "upgrade" | "connect">;
  export = api;
}

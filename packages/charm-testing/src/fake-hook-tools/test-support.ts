import { state as buildState } from "../builders.js";
import type { StateOptions } from "../builders.js";
import { parseCharmMeta } from "../meta.js";
import type { CharmMeta } from "../meta.js";
import type { HookInfo } from "./model.js";
import { FakeModel } from "./model.js";
import { FakeHookTools } from "./runner.js";

/** A charm with one of everything, for the fake-tool tests. */
export const TEST_META: CharmMeta = parseCharmMeta({
  name: "demo",
  containers: { workload: { resource: "image" } },
  requires: { db: { interface: "postgresql_client", limit: 1 } },
  provides: { website: { interface: "http" } },
  peers: { cluster: { interface: "demo_peers" } },
  "extra-bindings": { metrics: null },
  config: {
    options: {
      name: { type: "string", default: "world" },
      port: { type: "int", default: 8080 },
      ratio: { type: "float" },
      debug: { type: "boolean", default: false },
    },
  },
  actions: { backup: { params: { target: { type: "string", default: "/backup" } } } },
  resources: { image: { type: "oci-image" }, "garm-binary": { type: "file", filename: "garm" } },
});

export interface FakeSetup {
  readonly tools: FakeHookTools;
  readonly model: FakeModel;
  /** Runs one tool; returns its result. */
  run(tool: string, args: readonly string[], stdin?: string): ReturnType<FakeHookTools["run"]>;
}

export function fakeTools(options: StateOptions = {}, hook: HookInfo = {}): FakeSetup {
  const model = new FakeModel(buildState(options), TEST_META, { appName: "demo", unitId: 0 }, hook);
  const tools = new FakeHookTools(model);
  return {
    tools,
    model,
    run: (tool, args, stdin) => tools.run(stdin === undefined ? { tool, args } : { tool, args, stdin }),
  };
}

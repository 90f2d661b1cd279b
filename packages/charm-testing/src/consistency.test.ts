import { describe, expect, it } from "vitest";
import { container, relation, secret, state } from "./builders.js";
import { InconsistentStateError, actionParamsWithDefaults, checkConsistency } from "./consistency.js";
import { events } from "./events.js";
import type { HarnessEvent } from "./events.js";
import { parseCharmMeta } from "./meta.js";
import type { State } from "./state.js";

const meta = parseCharmMeta({
  name: "demo",
  containers: { web: {} },
  requires: { db: { interface: "pg" } },
  "extra-bindings": { metrics: null },
  config: { options: { ratio: { type: "float" }, flag: { type: "boolean" }, creds: { type: "secret" } } },
  actions: {
    sync: {
      params: { force: { type: "boolean", default: false }, tags: { type: "array" } },
      required: ["tags"],
    },
  },
  storage: { data: { type: "filesystem" } },
  resources: { image: { type: "oci-image" }, binary: { type: "file", filename: "app" } },
});

function problems(event: HarnessEvent, input: State): readonly string[] {
  try {
    checkConsistency(meta, event, input);
  } catch (error) {
    if (error instanceof InconsistentStateError) return error.problems;
    throw error;
  }
  return [];
}

describe("checkConsistency", () => {
  it("accepts a sound setup", () => {
    const web = container({ name: "web", notices: [{ id: "1", type: "custom", key: "a.com/x" }] });
    const input = state({ containers: [web], config: { ratio: 1, flag: true, creds: "secret:abc" } });
    expect(
      problems(events.pebbleCustomNotice(web, { id: "1", type: "custom", key: "a.com/x" }), input),
    ).toEqual([]);
    expect(problems(events.action("sync", { tags: ["a"] }), input)).toEqual([]);
  });

  it("lists every problem at once, in a message that names each", () => {
    const input = state({ config: { ratio: "high", flag: "yes" } });
    expect(() => checkConsistency(meta, events.install(), input)).toThrow(
      /inconsistent test setup:\n {2}- config option "ratio" is declared as float but the state gives "high"\n {2}- config option "flag"/,
    );
  });

  it("checks secret-typed config values are secret URIs", () => {
    expect(problems(events.install(), state({ config: { creds: "hunter2" } }))).toEqual([
      'config option "creds" is declared as secret but the state gives "hunter2"',
    ]);
  });

  it("needs a remote unit for joined, changed and departed", () => {
    const empty = relation({ endpoint: "db", id: 3, remoteUnitsData: {} });
    expect(problems(events.relationJoined(empty), state({ relations: [empty] }))).toEqual([
      "relation-joined needs a remote unit, but relation 3 has none",
    ]);
    const full = relation({ endpoint: "db", id: 4, remoteAppName: "pg" });
    expect(
      problems(events.relationChanged(full, { remoteUnit: "mysql/0" }), state({ relations: [full] })),
    ).toEqual(["remote unit mysql/0 is not a unit of pg"]);
  });

  it("checks notices and checks exist in the container", () => {
    const web = container({ name: "web" });
    const input = state({ containers: [web] });
    expect(problems(events.pebbleCustomNotice(web, { id: "9", type: "custom", key: "k" }), input)).toEqual([
      'pebble-custom-notice for notice 9, which container "web" does not have',
    ]);
    expect(problems(events.pebbleCheckFailed(web, "alive"), input)).toEqual([
      'pebble-check-failed for check "alive", which container "web" does not have',
    ]);
  });

  it("checks storage and network bindings are declared", () => {
    expect(problems(events.storageAttached("cache"), state())).toEqual([
      'storage-attached event for storage "cache", which demo does not declare',
      "storage-attached event for storage cache/0, which is not in the state",
    ]);
    expect(
      problems(events.storageAttached("data"), state({ storages: [{ name: "data", index: 0 }] })),
    ).toEqual([]);
    expect(problems(events.install(), state({ storages: [{ name: "tmp", index: 0 }] }))).toEqual([
      `storage "tmp" is not declared in demo's charmcraft.yaml`,
    ]);
    const network = { binding: "admin", bindAddresses: [], ingressAddresses: [], egressSubnets: [] };
    expect(
      problems(events.install(), state({ networks: [network, { ...network, binding: "metrics" }] })),
    ).toEqual(['network binding "admin" is neither an endpoint nor an extra binding']);
  });

  it("checks required action params, allowing declared defaults", () => {
    expect(problems(events.action("sync", { force: true }), state())).toEqual([
      'action "sync" requires parameter "tags"',
    ]);
    expect(actionParamsWithDefaults(meta, "sync", { tags: [] })).toEqual({ force: false, tags: [] });
  });

  it("sends owner-only secret events to the owner", () => {
    const owned = secret({ owner: "unit", content: { key: "v" } });
    expect(problems(events.secretChanged(owned), state({ secrets: [owned] }))).toEqual([
      `secret-changed goes to observers, but this charm owns ${owned.id}`,
    ]);
    expect(problems(events.secretExpired(owned, 1), state({ secrets: [owned] }))).toEqual([]);
  });

  it("checks resources are declared file resources", () => {
    expect(
      problems(events.install(), state({ resources: { binary: "/r/app", image: "/r/img", extra: "/r/x" } })),
    ).toEqual([
      'resource "image" is an oci-image resource; resource-get serves file resources',
      'resource "extra" is not declared in demo\'s charmcraft.yaml',
    ]);
  });
});

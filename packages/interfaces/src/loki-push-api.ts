/**
 * `loki_push_api` interface, requirer side, as loki_k8s v1 `LogForwarder` (LIBPATCH 24) speaks it:
 * every provider unit publishes its push URL; the requirer forwards its workload's logs there with
 * Pebble log targets named after the provider units, and its leader publishes its topology and
 * (empty) Loki alert rules.
 */
import { readJsonValue } from "./json-value.js";
import * as z from "zod";
import { pythonJsonDumps } from "./python-json.js";
import { checkHttpUrl } from "./validators.js";

type Databag = Readonly<Record<string, string>>;

/** Juju topology of the requirer, as the library's labels and `metadata` carry it. */
export interface LokiTopology {
  readonly model: string;
  readonly modelUuid: string;
  readonly application: string;
  /** This unit: each unit labels its own logs (and the leader names itself in `metadata`). */
  readonly unit: string;
  readonly charmName: string;
}

/** `alert_rules` when the charm ships no Loki rule files: `cosl`'s `Rules.as_dict()` gives `{}`. */
export const LOKI_NO_ALERT_RULES = "{}";

/** The requirer leader's app databag: topology (key order as `JujuTopology.as_dict()`) and rules. */
export function lokiPushApiRequirerAppData(topology: LokiTopology): Record<string, string> {
  return {
    metadata: pythonJsonDumps({
      model: topology.model,
      model_uuid: topology.modelUuid,
      application: topology.application,
      unit: topology.unit,
      charm_name: topology.charmName,
    }),
    alert_rules: LOKI_NO_ALERT_RULES,
  };
}

const endpointSchema = z.object({
  url: z.string().refine((url) => checkHttpUrl(url) === undefined, "url must be an http(s) URL"),
});

/** One provider unit's push URL from its `endpoint` key; undefined when absent or unusable. */
export function readLokiUnitEndpoint(bag: Databag): string | undefined {
  return readJsonValue(bag["endpoint"], endpointSchema)?.url;
}

/**
 * One relation's endpoints, keyed by provider unit name, all or nothing as `LogForwarder` reads
 * them: while any unit has no usable `endpoint`, the relation contributes none.
 */
export function lokiRelationEndpoints(
  unitBags: ReadonlyMap<string, Databag>,
): ReadonlyMap<string, string> | undefined {
  const endpoints = new Map<string, string>();
  for (const [unit, bag] of unitBags) {
    const url = readLokiUnitEndpoint(bag);
    if (url === undefined) return undefined;
    endpoints.set(unit, url);
  }
  return endpoints;
}

/** A Pebble log target entry; a type alias so that it fits the runtime's open PebbleLayer type. */
export type LokiLogTarget = {
  readonly override: "replace";
  readonly services: readonly string[];
  readonly type: "loki";
  readonly location: string;
  readonly labels?: Readonly<Record<string, string>>;
};

/** The six labels LIBPATCH 24 puts on every stream (Pebble adds `pebble_service` itself). */
export function lokiLogLabels(topology: LokiTopology): Record<string, string> {
  return {
    product: "Juju",
    charm: topology.charmName,
    juju_model: topology.model,
    juju_model_uuid: topology.modelUuid,
    juju_application: topology.application,
    juju_unit: topology.unit,
  };
}

/** The target that forwards every service's logs to `url`. */
export function lokiLogTarget(url: string, topology: LokiTopology): LokiLogTarget {
  return {
    override: "replace",
    services: ["all"],
    type: "loki",
    location: url,
    labels: lokiLogLabels(topology),
  };
}

/**
 * What replaces a target whose endpoint went: targets are never deleted from a Pebble plan, only
 * switched off; Pebble wants a non-empty location, hence the library's placeholder.
 */
export const DISABLED_LOKI_LOG_TARGET: LokiLogTarget = {
  override: "replace",
  services: ["-all"],
  type: "loki",
  location: "(removed)",
};

/** Whether a plan's log target is still on: as the library, one whose services hold `-all` is off. */
export function isLogTargetEnabled(target: Readonly<Record<string, unknown>>): boolean {
  const services = target["services"];
  return Array.isArray(services) && !services.includes("-all");
}

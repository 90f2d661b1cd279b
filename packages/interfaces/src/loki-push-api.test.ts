import { describe, expect, it } from "vitest";
import {
  DISABLED_LOKI_LOG_TARGET,
  isLogTargetEnabled,
  lokiLogTarget,
  lokiPushApiRequirerAppData,
  lokiRelationEndpoints,
  readLokiUnitEndpoint,
} from "./loki-push-api.js";

const topology = {
  model: "garm-model",
  modelUuid: "1a2b3c4d-0000-4000-8000-000000000000",
  application: "garm",
  unit: "garm/0",
  charmName: "garm",
};
const LOKI_URL = "http://loki-0.loki-endpoints.cos.svc.cluster.local:3100/loki/api/v1/push";

describe("loki_push_api requirer app databag (spec 6.3)", () => {
  it("writes metadata and alert_rules byte for byte as LogForwarder", () => {
    expect(lokiPushApiRequirerAppData(topology)).toEqual({
      metadata:
        '{"model": "garm-model", "model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "application": "garm", "unit": "garm/0", "charm_name": "garm"}',
      alert_rules: "{}",
    });
  });
});

describe("reading provider endpoints (spec 6.2, 6.4)", () => {
  it("takes the url of a unit's endpoint JSON", () => {
    const bag = { endpoint: JSON.stringify({ url: LOKI_URL }), public_address: "loki-0" };
    expect(readLokiUnitEndpoint(bag)).toBe(LOKI_URL);
  });

  it.each([
    ["absent", {}],
    ["not JSON", { endpoint: "http://x" }],
    ["no url", { endpoint: "{}" }],
    ["not http(s)", { endpoint: JSON.stringify({ url: "file:///etc/passwd" }) }],
    ["a newline in the url", { endpoint: JSON.stringify({ url: "http://a\n/b" }) }],
  ])("refuses an endpoint that is %s", (_name, bag) => {
    expect(readLokiUnitEndpoint(bag)).toBeUndefined();
  });

  it("is all or nothing per relation", () => {
    const ready = { endpoint: JSON.stringify({ url: LOKI_URL }) };
    expect(lokiRelationEndpoints(new Map([["loki/0", ready]]))).toEqual(new Map([["loki/0", LOKI_URL]]));
    expect(
      lokiRelationEndpoints(
        new Map<string, Record<string, string>>([
          ["loki/0", ready],
          ["loki/1", {}],
        ]),
      ),
    ).toBeUndefined();
  });
});

describe("Pebble log targets (spec 6.5)", () => {
  it("forwards every service with the library's six labels", () => {
    expect(lokiLogTarget(LOKI_URL, topology)).toEqual({
      override: "replace",
      services: ["all"],
      type: "loki",
      location: LOKI_URL,
      labels: {
        product: "Juju",
        charm: "garm",
        juju_model: "garm-model",
        juju_model_uuid: "1a2b3c4d-0000-4000-8000-000000000000",
        juju_application: "garm",
        juju_unit: "garm/0",
      },
    });
  });

  it("switches a target off with the library's placeholder, and tells on from off", () => {
    expect(DISABLED_LOKI_LOG_TARGET).toEqual({
      override: "replace",
      services: ["-all"],
      type: "loki",
      location: "(removed)",
    });
    expect(isLogTargetEnabled(DISABLED_LOKI_LOG_TARGET)).toBe(false);
    expect(isLogTargetEnabled(lokiLogTarget(LOKI_URL, topology))).toBe(true);
  });
});

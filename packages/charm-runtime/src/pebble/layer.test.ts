import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PebbleRequestError } from "./errors.js";
import { serialiseLayer, validateLayerLabel } from "./layer.js";

describe("layer validation", () => {
  it("serialises an object layer to YAML Pebble can read back", () => {
    const layer = {
      summary: "garm",
      services: {
        garm: { override: "replace", command: "/bin/garm", startup: "enabled", environment: { A: "1" } },
      },
      checks: { up: { override: "replace", level: "alive", http: { url: "http://localhost:9997/health" } } },
    };
    expect(parse(serialiseLayer("garm", layer))).toEqual(layer);
  });

  it("passes YAML text through unchanged once it validates", () => {
    const text = "services:\n  web:\n    override: merge\n    command: web\n";
    expect(serialiseLayer("web", text)).toBe(text);
  });

  it("rejects reserved and empty labels", () => {
    expect(() => validateLayerLabel("pebble-x")).toThrow(PebbleRequestError);
    expect(() => validateLayerLabel("")).toThrow(PebbleRequestError);
    expect(() => validateLayerLabel("garm")).not.toThrow();
  });

  it("requires override on every service, check and log target", () => {
    expect(() => serialiseLayer("l", { services: { a: { command: "a" } } })).toThrow(/service "a"/);
    expect(() => serialiseLayer("l", { checks: { c: { override: "sometimes" } } })).toThrow(/check "c"/);
    expect(() => serialiseLayer("l", { "log-targets": { t: { type: "loki" } } })).toThrow(/log target "t"/);
  });

  it("rejects service names Pebble reserves or cannot parse", () => {
    for (const name of ["pebble", "-x", ""]) {
      expect(() =>
        serialiseLayer("l", { services: { [name]: { override: "replace", command: "x" } } }),
      ).toThrow(/invalid service name/);
    }
  });

  it("rejects YAML that does not parse or is not a mapping", () => {
    expect(() => serialiseLayer("l", "services: [unclosed")).toThrow(/not valid YAML/);
    expect(() => serialiseLayer("l", "- a\n- b\n")).toThrow(/not a mapping/);
  });
});

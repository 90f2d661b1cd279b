import { describe, expect, it } from "vitest";

import { eventFilter } from "./event-filter.js";
import type { JujuEvent } from "./events.js";

function relationEvent(phase: "created" | "changed" | "broken", endpoint: string): JujuEvent {
  return {
    kind: `relation-${phase}`,
    hook: `${endpoint}-relation-${phase}`,
    endpoint,
    relationId: 3,
    remoteApp: "postgresql",
    remoteUnit: undefined,
    departingUnit: undefined,
  };
}

describe("eventFilter", () => {
  // The shape of the configurator's hand-written `observes`: no relation-created, two endpoints.
  const observes = eventFilter({
    kinds: ["install", "config-changed", "secret-changed"],
    relations: { endpoints: ["image", "garm-configurator"], kinds: ["relation-changed", "relation-broken"] },
    containers: { names: ["garm"], kinds: ["pebble-ready"] },
  });

  it("matches the listed unscoped kinds and nothing else", () => {
    expect(observes({ kind: "install", hook: "install" })).toBe(true);
    expect(observes({ kind: "update-status", hook: "update-status" })).toBe(false);
    expect(
      observes({
        kind: "secret-changed",
        hook: "secret-changed",
        secretId: "secret:x",
        secretLabel: undefined,
        revision: undefined,
      }),
    ).toBe(true);
    expect(observes({ kind: "action", name: "plan", id: "1" })).toBe(false);
  });

  it("matches relation events only on the listed endpoints and kinds", () => {
    expect(observes(relationEvent("changed", "image"))).toBe(true);
    expect(observes(relationEvent("broken", "garm-configurator"))).toBe(true);
    expect(observes(relationEvent("created", "image"))).toBe(false);
    expect(observes(relationEvent("changed", "ingress"))).toBe(false);
  });

  it("matches Pebble events only of the listed containers and kinds", () => {
    expect(observes({ kind: "pebble-ready", hook: "garm-pebble-ready", container: "garm" })).toBe(true);
    expect(observes({ kind: "pebble-ready", hook: "other-pebble-ready", container: "other" })).toBe(false);
    expect(
      observes({
        kind: "pebble-check-failed",
        hook: "garm-pebble-check-failed",
        container: "garm",
        checkName: "up",
      }),
    ).toBe(false);
  });

  it("takes every relation or Pebble kind when kinds are not given", () => {
    const all = eventFilter({ relations: { endpoints: ["db"] }, containers: { names: ["web"] } });
    expect(all(relationEvent("created", "db"))).toBe(true);
    expect(
      all({
        kind: "pebble-check-recovered",
        hook: "web-pebble-check-recovered",
        container: "web",
        checkName: "up",
      }),
    ).toBe(true);
    expect(all({ kind: "install", hook: "install" })).toBe(false);
  });

  it("matches nothing when empty", () => {
    const none = eventFilter({});
    expect(none({ kind: "install", hook: "install" })).toBe(false);
    expect(none(relationEvent("changed", "db"))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";

import {
  allActive,
  allAgentsIdle,
  allBlocked,
  allWaiting,
  anyBlocked,
  anyError,
  anyWaiting,
} from "./predicates.js";
import { statusSchema, type Status } from "./status.js";
import { statusJson } from "./test-support/fake-juju.js";

const status = (doc: Parameters<typeof statusJson>[0]): Status =>
  statusSchema.parse(JSON.parse(statusJson(doc)));

describe("predicates", () => {
  const mixed = status({
    a: { status: "active", units: { "a/0": "active", "a/1": "active" } },
    b: { status: "blocked", units: { "b/0": "blocked", "b/1": "waiting" }, agent: "executing" },
  });

  it("all* hold when the application and every unit have the status; all apps when none is named", () => {
    expect(allActive(mixed, "a")).toBe(true);
    expect(allActive(mixed)).toBe(false);
    expect(allBlocked(mixed, "b")).toBe(false);
    expect(allWaiting(status({ c: { status: "waiting", units: { "c/0": "waiting" } } }))).toBe(true);
  });

  it("a named application missing from the model fails all*", () => {
    expect(allActive(mixed, "a", "nope")).toBe(false);
  });

  it("any* hold when one application or unit has the status", () => {
    expect(anyBlocked(mixed)).toBe(true);
    expect(anyWaiting(mixed, "b")).toBe(true);
    expect(anyWaiting(mixed, "a")).toBe(false);
  });

  it("allAgentsIdle reads the units' juju-status", () => {
    expect(allAgentsIdle(mixed, "a")).toBe(true);
    expect(allAgentsIdle(mixed)).toBe(false);
  });

  it("anyError: a unit in error, an agent in error, or an entity in status-error", () => {
    expect(anyError(mixed)).toBe(false);
    expect(anyError(status({ e: { status: "active", units: { "e/0": "error" } } }))).toBe(true);
    expect(anyError(status({ e: { status: "active", units: { "e/0": "active" }, agent: "error" } }))).toBe(
      true,
    );
    const unreadable = statusSchema.parse({ applications: { x: { "status-error": "boom" } } });
    expect(anyError(unreadable)).toBe(true);
    expect(allActive(unreadable)).toBe(false);
  });
});

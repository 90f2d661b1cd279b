/**
 * Regression tests named after the reconciler bugs the Python garm charm fixed (reference-charms.md
 * §5, items 17-19), for the cases the diff tests beside each reconciler do not pin by name.
 */
import { describe, expect, it } from "vitest";
import { buildDesiredState } from "./desired.js";
import { diffEntities } from "./entities.js";
import { readTestSecret, unit, WEBHOOK_SECRET } from "./test-support/fixtures.js";

const build = (units: Parameters<typeof buildDesiredState>[0]) =>
  buildDesiredState(units, { readSecret: readTestSecret, webhookSecret: WEBHOOK_SECRET });

describe("reconciler bugs the Python garm charm fixed (reference-charms.md §5)", () => {
  it("7e8d842: a repository is matched on owner/name, not on its name alone", () => {
    const plan = diffEntities({
      desired: [{ kind: "repository", name: "acme/runners", credentialsName: "app-1-2" }],
      observed: [{ kind: "repository", id: "repo-9", name: "other/runners", credentialsName: "app-7-8" }],
      ownedCredentials: new Set(["app-1-2"]),
      protected: new Set(),
      scalesetReferences: new Map(),
    });
    expect(plan.operations.map((op) => [op.kind, op.key])).toEqual([
      ["create-entity", "entity:repository:acme/runners"],
    ]);
  });

  it("fcf7684: the desired state does not depend on the order units are seen in", async () => {
    const units = [
      unit("garm-configurator/0", { name: "small", org: "acme", appId: 1, installationId: 2 }, 1),
      unit("garm-configurator/1", { name: "large", repo: "acme/tools", appId: 3, installationId: 4 }, 1),
      unit("other-configurator/0", { name: "medium", org: "beta", appId: 1, installationId: 2 }, 2),
    ];
    const forward = await build(units);
    const backward = await build([...units].reverse());
    expect(backward.scalesets).toEqual(forward.scalesets);
    expect(backward.entities).toEqual(forward.entities);
    expect(backward.credentials).toEqual(forward.credentials);
    expect(forward.credentials.map((c) => c.name)).toEqual(["app-1-2", "app-3-4"]);
  });

  it("fcf7684: one organisation wanted by two units is registered once, with the first unit's credentials", async () => {
    const state = await build([
      unit("garm-configurator/0", { name: "small", org: "acme", appId: 1, installationId: 2 }, 1),
      unit("other-configurator/0", { name: "large", org: "acme", appId: 5, installationId: 6 }, 2),
    ]);
    expect(state.entities).toEqual([{ kind: "organization", name: "acme", credentialsName: "app-1-2" }]);
  });

  it("9fd8df2: the credential name carries both the app id and the installation id", async () => {
    const state = await build([
      unit("garm-configurator/0", { org: "acme", appId: 12345, installationId: 67890 }, 1),
      unit("other-configurator/0", { name: "other", org: "beta", appId: 12345, installationId: 11111 }, 2),
    ]);
    expect(state.credentials.map((c) => c.name).sort()).toEqual(["app-12345-11111", "app-12345-67890"]);
  });
});

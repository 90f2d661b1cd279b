import { describe, expect, it } from "vitest";
import { diffEntities, type EntityInputs, type ObservedEntity } from "./entities.js";

const org = (overrides: Partial<ObservedEntity> = {}): ObservedEntity => ({
  kind: "organization",
  id: "org-1",
  name: "acme",
  credentialsName: "app-101-202",
  ...overrides,
});

function diff(overrides: Partial<EntityInputs>) {
  return diffEntities({
    desired: [],
    observed: [],
    ownedCredentials: new Set(["app-101-202", "app-1-2"]),
    protected: new Set(),
    scalesetReferences: new Map(),
    ...overrides,
  });
}

describe("diffEntities", () => {
  it("registers a missing organisation and repository after their credentials", () => {
    const plan = diff({
      desired: [
        { kind: "organization", name: "acme", credentialsName: "app-101-202" },
        { kind: "repository", name: "acme/tools", credentialsName: "app-101-202" },
      ],
    });
    expect(plan.operations.map((op) => [op.kind, op.key, op.after])).toEqual([
      ["create-entity", "entity:organization:acme", ["credential:app-101-202"]],
      ["create-entity", "entity:repository:acme/tools", ["credential:app-101-202"]],
    ]);
    expect(plan.credentialReferences.get("app-101-202")).toBe("stays");
  });

  it("changes nothing when GARM matches (names compare case-insensitively, as GARM does)", () => {
    const plan = diff({
      desired: [{ kind: "organization", name: "ACME", credentialsName: "app-101-202" }],
      observed: [org()],
    });
    expect(plan.operations).toEqual([]);
  });

  it("moves an organisation of the charm to new credentials", () => {
    const plan = diff({
      desired: [{ kind: "organization", name: "acme", credentialsName: "app-1-2" }],
      observed: [org()],
    });
    expect(plan.operations.map((op) => op.kind)).toEqual(["update-entity-credentials"]);
    expect(plan.credentialReferences.get("app-101-202")).toEqual(["entity:organization:acme"]);
  });

  it("reports, and does not touch, an organisation bound to credentials the charm does not manage", () => {
    const plan = diff({
      desired: [{ kind: "organization", name: "acme", credentialsName: "app-101-202" }],
      observed: [org({ credentialsName: "hand-made" })],
    });
    expect(plan.operations).toEqual([]);
    expect(plan.problems[0]?.severity).toBe("blocked");
  });

  it("unregisters an entity of the charm only after its scalesets are deleted", () => {
    const plan = diff({
      observed: [org()],
      scalesetReferences: new Map([["organization:acme", ["scaleset:a"]]]),
    });
    expect(plan.operations).toEqual([
      {
        kind: "delete-entity",
        key: "entity:organization:acme",
        after: ["scaleset:a"],
        id: "org-1",
        entityKind: "organization",
        name: "acme",
      },
    ]);
    expect(plan.credentialReferences.get("app-101-202")).toEqual(["entity:organization:acme"]);
  });

  it("keeps entities that still hold scalesets, belong to others or to a not-ready unit", () => {
    expect(
      diff({ observed: [org()], scalesetReferences: new Map([["organization:acme", "stays"]]) }).operations,
    ).toEqual([]);
    expect(diff({ observed: [org({ credentialsName: "hand-made" })] }).operations).toEqual([]);
    const plan = diff({ observed: [org()], protected: new Set(["organization:acme"]) });
    expect(plan.operations).toEqual([]);
    expect(plan.credentialReferences.get("app-101-202")).toBe("stays");
  });
});

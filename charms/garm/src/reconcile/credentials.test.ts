import { describe, expect, it } from "vitest";
import { diffCredentials, type CredentialInputs } from "./credentials.js";
import type { DesiredCredential } from "./desired.js";
import { privateKeyFingerprint } from "./ownership.js";
import { observedCredential, testPrivateKey } from "./test-support/fixtures.js";

const wanted = (pem = testPrivateKey()): DesiredCredential => ({
  name: "app-101-202",
  appId: 101,
  installationId: 202,
  privateKeyPem: pem,
  keyFingerprint: privateKeyFingerprint(pem),
});

function diff(overrides: Partial<CredentialInputs>) {
  return diffCredentials({
    desired: [],
    observed: [],
    protected: new Set(),
    entityReferences: new Map(),
    ...overrides,
  });
}

describe("diffCredentials", () => {
  it("creates missing credentials", () => {
    expect(diff({ desired: [wanted()] }).operations).toEqual([
      { kind: "create-credential", key: "credential:app-101-202", after: [], credential: wanted() },
    ]);
  });

  it("changes nothing while the key fingerprint in the description matches", () => {
    expect(diff({ desired: [wanted()], observed: [observedCredential()] }).operations).toEqual([]);
  });

  it("pushes a rotated key, and adopts the Python charm's bare description once", () => {
    const rotated = diff({ desired: [wanted("another PEM")], observed: [observedCredential()] });
    expect(rotated.operations.map((op) => op.kind)).toEqual(["rotate-credential-key"]);
    const legacy = diff({
      desired: [wanted()],
      observed: [observedCredential({ description: "Managed by garm" })],
    });
    expect(legacy.operations.map((op) => op.kind)).toEqual(["rotate-credential-key"]);
  });

  it("reports a hand-made credential with the same name and leaves it alone", () => {
    const plan = diff({ desired: [wanted()], observed: [observedCredential({ description: "ops team" })] });
    expect(plan.operations).toEqual([]);
    expect(plan.problems[0]?.subject).toBe("credentials app-101-202");
  });

  it("deletes the charm's unwanted credentials last, after the entities that used them", () => {
    const plan = diff({
      observed: [observedCredential({ id: 4 })],
      entityReferences: new Map([["app-101-202", ["entity:organization:acme"]]]),
    });
    expect(plan.operations).toEqual([
      {
        kind: "delete-credential",
        key: "credential:app-101-202",
        after: ["entity:organization:acme"],
        id: 4,
        name: "app-101-202",
      },
    ]);
  });

  it("keeps credentials still in use, made by hand, or of a not-ready unit", () => {
    expect(
      diff({ observed: [observedCredential()], entityReferences: new Map([["app-101-202", "stays"]]) })
        .operations,
    ).toEqual([]);
    expect(diff({ observed: [observedCredential({ description: "" })] }).operations).toEqual([]);
    expect(
      diff({ observed: [observedCredential()], protected: new Set(["app-101-202"]) }).operations,
    ).toEqual([]);
  });
});

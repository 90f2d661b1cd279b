import { describe, it, expect } from "vitest";
import {
  activeProviderNames,
  keptAfterListing,
  keptBeforeGarm,
  ownedScalesetProviders,
  retainedProviderNames,
  retiringProviderNames,
} from "./retirement.js";
import {
  charmedTemplate,
  observedScaleset,
  systemTemplate,
  template,
} from "../reconcile/test-support/fixtures.js";

const set = (...names: string[]) => new Set(names);

describe("which departed providers are kept", () => {
  it("keeps everything on disk when nothing was recorded yet, plus every published provider", () => {
    expect([...keptBeforeGarm(set("a-0"), ["b-1", "c-2"], undefined)].sort()).toEqual(["a-0", "b-1", "c-2"]);
  });

  it("otherwise keeps what was recorded, plus every published provider", () => {
    expect([...keptBeforeGarm(set("a-0"), ["b-1", "c-2"], set("b-1"))].sort()).toEqual(["a-0", "b-1"]);
  });

  it("configures a departed provider from disk only when it is kept and both files are there", () => {
    expect(retainedProviderNames(set("a-0", "b-1", "d-3"), set("a-0"), ["a-0", "b-1", "c-2"])).toEqual([
      "b-1",
    ]);
  });

  it("asks GARM only while a departed provider is kept", () => {
    const active = set("a-0");
    expect(retiringProviderNames({ active, kept: set("a-0"), retained: [] })).toEqual([]);
    expect(retiringProviderNames({ active, kept: set("a-0", "b-1"), retained: [] })).toEqual(["b-1"]);
  });

  it("forgets a departed provider once a listing shows no scaleset of the charm on it", () => {
    const kept = set("a-0", "b-1", "c-2");
    expect([...keptAfterListing(kept, set("a-0"), set("c-2"))].sort()).toEqual(["a-0", "c-2"]);
  });

  it("never forgets a published provider, whatever GARM lists", () => {
    expect([...keptAfterListing(set("a-0"), set("a-0"), set())]).toEqual(["a-0"]);
  });
});

describe("ownedScalesetProviders", () => {
  it("counts scalesets on the charm's templates only", () => {
    const perScaleset = template({
      id: 11,
      name: "github_linux-custom",
      description: "Managed by the garm charm: custom (content sha256:0123456789abcdef)",
    });
    const handMade = template({ id: 12, name: "github_linux-mine", description: "made by hand" });
    const scalesets = [
      observedScaleset({ id: 1, providerName: "a-0", templateId: 10 }),
      observedScaleset({ id: 2, providerName: "b-1", templateId: 11 }),
      observedScaleset({ id: 3, providerName: "c-2", templateId: 12 }),
      observedScaleset({ id: 4, providerName: "d-3", templateId: 2 }),
    ];
    const providers = ownedScalesetProviders(scalesets, [
      charmedTemplate(),
      perScaleset,
      handMade,
      systemTemplate(),
    ]);
    expect([...providers].sort()).toEqual(["a-0", "b-1"]);
  });
});

describe("activeProviderNames", () => {
  it("names each publishing unit's provider and leaves a malformed unit name to the renderer", () => {
    const credentials = {
      authUrl: "https://keystone:5000/v3",
      username: "u",
      password: "p",
      projectName: "p",
      userDomainName: "d",
      projectDomainName: "d",
      regionName: "r",
      network: "n",
    };
    const names = activeProviderNames([
      { unitName: "garm-configurator/0", credentials },
      { unitName: "not a unit", credentials },
    ]);
    expect([...names]).toEqual(["garm-configurator-0"]);
  });
});

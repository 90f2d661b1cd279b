import { describe, expect, it } from "vitest";
import { buildDesiredState } from "./desired.js";
import { privateKeyFingerprint } from "./ownership.js";
import {
  readTestSecret,
  testPrivateKey,
  unit,
  WEBHOOK_SECRET,
  withDatabag,
} from "./test-support/fixtures.js";

const build = (units: Parameters<typeof buildDesiredState>[0]) =>
  buildDesiredState(units, { readSecret: readTestSecret, webhookSecret: WEBHOOK_SECRET });

describe("buildDesiredState", () => {
  it("turns a complete unit into a credential, an entity and a scaleset", async () => {
    const state = await build([
      unit("garm-configurator/0", { labels: ["x64", "noble"], runnerHttpProxy: "http://p:3128" }),
    ]);
    expect(state.problems).toEqual([]);
    expect(state.credentials).toEqual([
      {
        name: "app-101-202",
        appId: 101,
        installationId: 202,
        privateKeyPem: testPrivateKey(),
        keyFingerprint: privateKeyFingerprint(testPrivateKey()),
      },
    ]);
    expect(state.entities).toEqual([{ kind: "organization", name: "acme", credentialsName: "app-101-202" }]);
    expect(state.scalesets).toHaveLength(1);
    expect(state.scalesets[0]).toMatchObject({
      name: "runners",
      providerName: "garm-configurator-0",
      image: "image-1",
      labels: ["noble", "x64"],
      runnerGroup: "Default",
      runnerOptions: { httpProxy: "http://p:3128" },
    });
    expect(state.webhookSecret).toBe(WEBHOOK_SECRET);
  });

  it("protects everything an incomplete unit claims and reports it as waiting", async () => {
    const state = await build([
      unit("garm-configurator/0", { name: "mid", org: "acme", imageId: undefined }),
    ]);
    expect(state.scalesets).toEqual([]);
    expect(state.problems[0]).toMatchObject({ subject: "unit garm-configurator/0", severity: "waiting" });
    expect([...state.protected.scalesets]).toEqual(["mid"]);
    expect([...state.protected.templates]).toEqual(["github_linux-mid"]);
    expect([...state.protected.providers]).toEqual(["garm-configurator-0"]);
    expect([...state.protected.entities]).toEqual(["organization:acme"]);
    expect([...state.protected.credentials]).toEqual(["app-101-202"]);
  });

  it("reports an invalid databag as blocked and protects what it names", async () => {
    const bad = unit("garm-configurator/0");
    const state = await build([withDatabag(bad, { ...bad.databag, max_runner: "many" })]);
    expect(state.problems[0]?.severity).toBe("blocked");
    expect(state.protected.scalesets.has("runners")).toBe(true);
  });

  it("protects a unit's objects while its private key secret cannot be read", async () => {
    const state = await buildDesiredState([unit("garm-configurator/0")], {
      readSecret: () => Promise.resolve(undefined),
      webhookSecret: WEBHOOK_SECRET,
    });
    expect(state.credentials).toEqual([]);
    expect(state.scalesets).toEqual([]);
    expect(state.protected.credentials.has("app-101-202")).toBe(true);
  });

  it("treats a non-leader unit as complete: no problem, no objects, no protection of its own", async () => {
    const state = await build([
      unit("garm-configurator/1", { withCredentials: false }),
      unit("garm-configurator/0"),
    ]);
    expect(state.problems).toEqual([]);
    expect(state.followers).toEqual(["garm-configurator/1"]);
    expect(state.scalesets.map((s) => s.unitName)).toEqual(["garm-configurator/0"]);
    expect(state.credentials.map((c) => c.name)).toEqual(["app-101-202"]);
    for (const names of Object.values(state.protected)) expect([...names]).toEqual([]);
  });

  it("lets a non-leader unit protect nothing even while its leader is not ready", async () => {
    const state = await build([
      unit("garm-configurator/0", { imageId: undefined }),
      unit("garm-configurator/1", { withCredentials: false }),
    ]);
    expect(state.followers).toEqual(["garm-configurator/1"]);
    expect(state.problems.map((p) => p.subject)).toEqual(["unit garm-configurator/0"]);
    // Only the leader's own claims: its provider, not the follower's.
    expect([...state.protected.providers]).toEqual(["garm-configurator-0"]);
    expect([...state.protected.scalesets]).toEqual(["runners"]);
  });

  it("waits, protecting its claims, for a non-leader unit whose application has no leader data yet", async () => {
    const state = await build([unit("garm-configurator/1", { withCredentials: false })]);
    expect(state.followers).toEqual([]);
    expect(state.problems).toEqual([
      expect.objectContaining({ subject: "unit garm-configurator/1", severity: "waiting" }),
    ]);
    expect(state.problems[0]?.message).toContain("leader of garm-configurator");
    expect([...state.protected.scalesets]).toEqual(["runners"]);
    expect([...state.protected.providers]).toEqual(["garm-configurator-1"]);
  });

  it("looks for the leader in the unit's own relation, not in another configurator's", async () => {
    const state = await build([
      unit("other/0", { name: "other-runners" }, 1),
      unit("garm-configurator/1", { withCredentials: false }, 2),
    ]);
    expect(state.followers).toEqual([]);
    expect(state.problems.map((p) => [p.subject, p.severity])).toEqual([
      ["unit garm-configurator/1", "waiting"],
    ]);
  });

  it("is still publishing, not a follower, when it lacks the image id or part of the leader keys", async () => {
    const noImage = unit("garm-configurator/1", { withCredentials: false, imageId: undefined });
    const leader = unit("garm-configurator/0");
    const partial = unit("garm-configurator/2");
    const { github_app_id: _dropped, ...partialBag } = partial.databag;
    const state = await build([leader, noImage, withDatabag(partial, partialBag)]);
    expect(state.followers).toEqual([]);
    expect(state.problems.map((p) => [p.subject, p.severity])).toEqual([
      ["unit garm-configurator/1", "waiting"],
      ["unit garm-configurator/2", "waiting"],
    ]);
    expect(state.problems.every((p) => p.message.startsWith("still publishing"))).toBe(true);
  });

  it("reports a non-leader unit whose scaleset data is invalid as blocked", async () => {
    const bad = unit("garm-configurator/1", { withCredentials: false });
    const state = await build([
      unit("garm-configurator/0"),
      withDatabag(bad, { ...bad.databag, max_runner: "many" }),
    ]);
    expect(state.followers).toEqual([]);
    expect(state.problems.map((p) => [p.subject, p.severity])).toEqual([
      ["unit garm-configurator/1", "blocked"],
    ]);
  });

  it("deduplicates credentials per app and installation, and keeps the first scaleset of a name", async () => {
    const state = await build([unit("second/0", { org: "beta" }, 2), unit("first/0", { org: "acme" }, 1)]);
    expect(state.credentials).toHaveLength(1);
    expect(state.entities.map((e) => e.name)).toEqual(["acme", "beta"]);
    expect(state.scalesets.map((s) => s.unitName)).toEqual(["first/0"]);
    expect(state.problems[0]).toMatchObject({ subject: "scaleset runners", severity: "blocked" });
  });

  it("rejects an architecture GARM does not know and protects the unit's objects", async () => {
    const state = await build([unit("garm-configurator/0", { osArch: "riscv" })]);
    expect(state.scalesets).toEqual([]);
    expect(state.protected.scalesets.has("runners")).toBe(true);
  });

  it("renders the extra specs, and refuses runner options that fail re-validation, protecting the scaleset", async () => {
    const ready = await build([
      unit("garm-configurator/0", { runnerHttpProxy: "http://proxy.example:3128" }),
    ]);
    expect(ready.scalesets[0]?.extraSpecs).toMatchObject({ disable_updates: true });
    const refused = await build([
      unit("garm-configurator/0", {
        preInstallScripts: { "00-aproxy": "echo mine\n" },
        runnerHttpProxy: "http://p:3128",
      }),
    ]);
    expect(refused.scalesets).toEqual([]);
    expect(refused.problems[0]).toMatchObject({ subject: "scaleset runners", severity: "blocked" });
    expect(refused.problems[0]?.message).toContain("the scaleset is left as it is");
    expect(refused.protected.scalesets.has("runners")).toBe(true);
  });

  it("keeps a not-ready unit's scaleset template protected when a ready unit publishes the same scaleset name", async () => {
    const state = await build([
      unit("cfg0/0", { name: "runners", imageId: undefined }, 1),
      unit("cfg1/0", { name: "runners" }, 2),
    ]);
    expect(state.scalesets.map((s) => s.unitName)).toEqual(["cfg1/0"]);
    expect([...state.protected.templates]).toEqual(["github_linux-runners"]);
  });
});

/**
 * State-transition tests of the `planner` relation (github_runner_planner_v0, requirer) and of
 * the planner link the leader forwards to garm over garm_configurator_v0. Every run goes through
 * the leak check of `newContext`, so the planner token is also proven never to leave Juju secrets.
 */
import { events, getRelation, getSecret, type Context, type State } from "@garm-charms/charm-testing";
import { GARM_CONFIGURATOR_PLANNER_KEYS, readGarmConfiguratorUnitData } from "@garm-charms/interfaces";
import { beforeAll, describe, expect, it } from "vitest";

import { PLANNER_TOKEN_SECRET_LABEL, STATUS_READY } from "../src/index.js";
import {
  baseState,
  garmRelation,
  imageRelation,
  keySecret,
  newContext,
  PLANNER_ANSWER,
  PLANNER_TOKEN,
  PLANNER_URL,
  plannerRelation,
  plannerTokenSecret,
  passwordSecret,
  published,
  ROTATED_PLANNER_TOKEN,
  rotatedPlannerTokenSecret,
  validConfig,
  withConfig,
  writeCalls,
} from "./fixtures.js";

let ctx: Context;

beforeAll(() => {
  ctx = newContext();
});

const SECRETS = [passwordSecret, keySecret, plannerTokenSecret];

/** Image ready, garm and planner related; the planner has published `answer`. */
function plannerState(
  answer: Readonly<Record<string, string>> = PLANNER_ANSWER,
  options: { leader?: boolean } = {},
) {
  const image = imageRelation(true);
  const garm = garmRelation();
  const planner = plannerRelation(answer);
  const input = baseState({ relations: [image, garm, planner], secrets: SECRETS, ...options });
  return { image, garm, planner, input };
}

function requirerBag(out: State, id: number): Readonly<Record<string, string>> {
  return getRelation(out, id)?.localAppData ?? {};
}

function plannerKeysOf(bag: Readonly<Record<string, string>>): Record<string, string> {
  const keys: readonly string[] = GARM_CONFIGURATOR_PLANNER_KEYS;
  return Object.fromEntries(Object.entries(bag).filter(([key]) => keys.includes(key)));
}

describe("the flavor the leader declares (requirer app databag)", () => {
  it("writes exactly the five keys on joined, from the scaleset and the planner options", async () => {
    const { planner, input } = plannerState({});
    const out = await ctx.run(events.relationJoined(planner), input);
    expect(requirerBag(out, planner.id)).toEqual({
      flavor: "small",
      labels: '["small"]',
      platform: "github",
      priority: "50",
      "minimum-pressure": "0",
    });
    expect(published(out, planner)).toEqual({});
  });

  it("sends labels lowercase, each once, the scaleset name first and the rest sorted", async () => {
    const { planner, input } = plannerState({});
    const config = withConfig(validConfig, {
      labels: "Noble, large,noble,SMALL,GPU",
      "planner-priority": 80,
      "planner-minimum-pressure": 2,
    });
    const out = await ctx.run(events.relationChanged(planner), { ...input, config });
    expect(requirerBag(out, planner.id)).toEqual({
      flavor: "small",
      labels: '["small", "gpu", "large", "noble"]',
      platform: "github",
      priority: "80",
      "minimum-pressure": "2",
    });
  });

  it("rewrites the flavor when the config changes, and nothing when it does not", async () => {
    const { planner, input } = plannerState({});
    const first = await ctx.run(events.relationJoined(planner), input);
    await ctx.run(events.configChanged(), first);
    expect(writeCalls(ctx).filter((call) => call.args.includes("--app"))).toEqual([]);
    const config = withConfig(validConfig, { "planner-minimum-pressure": 4 });
    const out = await ctx.run(events.configChanged(), { ...first, config });
    expect(requirerBag(out, planner.id)["minimum-pressure"]).toBe("4");
  });

  it("is Ready with a note while the planner has not answered, and forwards nothing", async () => {
    const { garm, planner, input } = plannerState({});
    const out = await ctx.run(events.relationJoined(planner), input);
    expect(out.unitStatus).toEqual({
      name: "active",
      message: `${STATUS_READY}; waiting for the planner's endpoint and token`,
    });
    expect(plannerKeysOf(published(out, garm))).toEqual({});
    expect(getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL })).toBeUndefined();
  });

  it("blocks on a planner-minimum-pressure above max-runner and declares nothing", async () => {
    const { planner, input } = plannerState({});
    const config = withConfig(validConfig, { "planner-minimum-pressure": 6 });
    const out = await ctx.run(events.relationJoined(planner), { ...input, config });
    expect(out.unitStatus).toEqual({
      name: "blocked",
      message: "planner-minimum-pressure must be at most max-runner",
    });
    expect(requirerBag(out, planner.id)).toEqual({});
  });
});

describe("forwarding the planner's endpoint and token to garm", () => {
  it("re-wraps the token in a secret of its own, grants it to garm and publishes the link", async () => {
    const { garm, planner, input } = plannerState();
    const config = withConfig(validConfig, { "planner-minimum-pressure": 3 });
    const out = await ctx.run(events.relationChanged(planner), { ...input, config });
    const rewrapped = getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL });
    expect(rewrapped).toMatchObject({ owner: "app", grants: { [garm.id]: ["garm"] } });
    expect(rewrapped?.revisions.map((r) => r.content)).toEqual([{ value: PLANNER_TOKEN }]);
    const bag = published(out, garm);
    expect(plannerKeysOf(bag)).toEqual({
      planner_endpoint: PLANNER_URL,
      planner_token_secret_uri: bag["planner_token_secret_uri"],
      planner_minimum_pressure: "3",
    });
    expect(getSecret(out, { id: bag["planner_token_secret_uri"] ?? "" })?.label).toBe(
      PLANNER_TOKEN_SECRET_LABEL,
    );
    // The planner's own secret is read at its latest revision and passed to secret-get unchanged.
    const gets = ctx.hookToolCalls.filter((call) => call.tool === "secret-get");
    expect(gets.some((call) => call.args.includes(plannerTokenSecret.id))).toBe(true);
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });

  it("round-trips through the garm_configurator_v0 reader as a typed planner link", async () => {
    const { garm, planner, input } = plannerState({
      ...PLANNER_ANSWER,
      endpoint: "HTTP://planner.k8s:8080/",
    });
    const out = await ctx.run(events.relationChanged(planner), input);
    const bag = published(out, garm);
    const read = readGarmConfiguratorUnitData(bag);
    expect(read.ok && read.value.planner).toEqual({
      endpoint: "http://planner.k8s:8080/",
      tokenSecretUri: bag["planner_token_secret_uri"],
      minimumPressure: 0,
    });
  });

  it("publishes the link even before the image id, and keeps it when the image relation breaks", async () => {
    const { garm, planner, input } = plannerState();
    const noImage: State = { ...input, relations: input.relations.filter((r) => r.endpoint !== "image") };
    const out = await ctx.run(events.relationChanged(planner), noImage);
    expect(plannerKeysOf(published(out, garm))).toHaveProperty("planner_endpoint", PLANNER_URL);
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for image builder relation" });
  });

  it("changes nothing when run again with the same token (no new revision, no write)", async () => {
    const { planner, input } = plannerState();
    const first = await ctx.run(events.relationChanged(planner), input);
    const again = await ctx.run(events.relationChanged(planner), first);
    expect(writeCalls(ctx)).toEqual([]);
    expect(again).toEqual(first);
  });

  it("does not create the re-wrapped secret while there is no garm relation to grant it to", async () => {
    const planner = plannerRelation(PLANNER_ANSWER);
    const input = baseState({ relations: [imageRelation(true), planner], secrets: SECRETS });
    const out = await ctx.run(events.relationChanged(planner), input);
    expect(getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL })).toBeUndefined();
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });
});

describe("token rotation (secret-changed of the planner's secret)", () => {
  it("publishes the new token as a new revision of the same secret, with the same URI", async () => {
    const { garm, planner, input } = plannerState();
    const first = await ctx.run(events.relationChanged(planner), input);
    const uri = published(first, garm)["planner_token_secret_uri"];
    const rotated: State = {
      ...first,
      secrets: first.secrets.map((s) => (s.id === plannerTokenSecret.id ? rotatedPlannerTokenSecret : s)),
    };
    const out = await ctx.run(events.secretChanged(rotatedPlannerTokenSecret), rotated);
    const rewrapped = getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL });
    expect(rewrapped?.revisions.map((r) => r.content)).toEqual([
      { value: PLANNER_TOKEN },
      { value: ROTATED_PLANNER_TOKEN },
    ]);
    expect(published(out, garm)["planner_token_secret_uri"]).toBe(uri);
    expect(out.secrets).toHaveLength(first.secrets.length);
    expect(ctx.hookToolCalls.map((call) => call.tool)).not.toContain("secret-add");
    expect(getSecret(out, { id: plannerTokenSecret.id })?.trackedRevision).toBe(2);
  });
});

describe("the planner relation goes", () => {
  it("removes the planner keys, revokes and removes the re-wrapped secret on relation-broken", async () => {
    const { garm, planner, input } = plannerState();
    const first = await ctx.run(events.relationChanged(planner), input);
    const uri = published(first, garm)["planner_token_secret_uri"] ?? "";
    const out = await ctx.run(events.relationBroken(planner), first);
    expect(plannerKeysOf(published(out, garm))).toEqual({});
    expect(getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL })).toBeUndefined();
    const revoke = ctx.hookToolCalls.find((call) => call.tool === "secret-revoke");
    expect(revoke?.args).toEqual(expect.arrayContaining([uri, String(garm.id)]));
    expect(published(out, garm)["name"]).toBe("small");
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });

  it("stops forwarding when the planner withdraws its answer", async () => {
    const { garm, planner, input } = plannerState();
    const first = await ctx.run(events.relationChanged(planner), input);
    const withdrawn: State = {
      ...first,
      relations: first.relations.map((r) => (r.id === planner.id ? { ...r, remoteAppData: {} } : r)),
    };
    const out = await ctx.run(events.relationChanged(planner), withdrawn);
    expect(plannerKeysOf(published(out, garm))).toEqual({});
    expect(getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL })).toBeUndefined();
  });
});

describe("unusable data from the planner: not forwarded, said in the status", () => {
  it.each<[string, Readonly<Record<string, string>>, string]>([
    [
      "an endpoint that is not an http(s) URL",
      { ...PLANNER_ANSWER, endpoint: "planner.k8s:8080" },
      "planner relation: endpoint must be a valid http(s) URL (must start with http:// or https://)",
    ],
    [
      "an endpoint with a newline",
      { ...PLANNER_ANSWER, endpoint: "http://planner\nX-Evil: 1" },
      "planner relation: endpoint must be a valid http(s) URL (contains control characters)",
    ],
    [
      "a token that is not a secret URI",
      { ...PLANNER_ANSWER, token: "plain-token-value" },
      "planner relation: token must be a Juju secret URI",
    ],
    [
      "a padded endpoint",
      { ...PLANNER_ANSWER, endpoint: ` ${PLANNER_URL}` },
      "planner relation: endpoint must not start or end with whitespace",
    ],
  ])("blocks on %s, and withdraws a link published before", async (_what, answer, message) => {
    const { garm, planner, input } = plannerState();
    const first = await ctx.run(events.relationChanged(planner), input);
    expect(plannerKeysOf(published(first, garm))).not.toEqual({});
    const bad: State = {
      ...first,
      relations: first.relations.map((r) => (r.id === planner.id ? { ...r, remoteAppData: answer } : r)),
    };
    const out = await ctx.run(events.relationChanged(planner), bad);
    expect(out.unitStatus).toEqual({ name: "blocked", message });
    expect(plannerKeysOf(published(out, garm))).toEqual({});
    expect(getSecret(out, { label: PLANNER_TOKEN_SECRET_LABEL })).toBeUndefined();
    expect(published(out, garm)["image_id"]).toBeDefined();
  });

  it("blocks on a token secret without a usable token, never echoing its content", async () => {
    const { garm, planner, input } = plannerState();
    const secrets = [
      passwordSecret,
      keySecret,
      { ...plannerTokenSecret, revisions: [{ revision: 1, content: { value: PLANNER_TOKEN } }] },
    ];
    const out = await ctx.run(events.relationChanged(planner), { ...input, secrets });
    expect(out.unitStatus).toEqual({
      name: "blocked",
      message: "planner relation: token secret has no 'token' key",
    });
    expect(plannerKeysOf(published(out, garm))).toEqual({});
  });

  it("is Ready with a note while the token secret is not readable (not granted yet)", async () => {
    const { garm, planner, input } = plannerState();
    const secrets = [passwordSecret, keySecret, { ...plannerTokenSecret, granted: false }];
    const out = await ctx.run(events.relationChanged(planner), { ...input, secrets });
    expect(out.unitStatus).toEqual({
      name: "active",
      message: `${STATUS_READY}; the planner's token secret cannot be read yet`,
    });
    expect(plannerKeysOf(published(out, garm))).toEqual({});
  });
});

describe("non-leader units", () => {
  it("neither declare the flavor, read the planner's token nor forward anything", async () => {
    const { garm, planner, input } = plannerState(PLANNER_ANSWER, { leader: false });
    const out = await ctx.run(events.relationChanged(planner), input);
    expect(requirerBag(out, planner.id)).toEqual({});
    expect(plannerKeysOf(published(out, garm))).toEqual({});
    expect(out.secrets).toEqual(input.secrets);
    const gets = ctx.hookToolCalls.filter((call) => call.tool === "secret-get");
    expect(gets.some((call) => call.args.includes(plannerTokenSecret.id))).toBe(false);
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });

  it("a deposed leader withdraws the link from its unit databag; the secret stays for the new leader", async () => {
    const { garm, planner, input } = plannerState();
    const asLeader = await ctx.run(events.relationChanged(planner), input);
    const deposed = await ctx.run(events.configChanged(), { ...asLeader, leader: false });
    expect(plannerKeysOf(published(deposed, garm))).toEqual({});
    expect(getSecret(deposed, { label: PLANNER_TOKEN_SECRET_LABEL })).toBeDefined();
    const reelected = await ctx.run(events.leaderElected(), { ...deposed, leader: true });
    expect(published(reelected, garm)["planner_token_secret_uri"]).toBe(
      published(asLeader, garm)["planner_token_secret_uri"],
    );
  });
});

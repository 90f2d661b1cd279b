import {
  events,
  getSecret,
  relation,
  secret,
  type Context,
  type SecretState,
} from "@garm-charms/charm-testing";
import { readGarmConfiguratorUnitData } from "@garm-charms/interfaces";
import { beforeAll, describe, expect, it } from "vitest";

import {
  GITHUB_KEY_SECRET_LABEL,
  PASSWORD_SECRET_LABEL,
  STATUS_READY,
  STATUS_WAITING_IMAGE_ID,
  STATUS_WAITING_IMAGE_RELATION,
} from "../src/index.js";
import { parseConfiguratorConfig } from "../src/config.js";
import { buildCredentials, buildPublication } from "../src/publication.js";
import {
  baseState,
  CREDENTIAL_KEYS,
  garmRelation,
  IMAGE_ID,
  IMAGE_KEYS,
  imageRelation,
  keySecret,
  newContext,
  PASSWORD,
  passwordSecret,
  PRIVATE_KEY,
  published,
  ROTATED_PASSWORD,
  rotatedPasswordSecret,
  validConfig as config,
  withConfig,
} from "./fixtures.js";

let ctx: Context;

beforeAll(() => {
  ctx = newContext();
});

describe("statuses", () => {
  it("waits for the image relation when it is missing", async () => {
    const out = await ctx.run(events.configChanged(), baseState({}));
    expect(out.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_IMAGE_RELATION });
  });

  it("waits for the image id while the image builder has not published one", async () => {
    const image = imageRelation(false);
    const out = await ctx.run(events.relationJoined(image), baseState({ relations: [image] }));
    expect(out.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_IMAGE_ID });
  });

  it("is active once the image id is known", async () => {
    const image = imageRelation(true);
    const out = await ctx.run(events.relationChanged(image), baseState({ relations: [image] }));
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });

  it("ignores events it does not observe", async () => {
    const input = baseState({});
    const out = await ctx.run(events.updateStatus(), input);
    expect(out).toEqual(input);
    expect(ctx.hookToolCalls).toEqual([]);
  });
});

describe("invalid config", () => {
  it("blocks with the first problem, logs all of them and publishes nothing", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const input = baseState({
      relations: [image, garm],
      config: { ...config, "openstack-network": "", "max-runner": 0 },
    });
    const out = await ctx.run(events.configChanged(), input);
    expect(out.unitStatus).toEqual({ name: "blocked", message: "openstack-network is required" });
    const warning = ctx.jujuLog.find((line) => line.level === "WARNING")?.message ?? "";
    expect(warning).toContain("openstack-network is required");
    expect(warning).toContain("max-runner must be greater than 0");
    expect(published(out, image)).toEqual({});
    expect(published(out, garm)).toEqual({});
    expect(out.secrets).toEqual(input.secrets);
  });

  it.each<[string, SecretState[], string]>([
    [
      "missing",
      [keySecret],
      "openstack-password secret cannot be read: check it exists and run juju grant-secret <secret> garm-configurator",
    ],
    [
      "not granted",
      [{ ...passwordSecret, granted: false }, keySecret],
      "openstack-password secret cannot be read: check it exists and run juju grant-secret <secret> garm-configurator",
    ],
    [
      "without a value key",
      [secret({ id: passwordSecret.id, content: { password: PASSWORD }, granted: true }), keySecret],
      "openstack-password secret has no 'value' key",
    ],
    [
      "a private key without value",
      [passwordSecret, secret({ id: keySecret.id, content: {} })],
      "github-app-private-key secret has no 'value' key",
    ],
  ])("blocks, without failing the hook, when the password secret is %s", async (_label, secrets, message) => {
    const image = imageRelation(true);
    const out = await ctx.run(events.configChanged(), {
      ...baseState({ relations: [image] }),
      secrets,
    });
    expect(out.unitStatus).toEqual({ name: "blocked", message });
    expect(published(out, image)).toEqual({});
  });
});

describe("image relation", () => {
  it("sends the six OpenStack credential keys on joined", async () => {
    const image = imageRelation(false);
    const out = await ctx.run(events.relationJoined(image), baseState({ relations: [image] }));
    expect(published(out, image)).toEqual({
      auth_url: "https://keystone.example.com:5000/v3",
      username: "garm-runners",
      password: PASSWORD,
      project_name: "garm-runners",
      user_domain_name: "Default",
      project_domain_name: "Default",
    });
  });

  it("sends the rotated password on secret-changed", async () => {
    const image = imageRelation(false);
    const rotated = secret({
      id: passwordSecret.id,
      content: { value: PASSWORD },
      latestContent: { value: ROTATED_PASSWORD },
    });
    const out = await ctx.run(events.secretChanged(rotated), {
      ...baseState({ relations: [image] }),
      secrets: [rotated, keySecret],
    });
    expect(published(out, image)["password"]).toBe(ROTATED_PASSWORD);
    expect(getSecret(out, { id: rotated.id })?.trackedRevision).toBe(2);
  });
});

describe("garm-configurator relation", () => {
  it("publishes the scaleset, creates and grants both secrets, and publishes their URIs (leader)", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const out = await ctx.run(events.relationJoined(garm), baseState({ relations: [image, garm] }));
    const pw = getSecret(out, { label: PASSWORD_SECRET_LABEL });
    const key = getSecret(out, { label: GITHUB_KEY_SECRET_LABEL });
    expect(pw).toMatchObject({ owner: "app", grants: { [garm.id]: ["garm"] } });
    expect(key).toMatchObject({ owner: "app", grants: { [garm.id]: ["garm"] } });
    expect(pw?.revisions.at(-1)?.content).toEqual({ value: PASSWORD });
    expect(key?.revisions.at(-1)?.content).toEqual({ value: PRIVATE_KEY });

    const bag = published(out, garm);
    expect(bag).toMatchObject({
      name: "small",
      provider_name: "garm-configurator-0",
      image_id: IMAGE_ID,
      flavor: "m1.small",
      os_arch: "amd64",
      min_idle_runner: "0",
      max_runner: "5",
      runner_group: "Default",
      repo: "myorg/myrepo",
      dockerhub_mirror: "https://mirror.example:5000",
      github_app_id: "99999",
      github_installation_id: "67890",
    });
    expect(bag).not.toHaveProperty("org");
    expect(getSecret(out, { id: bag["openstack_password_secret_uri"] ?? "" })?.label).toBe(
      PASSWORD_SECRET_LABEL,
    );
    expect(getSecret(out, { id: bag["github_private_key_secret_uri"] ?? "" })?.label).toBe(
      GITHUB_KEY_SECRET_LABEL,
    );
    expect(readGarmConfiguratorUnitData(bag).ok).toBe(true);
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });

  it("publishes only the scaleset description without the image id", async () => {
    const image = imageRelation(false);
    const garm = garmRelation();
    const out = await ctx.run(events.relationChanged(garm), baseState({ relations: [image, garm] }));
    const bag = published(out, garm);
    expect(bag["name"]).toBe("small");
    expect(bag).not.toHaveProperty("image_id");
    for (const key of CREDENTIAL_KEYS) expect(bag).not.toHaveProperty(key);
    expect(out.secrets).toHaveLength(2);
    expect(readGarmConfiguratorUnitData(bag)).toMatchObject({ ok: false, state: "incomplete" });
  });

  it("publishes no credentials and creates no secrets on a non-leader", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const out = await ctx.run(events.configChanged(), baseState({ leader: false, relations: [image, garm] }));
    const bag = published(out, garm);
    expect(bag["image_id"]).toBe(IMAGE_ID);
    for (const key of CREDENTIAL_KEYS) expect(bag).not.toHaveProperty(key);
    expect(out.secrets).toHaveLength(2);
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });

  it("creates the secrets when the unit becomes leader, and drops the credentials when it stops being leader", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const asFollower = await ctx.run(
      events.configChanged(),
      baseState({ leader: false, relations: [image, garm] }),
    );
    const asLeader = await ctx.run(events.leaderElected(), { ...asFollower, leader: true });
    expect(getSecret(asLeader, { label: PASSWORD_SECRET_LABEL })).toBeDefined();
    expect(published(asLeader, garm)).toHaveProperty("openstack_password_secret_uri");
    const deposed = await ctx.run(events.configChanged(), { ...asLeader, leader: false });
    for (const key of CREDENTIAL_KEYS) expect(published(deposed, garm)).not.toHaveProperty(key);
  });

  it("publishes a new revision of the relation secret on rotation, keeping its URI", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    const uri = published(first, garm)["openstack_password_secret_uri"];
    const rotatedUser = rotatedPasswordSecret;
    const input = {
      ...first,
      secrets: first.secrets.map((s) => (s.id === passwordSecret.id ? rotatedUser : s)),
    };
    const out = await ctx.run(events.secretChanged(rotatedUser), input);
    const relationSecret = getSecret(out, { label: PASSWORD_SECRET_LABEL });
    expect(relationSecret?.revisions.at(-1)?.content).toEqual({ value: ROTATED_PASSWORD });
    expect(relationSecret?.revisions).toHaveLength(2);
    expect(published(out, garm)["openstack_password_secret_uri"]).toBe(uri);
    expect(published(out, image)["password"]).toBe(ROTATED_PASSWORD);
  });

  it("removes a relation-secret revision nobody tracks any more (leader only)", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    const rotatedUser = rotatedPasswordSecret;
    const rotated = await ctx.run(events.secretChanged(rotatedUser), {
      ...first,
      secrets: first.secrets.map((s) => (s.id === passwordSecret.id ? rotatedUser : s)),
    });
    const relationSecret = getSecret(rotated, { label: PASSWORD_SECRET_LABEL })!;
    const asFollower = await ctx.run(events.secretRemove(relationSecret, 1), {
      ...rotated,
      leader: false,
    });
    expect(asFollower).toEqual({ ...rotated, leader: false });
    const out = await ctx.run(events.secretRemove(relationSecret, 1), rotated);
    expect(ctx.removedSecretRevisions).toEqual([{ id: relationSecret.id, revision: 1 }]);
    expect(getSecret(out, { label: PASSWORD_SECRET_LABEL })?.revisions.map((r) => r.revision)).toEqual([2]);
  });

  it("forgets the image id of a departing image-builder unit", async () => {
    const image = relation({
      endpoint: "image",
      remoteAppName: "image-builder",
      remoteUnitsData: { 0: { id: IMAGE_ID }, 1: {} },
    });
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    expect(published(first, garm)["image_id"]).toBe(IMAGE_ID);
    const out = await ctx.run(events.relationDeparted(image, { departingUnit: "image-builder/0" }), first);
    expect(out.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_IMAGE_ID });
  });

  it("removes cleared options and the previous target from the databag", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    expect(published(first, garm)).toHaveProperty("dockerhub_mirror");
    const { "dockerhub-mirror": _cleared, repo: _repo, ...rest } = config;
    const out = await ctx.run(events.configChanged(), {
      ...first,
      config: { ...rest, org: "myorg" },
    });
    const bag = published(out, garm);
    expect(bag).not.toHaveProperty("dockerhub_mirror");
    expect(bag).not.toHaveProperty("repo");
    expect(bag["org"]).toBe("myorg");
  });

  it("removes the image id and the credentials when the image relation breaks", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    const out = await ctx.run(events.relationBroken(image), first);
    const bag = published(out, garm);
    expect(bag).not.toHaveProperty("image_id");
    for (const key of CREDENTIAL_KEYS) expect(bag).not.toHaveProperty(key);
    expect(bag["name"]).toBe("small");
    expect(out.unitStatus).toEqual({ name: "waiting", message: STATUS_WAITING_IMAGE_RELATION });
  });

  it("keeps working when the garm relation breaks", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    const out = await ctx.run(events.relationBroken(garm), first);
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_READY });
  });
});

describe("round trip through the garm_configurator_v0 reader", () => {
  it("returns exactly the typed scaleset, provider and GitHub App the configurator's config describes", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const full = withConfig(config, {
      org: "myorg",
      repo: undefined,
      "min-idle-runner": 2,
      labels: "noble, large",
      "runner-group": "ci",
      "pre-install-scripts": "apt-get install -y jq\n",
      "runner-http-proxy": "http://proxy.example:3128",
      "aproxy-exclude-addresses": "10.0.0.0/8,192.168.1.1",
      "aproxy-redirect-ports": "80,443,8000-9000",
      "otel-collector-endpoint": "http://otel.example:4317",
      "pre-job-script": "echo one\necho two",
    });
    const out = await ctx.run(events.configChanged(), baseState({ config: full, relations: [image, garm] }));
    const bag = published(out, garm);
    const parsed = parseConfiguratorConfig(full);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const expected = buildPublication(
      parsed.config,
      "garm-configurator/0",
      IMAGE_ID,
      buildCredentials(parsed.config, {
        passwordSecretUri: bag["openstack_password_secret_uri"] ?? "",
        privateKeySecretUri: bag["github_private_key_secret_uri"] ?? "",
      }),
    );
    expect(readGarmConfiguratorUnitData(bag)).toEqual({
      ok: true,
      scalesetName: "small",
      value: {
        providerName: "garm-configurator-0",
        imageId: IMAGE_ID,
        scaleset: expected.scaleset,
        ...expected.credentials,
      },
    });
  });
});

describe("secrecy", () => {
  it("keeps the password only where github_runner_image_v0 requires it, through a whole lifecycle", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    let current = baseState({ relations: [image, garm] });
    for (const event of [
      events.install(),
      events.configChanged(),
      events.relationJoined(garm),
      events.leaderElected(),
      events.secretChanged(rotatedPasswordSecret),
    ]) {
      if (event.kind === "secret-changed") {
        current = {
          ...current,
          secrets: current.secrets.map((s) =>
            s.id === rotatedPasswordSecret.id ? rotatedPasswordSecret : s,
          ),
        };
      }
      // The leak check scans every databag, status, log line and argv after each hook.
      current = await ctx.run(event, current);
    }
    expect(Object.keys(published(current, image)).sort()).toEqual([...IMAGE_KEYS].sort());
    expect(published(current, image)["password"]).toBe(ROTATED_PASSWORD);
    expect(JSON.stringify(published(current, garm))).not.toContain(PASSWORD.slice(0, 8));
  });
});

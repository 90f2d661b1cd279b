import { fileURLToPath } from "node:url";
import {
  Context,
  events,
  getRelation,
  getSecret,
  loadCharmMeta,
  relation,
  secret,
  state,
  type RelationState,
  type SecretState,
  type State,
} from "@garm-charms/charm-testing";
import { readGarmConfiguratorUnitData } from "@garm-charms/interfaces";
import { beforeAll, describe, expect, it } from "vitest";

import {
  GITHUB_KEY_SECRET_LABEL,
  PASSWORD_SECRET_LABEL,
  garmConfiguratorCharm,
  STATUS_READY,
  STATUS_WAITING_IMAGE_ID,
  STATUS_WAITING_IMAGE_RELATION,
} from "../src/index.js";

const CHARMCRAFT = fileURLToPath(new URL("../charmcraft.yaml", import.meta.url));
const IMAGE_ID = "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c";
const PASSWORD = "pw-s3cr3t-Zq81";
const ROTATED_PASSWORD = "pw-r0tated-Kx42";
const PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEkey-material-Yy77\n-----END RSA PRIVATE KEY-----";
const SECRET_VALUES = [PASSWORD, ROTATED_PASSWORD, PRIVATE_KEY, "MIIEkey-material-Yy77"];

const JUJU_DEFAULT_KEYS = ["egress-subnets", "ingress-address", "private-address"];
const IMAGE_KEYS = [
  "auth_url",
  "username",
  "password",
  "project_name",
  "user_domain_name",
  "project_domain_name",
];
const CREDENTIAL_KEYS = [
  "openstack_auth_url",
  "openstack_username",
  "openstack_password_secret_uri",
  "openstack_project_name",
  "openstack_user_domain_name",
  "openstack_project_domain_name",
  "openstack_region_name",
  "openstack_network",
  "github_app_id",
  "github_installation_id",
  "github_private_key_secret_uri",
];

let ctx: Context;

beforeAll(async () => {
  ctx = new Context(garmConfiguratorCharm, { meta: await loadCharmMeta(CHARMCRAFT), unitId: 0 });
});

const passwordSecret: SecretState = secret({
  id: "secret:userpw00000000000000",
  content: { value: PASSWORD },
  granted: true,
});
const keySecret: SecretState = secret({
  id: "secret:userkey0000000000000",
  content: { value: PRIVATE_KEY },
  granted: true,
});

const config = {
  "openstack-auth-url": "https://keystone.example.com:5000/v3",
  "openstack-username": "garm-runners",
  "openstack-password": passwordSecret.id,
  "openstack-project-name": "garm-runners",
  "openstack-user-domain-name": "Default",
  "openstack-project-domain-name": "Default",
  "openstack-region-name": "RegionOne",
  "openstack-network": "runners-net",
  "github-app-id": 99999,
  "github-app-installation-id": 67890,
  "github-app-private-key": keySecret.id,
  name: "small",
  flavor: "m1.small",
  "os-arch": "amd64",
  "max-runner": 5,
  repo: "myorg/myrepo",
  "dockerhub-mirror": "https://mirror.example:5000",
} as const;

function imageRelation(withId: boolean): RelationState {
  return relation({
    endpoint: "image",
    remoteAppName: "image-builder",
    remoteUnitsData: { 0: withId ? { id: IMAGE_ID, tags: "x64,noble" } : {} },
  });
}

function garmRelation(): RelationState {
  return relation({ endpoint: "garm-configurator", remoteAppName: "garm", remoteUnitsData: { 0: {} } });
}

/** The unit databag without Juju's own keys. */
function published(out: State, rel: RelationState): Record<string, string> {
  const bag = getRelation(out, rel.id)?.localUnitData ?? {};
  return Object.fromEntries(Object.entries(bag).filter(([key]) => !JUJU_DEFAULT_KEYS.includes(key)));
}

const MODEL = { name: "test-model", uuid: "3f0c2a9e-8b1d-4e6f-a7c2-5d9e0b1f3a47", type: "iaas" } as const;

function baseState(options: {
  leader?: boolean;
  relations?: RelationState[];
  config?: Record<string, string | number>;
}) {
  return state({
    leader: options.leader ?? true,
    model: MODEL,
    config: options.config ?? config,
    relations: options.relations ?? [],
    secrets: [passwordSecret, keySecret],
  });
}

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
    const out = await ctx.run(events.configChanged(), { ...baseState({ relations: [image] }), secrets });
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
    const rotatedUser = secret({
      id: passwordSecret.id,
      content: { value: PASSWORD },
      latestContent: { value: ROTATED_PASSWORD },
      granted: true,
    });
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
    const rotatedUser = secret({
      id: passwordSecret.id,
      content: { value: PASSWORD },
      latestContent: { value: ROTATED_PASSWORD },
      granted: true,
    });
    const rotated = await ctx.run(events.secretChanged(rotatedUser), {
      ...first,
      secrets: first.secrets.map((s) => (s.id === passwordSecret.id ? rotatedUser : s)),
    });
    const relationSecret = getSecret(rotated, { label: PASSWORD_SECRET_LABEL })!;
    const asFollower = await ctx.run(events.secretRemove(relationSecret, 1), { ...rotated, leader: false });
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
    const out = await ctx.run(events.configChanged(), { ...first, config: { ...rest, org: "myorg" } });
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

describe("idempotence and secrecy", () => {
  it("changes nothing when the same event runs twice", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const first = await ctx.run(events.configChanged(), baseState({ relations: [image, garm] }));
    const second = await ctx.run(events.configChanged(), first);
    expect(second).toEqual(first);
    const writes = ctx.hookToolCalls.filter((call) =>
      ["relation-set", "secret-add", "secret-set"].includes(call.tool),
    );
    expect(writes).toEqual([]);
  });

  it("never puts a secret value in the garm databag, a status, a log line or argv", async () => {
    const image = imageRelation(true);
    const garm = garmRelation();
    const rotatedUser = secret({
      id: passwordSecret.id,
      content: { value: PASSWORD },
      latestContent: { value: ROTATED_PASSWORD },
      granted: true,
    });
    let current = baseState({ relations: [image, garm] });
    const seen: string[] = [];
    const runs = [
      events.install(),
      events.configChanged(),
      events.relationJoined(garm),
      events.leaderElected(),
      events.secretChanged(rotatedUser),
    ];
    for (const event of runs) {
      if (event.kind === "secret-changed") {
        current = {
          ...current,
          secrets: current.secrets.map((s) => (s.id === rotatedUser.id ? rotatedUser : s)),
        };
      }
      current = await ctx.run(event, current);
      seen.push(JSON.stringify(published(current, garm)));
      seen.push(JSON.stringify(getRelation(current, image.id)?.localAppData ?? {}));
      seen.push(JSON.stringify(getRelation(current, garm.id)?.localAppData ?? {}));
      seen.push(JSON.stringify(current.unitStatus), JSON.stringify(ctx.unitStatusHistory));
      seen.push(JSON.stringify(ctx.jujuLog));
      seen.push(JSON.stringify(ctx.hookToolCalls.map((call) => call.args)));
    }
    const everything = seen.join("\n");
    for (const value of SECRET_VALUES) expect(everything).not.toContain(value);
    // The image relation carries the password by protocol (github_runner_image_v0), and only there.
    expect(Object.keys(published(current, image)).sort()).toEqual([...IMAGE_KEYS].sort());
  });
});

/**
 * Shared setup for the configurator's state-transition tests. Every Context they run is made by
 * `newContext`, so every run also goes through charm-testing's secret-leak check: no secret value
 * in a databag, a status, a juju-log line, charm state, a hook tool's argv or the charm's error.
 *
 * The one exception is protocol: `github_runner_image_v0` carries the OpenStack password in plain
 * text under the key `password` of this unit's `image` databag (the image builder reads it there;
 * it cannot read a Juju secret). That single key is exempt; everything else, including the rest
 * of that databag, is checked, and a test secret too short to scan for fails the run.
 */
import {
  Context,
  getRelation,
  relation,
  secret,
  state,
  type RelationState,
  type SecretLeakOptions,
  type SecretState,
  type State,
} from "@garm-charms/charm-testing";
import type { Charm } from "@garm-charms/charm-runtime";
import { GARM_CONFIGURATOR_LEADER_KEYS } from "@garm-charms/interfaces";

import { garmConfiguratorCharm } from "../src/index.js";
import { isImagePassword } from "../src/test-support/secret-leaks.js";

export const IMAGE_ID = "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c";
export const PASSWORD = "pw-s3cr3t-Zq81";
export const ROTATED_PASSWORD = "pw-r0tated-Kx42";
export const PRIVATE_KEY =
  "-----BEGIN RSA PRIVATE KEY-----\nMIIEkey-material-Yy77\n-----END RSA PRIVATE KEY-----";

export const MODEL = {
  name: "test-model",
  uuid: "3f0c2a9e-8b1d-4e6f-a7c2-5d9e0b1f3a47",
  type: "iaas",
} as const;

/** Keys Juju puts in every unit databag; not ours. */
export const JUJU_DEFAULT_KEYS = ["egress-subnets", "ingress-address", "private-address"];

export const IMAGE_KEYS = [
  "auth_url",
  "username",
  "password",
  "project_name",
  "user_domain_name",
  "project_domain_name",
];

/** Keys the leader adds to the garm databag once the image id is known. */
export const CREDENTIAL_KEYS: readonly string[] = GARM_CONFIGURATOR_LEADER_KEYS;

/** The leak check's allowance: the image databag's `password` (github_runner_image_v0), nothing else. */
export const SECRET_LEAKS: SecretLeakOptions = {
  allow: isImagePassword,
  shortValues: "refuse",
};

/** A Context for `charm` (the configurator by default), its charmcraft.yaml and the leak check. */
export function newContext(charm: Charm = garmConfiguratorCharm): Context {
  return new Context(charm, { unitId: 0, secretLeaks: SECRET_LEAKS });
}

export const passwordSecret: SecretState = secret({
  id: "secret:userpw00000000000000",
  content: { value: PASSWORD },
  granted: true,
});

export const keySecret: SecretState = secret({
  id: "secret:userkey0000000000000",
  content: { value: PRIVATE_KEY },
  granted: true,
});

/** The operator's password secret after `juju update-secret`: the unit still tracks revision 1. */
export const rotatedPasswordSecret: SecretState = secret({
  id: passwordSecret.id,
  content: { value: PASSWORD },
  latestContent: { value: ROTATED_PASSWORD },
  granted: true,
});

export type ConfigValues = Readonly<Record<string, string | number>>;

/** A complete, valid configuration (the reference's unit-test config plus a registry mirror). */
export const validConfig: ConfigValues = {
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
};

/** `change` applied to `base`; an `undefined` value unsets the option (back to its default). */
export function withConfig(
  base: ConfigValues,
  change: Readonly<Record<string, string | number | undefined>>,
): ConfigValues {
  const merged = { ...base, ...change };
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string | number] => entry[1] !== undefined),
  );
}

export function imageRelation(withId: boolean): RelationState {
  return relation({
    endpoint: "image",
    remoteAppName: "image-builder",
    remoteUnitsData: { 0: withId ? { id: IMAGE_ID, tags: "x64,noble" } : {} },
  });
}

/** The planner's model (a K8s model: the relation is cross-model in a real deployment). */
export const PLANNER_MODEL_UUID = "5e2d7a10-4c3b-4f8e-9a61-0b7c2d9e4f18";
export const PLANNER_TOKEN = "plnr-t0ken-Hq27vXk3Lm9Np2Rs5Tu8Wy1Za4Bc6De";
export const ROTATED_PLANNER_TOKEN = "plnr-r0tated-Gf83Jk2Lm5Nq7Rs9Tv1Wx4Yz6Ab";
export const PLANNER_URL = "https://ingress.example/planner-model-planner";

/** The planner's token secret, granted to this application, as the planner writes it. */
export const plannerTokenSecret: SecretState = secret({
  id: `secret://${PLANNER_MODEL_UUID}/d1kplannertoken0000a`,
  content: { token: PLANNER_TOKEN },
  granted: true,
});

/** The planner's token secret after a rotation: this unit still tracks revision 1. */
export const rotatedPlannerTokenSecret: SecretState = secret({
  id: plannerTokenSecret.id,
  content: { token: PLANNER_TOKEN },
  latestContent: { token: ROTATED_PLANNER_TOKEN },
  granted: true,
});

/** The `planner` relation; `answer` is the planner's app databag (empty: not answered yet). */
export function plannerRelation(answer: Readonly<Record<string, string>> = {}): RelationState {
  return relation({
    endpoint: "planner",
    remoteAppName: "github-runner-planner",
    remoteAppData: answer,
    remoteUnitsData: { 0: {} },
    remoteModelUuid: PLANNER_MODEL_UUID,
  });
}

/** What the planner publishes once it has issued our token. */
export const PLANNER_ANSWER: Readonly<Record<string, string>> = {
  endpoint: PLANNER_URL,
  token: plannerTokenSecret.id,
};

export function garmRelation(): RelationState {
  return relation({ endpoint: "garm-configurator", remoteAppName: "garm", remoteUnitsData: { 0: {} } });
}

export function baseState(options: {
  leader?: boolean;
  relations?: RelationState[];
  config?: ConfigValues;
  secrets?: SecretState[];
}): State {
  return state({
    leader: options.leader ?? true,
    model: MODEL,
    config: options.config ?? validConfig,
    relations: options.relations ?? [],
    secrets: options.secrets ?? [passwordSecret, keySecret],
  });
}

/**
 * A leader related to all it serves: an image builder that published an image id, garm, and a
 * planner that answered, with the planner's token secret granted. `relations` replaces those
 * three where a test must name them in its events.
 */
export function relatedState(options: { leader?: boolean; relations?: RelationState[] } = {}): State {
  return baseState({
    leader: options.leader ?? true,
    relations: options.relations ?? [imageRelation(true), garmRelation(), plannerRelation(PLANNER_ANSWER)],
    secrets: [passwordSecret, keySecret, plannerTokenSecret],
  });
}

/** This unit's databag on `rel`, without Juju's own keys. */
export function published(out: State, rel: RelationState): Record<string, string> {
  const bag = getRelation(out, rel.id)?.localUnitData ?? {};
  return Object.fromEntries(Object.entries(bag).filter(([key]) => !JUJU_DEFAULT_KEYS.includes(key)));
}

/** Hook tools that change what other charms or Juju see. */
export const WRITE_TOOLS = [
  "relation-set",
  "secret-add",
  "secret-grant",
  "secret-set",
  "secret-revoke",
  "secret-remove",
  "state-set",
];

export function writeCalls(ctx: Context): { tool: string; args: readonly string[] }[] {
  return ctx.hookToolCalls.filter((call) => WRITE_TOOLS.includes(call.tool));
}

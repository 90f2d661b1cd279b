/**
 * Shared test fixtures for the garm charm: a realistic model (PostgreSQL with credentials in a Juju
 * secret, configurator units publishing OpenStack credentials as secret URIs, GARM's own secrets),
 * and a harness Context factory whose every run fails on a secret value in a log line, status,
 * action output, argv, plain databag or charm state (the harness's secret-leak check).
 */
import { generateKeyPairSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  container,
  Context,
  loadCharmMeta,
  type CharmMeta,
  relation,
  secret,
  state,
  type ContainerState,
  type Databag,
  type LeakPlace,
  type RelationState,
  type SecretLeakOptions,
  type State,
} from "@garm-charms/charm-testing";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { afterEach, beforeEach } from "vitest";
import type { Charm } from "@garm-charms/charm-runtime";
import { createGarmCharm, type GarmCharmOptions } from "../src/index.js";

export const DB_PASSWORD = "db-pw-Qx83-secret";
export const OS_PASSWORD = "os-pw-Lm27:#secret";
export const OS_PASSWORD_2 = "os-pw-Second-Vb55";
export const JWT_SECRET = "9f".repeat(32);
export const DB_PASSPHRASE = "Zq7Lp2Xw9Rt4Mv6Nb1Kc8Hd3Fs5Gj0Ay";
export const ADMIN_PASSWORD = "Adm1n-Str0ng-Pass-Kw9z!x";

export const garmSecrets = secret({
  id: "secret:cs00000000000garmsecrets",
  owner: "app",
  label: "garm-secrets",
  content: { "jwt-secret": JWT_SECRET, "db-passphrase": DB_PASSPHRASE },
});

export const adminCredentials = secret({
  id: "secret:cs00000000000garmadmin01",
  owner: "app",
  label: "garm-admin-credentials",
  content: {
    username: "admin",
    password: ADMIN_PASSWORD,
    email: "admin@garm.local",
    "full-name": "GARM Admin",
  },
});

export const WEBHOOK_SECRET = "5e".repeat(32);

export const webhookSecret = secret({
  id: "secret:cs00000000000garmwebhook1",
  owner: "app",
  label: "garm-webhook-secret",
  content: { "webhook-secret": WEBHOOK_SECRET },
});

export const dbUserSecret = secret({
  id: "secret:cs000000000000dbuser0001",
  content: { username: "relation_id_7", password: DB_PASSWORD },
});

export const osPasswordSecret = secret({
  id: "secret:cs00000000000ospassword1",
  content: { value: OS_PASSWORD },
});
export const osPasswordSecret2 = secret({
  id: "secret:cs00000000000ospassword2",
  content: { value: OS_PASSWORD_2 },
});

export const postgresql = relation({
  endpoint: "postgresql",
  id: 10,
  remoteAppName: "postgresql-k8s",
  remoteAppData: {
    database: "garm",
    endpoints: "10.0.0.5:5432,10.0.0.6:5432",
    version: "16.9",
    "secret-user": dbUserSecret.id,
  },
});

/** A throwaway PKCS#1 key, as GARM wants GitHub App keys. */
export const GITHUB_APP_KEY = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
  type: "pkcs1",
  format: "pem",
}) as string;

export const githubKeySecret = secret({
  id: "secret:cs00000000000githubkey01",
  content: { value: GITHUB_APP_KEY },
});

/** A configurator leader unit's complete publication: scaleset, image, provider and GitHub App. */
export function providerBag(
  secretUri: string,
  network = "external-net",
  unit = "garm-configurator-0",
): Databag {
  return {
    name: `scaleset-${unit}`,
    provider_name: unit,
    image_id: "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c",
    flavor: "m1.large",
    os_arch: "amd64",
    min_idle_runner: "0",
    max_runner: "5",
    labels: "noble,x64",
    org: "test-org",
    openstack_auth_url: "https://keystone.example.com:5000/v3",
    openstack_username: "admin",
    openstack_password_secret_uri: secretUri,
    openstack_project_name: "test-project",
    openstack_user_domain_name: "Default",
    openstack_project_domain_name: "Default",
    openstack_region_name: "RegionOne",
    openstack_network: network,
    github_app_id: "12345",
    github_installation_id: "67890",
    github_private_key_secret_uri: githubKeySecret.id,
  };
}

export function configurator(
  units: Readonly<Record<number, Databag>>,
  id = 20,
  app = "garm-configurator",
): RelationState {
  return relation({ endpoint: "garm-configurator", id, remoteAppName: app, remoteUnitsData: units });
}

export const oneConfigurator = configurator({ 0: providerBag(osPasswordSecret.id) });

export const garmContainer: ContainerState = container({ name: "garm" });

/** Leader with everything in place: database, GARM secrets, one configurator unit, Pebble up. */
export function readyState(overrides: Partial<State> = {}): State {
  return state({
    leader: true,
    model: { name: "garm-model", uuid: "1a2b3c4d-0000-4000-8000-000000000000", type: "caas" },
    relations: [postgresql, oneConfigurator],
    secrets: [
      garmSecrets,
      adminCredentials,
      webhookSecret,
      dbUserSecret,
      osPasswordSecret,
      osPasswordSecret2,
      githubKeySecret,
    ],
    containers: [garmContainer],
    ...overrides,
  });
}

/** What GARM lists once config.toml has the fixtures' providers (the fake is told at start). */
export const GARM_PROVIDERS = [
  { name: "garm-configurator-0" },
  { name: "garm-configurator-1" },
  { name: "configurator-b-0" },
];

/** Test timings: GARM that does not answer is given up on quickly. */
export function charmOptions(garmUrl: string, extra: GarmCharmOptions = {}): GarmCharmOptions {
  return {
    garmUrl,
    requestTimeoutMs: 2_000,
    timings: { readyTimeoutMs: 300, readyIntervalMs: 50 },
    ...extra,
  };
}

/**
 * Where the first juju-log line of the last run matching `pattern` is (-1 when none): the log is
 * the one record of the order in which GARM writes and container changes happened in a hook.
 */
export function logIndex(ctx: Context, pattern: RegExp): number {
  return ctx.jujuLog.findIndex((line) => pattern.test(line.message));
}

/**
 * get-credentials' results, `action-set username=... password=... email=... full-name=...`: the
 * admin password's one way out (Juju's action-set has no file form). Any other action-set, or any
 * other place, holding a secret value fails the run.
 */
const CREDENTIALS_RESULTS = /^username=\S+ password=\S+ email=\S+ full-name=[^=]+$/u;

export const GARM_SECRET_LEAKS: SecretLeakOptions = {
  allow: (place: LeakPlace) =>
    place.kind === "argv" && place.tool === "action-set" && CREDENTIALS_RESULTS.test(place.text),
};

const GARM_CHARMCRAFT = fileURLToPath(new URL("../charmcraft.yaml", import.meta.url));

/**
 * The garm charm's metadata, for Contexts created outside the charm's folder (the process-level
 * suites and the hook bench under tests/), where the default charmcraft.yaml lookup cannot find it.
 */
export function garmMeta(): Promise<CharmMeta> {
  return loadCharmMeta(GARM_CHARMCRAFT);
}

/** A harness Context for `charm` (charmcraft.yaml found by default) with the secret-leak check on. */
export function checkedContext(charm: Charm, unitId = 0): Context {
  return new Context(charm, { unitId, secretLeaks: GARM_SECRET_LEAKS });
}

export function garmContext(options: GarmCharmOptions, unitId = 0): Promise<Context> {
  return Promise.resolve(checkedContext(createGarmCharm(options), unitId));
}

/**
 * A GARM fake (serving the configurators' providers) started before each test of the calling file
 * and closed after it; `assign` receives each new one.
 */
export function useGarmFake(assign: (fake: GarmFake) => void): void {
  let current: GarmFake | undefined;
  beforeEach(async () => {
    current = await startGarmFake({ providers: GARM_PROVIDERS });
    assign(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

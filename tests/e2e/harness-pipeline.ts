/**
 * The charms' pipeline through the state-transition harness (the demo before it moved onto the
 * local Juju model, kept as the fast in-process end-to-end check), without Juju: an operator configures a garm-configurator, which
 * publishes its scaleset over the `garm-configurator` relation; the garm charm reads that, runs
 * GARM's bootstrap against the GARM fake and reconciles GARM's objects. A second garm hook with
 * nothing changed must write nothing to GARM.
 *
 * Both charms run through the state-transition harness with their real code. What Juju would carry
 * between them is carried here by hand: the configurator's unit databag becomes the garm side's
 * remote unit databag, and the secrets it granted become secrets shared with the garm application.
 */
import { generateKeyPairSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  container,
  Context,
  events,
  getRelation,
  loadCharmMeta,
  relation,
  secret,
  state,
  type RelationState,
  type SecretState,
  type State,
} from "@garm-charms/charm-testing";
import { GarmClient, type ScaleSet } from "@garm-charms/garm-client";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { createGarmCharm } from "@garm-charms/garm";
import { garmConfiguratorCharm } from "@garm-charms/garm-configurator";

import { isImagePassword } from "../../charms/garm-configurator/src/test-support/secret-leaks.js";
import { DEMO_RUNNER_OPTIONS } from "./test-support/demo-runners.js";

const CONFIGURATOR_META = fileURLToPath(
  new URL("../../charms/garm-configurator/charmcraft.yaml", import.meta.url),
);
const GARM_META = fileURLToPath(new URL("../../charms/garm/charmcraft.yaml", import.meta.url));

/** The configurator unit's provider name in GARM: its unit name with `/` replaced by `-`. */
const PROVIDER_NAME = "garm-configurator-0";
const IMAGE_ID = "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c";
const RELATION_ID = 7;

export interface HarnessPipelineOutcome {
  /** GARM calls that change its state (POST/PUT/DELETE but login) in the first garm hook. */
  readonly firstRunWrites: readonly string[];
  /** The same for the second, unchanged garm hook: empty when the reconcile is idempotent. */
  readonly secondRunWrites: readonly string[];
  readonly scaleset: ScaleSet;
  readonly templateName: string;
  readonly templateHead: readonly string[];
  readonly garmUnitStatus: State["unitStatus"];
  readonly configuratorUnitStatus: State["unitStatus"];
  /** Every secret value the scenario used, so a test can check none was printed. */
  readonly secretValues: readonly string[];
}

const LOGIN_PATH = "/api/v1/auth/login";

/** A call that changes GARM's state. Logging in (a POST) only issues a token, so it is not one. */
const isWrite = (method: string, path: string): boolean => method !== "GET" && path !== LOGIN_PATH;

export async function runHarnessPipeline(print: (line: string) => void): Promise<HarnessPipelineOutcome> {
  const openstackPassword = "demo-Openstack-pw-9Zq";
  const githubKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs1",
    format: "pem",
  }) as string;
  const dbPassword = "demo-Postgres-pw-4Kx";

  // 1. The operator's garm-configurator: config, the image builder's answer, the garm relation.
  const passwordSecret = secret({ content: { value: openstackPassword }, granted: true });
  const keySecret = secret({ content: { value: githubKey }, granted: true });
  const config = {
    ...DEMO_RUNNER_OPTIONS,
    "openstack-password": passwordSecret.id,
    "github-app-private-key": keySecret.id,
  };
  const configurator = new Context(garmConfiguratorCharm, {
    meta: await loadCharmMeta(CONFIGURATOR_META),
    // github_runner_image_v0 carries the OpenStack password in plain text, as the configurator's
    // own tests allow; the leak check covers the rest.
    secretLeaks: { allow: isImagePassword },
  });
  const configuratorIn = state({
    leader: true,
    model: { name: "runners", uuid: "0c5b6e2a-3f41-4d7e-9a10-6b2f8c3d4e5f", type: "iaas" },
    config,
    secrets: [passwordSecret, keySecret],
    relations: [
      relation({
        endpoint: "image",
        remoteAppName: "image-builder",
        remoteUnitsData: { 0: { id: IMAGE_ID } },
      }),
      relation({
        endpoint: "garm-configurator",
        id: RELATION_ID,
        remoteAppName: "garm",
        remoteUnitsData: { 0: {} },
      }),
    ],
  });
  print("$ juju config garm-configurator name=demo-runners org=demo-org runner-http-proxy=… (and the rest)");
  const configuratorOut = await configurator.run(events.configChanged(), configuratorIn);
  print(`garm-configurator/0: ${describeStatus(configuratorOut.unitStatus)}`);
  const published = getRelation(configuratorOut, RELATION_ID)?.localUnitData ?? {};
  print(`  published ${String(Object.keys(published).length)} keys to the garm-configurator relation`);

  // 2. What Juju carries to the garm side: the databag, and the secrets granted to the relation.
  const sharedSecrets: SecretState[] = configuratorOut.secrets
    .filter((s) => s.owner !== null && (s.grants[RELATION_ID]?.length ?? 0) > 0)
    .map((s) => secret({ id: s.id, content: s.revisions.at(-1)?.content ?? {}, granted: true }));
  const dbUser = secret({ content: { username: "garm_user", password: dbPassword }, granted: true });

  const fake = await startGarmFake({ providers: [{ name: PROVIDER_NAME, type: "external" }] });
  try {
    const garm = new Context(
      createGarmCharm({
        garmUrl: fake.url,
        requestTimeoutMs: 5_000,
        timings: { readyTimeoutMs: 5_000, readyIntervalMs: 50 },
      }),
      { meta: await loadCharmMeta(GARM_META) },
    );
    const garmContainer = container({ name: "garm" });
    const garmIn = state({
      leader: true,
      model: { name: "garm", uuid: "5d0e9f1a-7b2c-4e8d-a3f6-1c9b8a7d6e50", type: "caas" },
      containers: [garmContainer],
      secrets: [...sharedSecrets, dbUser],
      relations: [
        relation({
          endpoint: "postgresql",
          remoteAppName: "postgresql-k8s",
          remoteAppData: { database: "garm", endpoints: "10.1.0.5:5432", "secret-user": dbUser.id },
        }),
        garmSide(published),
      ],
    });

    // 3. The garm charm: Pebble comes up, the charm configures GARM, bootstraps it and reconciles.
    print("");
    print("garm/0 garm-pebble-ready:");
    const garmOut = await garm.run(events.pebbleReady(garmContainer), garmIn);
    const firstRunWrites = writesOf(fake);
    print(`garm/0: ${describeStatus(garmOut.unitStatus)}`);
    print(`  GARM writes: ${String(firstRunWrites.length)} (and ${logins(loginsOf(fake))})`);
    for (const line of summariseWrites(firstRunWrites)) print(`    ${line}`);

    // 4. What GARM now holds, read back through the typed client with the admin credentials.
    const admin = garmOut.secrets
      .find((s) => s.label === "garm-admin-credentials")
      ?.revisions.at(-1)?.content;
    if (admin?.username === undefined || admin.password === undefined) {
      throw new Error("the garm charm did not create its admin credentials");
    }
    const client = new GarmClient({ baseUrl: fake.url, timeoutMs: 5_000 });
    let scaleset: ScaleSet;
    let templateName: string;
    let templateHead: string[];
    try {
      await client.login(admin.username, admin.password);
      const found = (await client.listScaleSets()).find((s) => s.name === "demo-runners");
      if (found === undefined) throw new Error("GARM has no scaleset named demo-runners after the reconcile");
      scaleset = found;
      const template = await client.getTemplate(scaleset.templateId);
      templateName = template.name;
      templateHead = (template.script ?? "").split("\n").slice(0, 14);
    } finally {
      await client.close();
    }
    print("");
    print("GARM scaleset:");
    print(
      `  ${scaleset.name}: provider ${scaleset.providerName}, image ${scaleset.image}, flavor ${scaleset.flavor}, ` +
        `${scaleset.osType}/${scaleset.osArch}, min idle ${String(scaleset.minIdleRunners)}, max ${String(scaleset.maxRunners)}, ` +
        `labels [${scaleset.labels.join(", ")}], enabled ${String(scaleset.enabled)}`,
    );
    print(
      `  pre-install scripts: ${Object.keys(scaleset.extraSpecs.pre_install_scripts ?? {}).join(", ") || "none"}`,
    );
    print(`  template: ${templateName} (id ${String(scaleset.templateId)}); its first lines:`);
    for (const line of templateHead) print(`    | ${line}`.trimEnd());

    // 5. Another hook (update-status) with nothing changed: nothing is written.
    fake.clearRequests();
    const garmAgain = await garm.run(events.updateStatus(), garmOut);
    const secondRunWrites = writesOf(fake);
    print("");
    print(
      `garm/0 update-status with nothing changed: ${describeStatus(garmAgain.unitStatus)}, ` +
        `GARM writes: ${String(secondRunWrites.length)} (and ${logins(loginsOf(fake))})`,
    );

    return {
      firstRunWrites,
      secondRunWrites,
      scaleset,
      templateName,
      templateHead,
      garmUnitStatus: garmAgain.unitStatus,
      configuratorUnitStatus: configuratorOut.unitStatus,
      secretValues: [openstackPassword, githubKey, dbPassword, admin.password],
    };
  } finally {
    await fake.close();
  }
}

function garmSide(published: Readonly<Record<string, string>>): RelationState {
  return relation({
    endpoint: "garm-configurator",
    id: RELATION_ID,
    remoteAppName: "garm-configurator",
    remoteUnitsData: { 0: published },
  });
}

function writesOf(fake: GarmFake): string[] {
  return fake.requests.filter((r) => isWrite(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
}

function logins(count: number): string {
  return `${String(count)} login${count === 1 ? "" : "s"}`;
}

function loginsOf(fake: GarmFake): number {
  return fake.requests.filter((r) => r.path === LOGIN_PATH).length;
}

/** `POST /api/v1/templates` x2 style lines, in first-seen order. */
function summariseWrites(writes: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const w of writes) {
    const key = w.replace(/\/[0-9a-f-]{36}|\/\d+(?=\/|$)/g, "/{id}");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => (n === 1 ? key : `${key} x${String(n)}`));
}

function describeStatus(status: State["unitStatus"]): string {
  return status.message === "" ? status.name : `${status.name} (${status.message})`;
}

/**
 * Beyond the anchors (issue 14, item 2): runner options through their life, several
 * configurators, a configurator with two units, garm's leader going, refresh, a GARM restart
 * and losing PostgreSQL. All need the garm workload, the peers and a GitHub API GARM reaches.
 */
import { GARM_CONFIGURATOR_LEADER_KEYS } from "@garm-charms/interfaces";
import {
  allActive,
  allAgentsIdle,
  allBlocked,
  type Juju,
  type TemporaryModel,
} from "@garm-charms/juju-client";
import { afterAll, beforeAll, expect, it } from "vitest";

import { garmAccess, garmObjects, reconnect, scalesetTemplate, type GarmAccess } from "./garm-api.js";
import {
  appMessage,
  backend,
  CONFIGURATOR,
  CONFIGURATOR_SETTINGS,
  deployConfigurator,
  deployStack,
  describeWhen,
  GARM,
  IMAGE_BUILDER,
  integratePeer,
  leaderOf,
  POSTGRESQL,
  remoteUnitData,
  settled,
  unitsOf,
} from "./suite.js";

const { workloads, githubApi } = backend.capabilities;
const SECOND = "second-configurator";

/** Each runner option with two values and what of a value the scale set's template shows. */
const RUNNER_OPTION_CASES: readonly {
  option: string;
  values: [string, string];
  shown: (v: string) => string;
}[] = [
  {
    option: "dockerhub-mirror",
    values: ["https://m1.example.com", "https://m2.example.com"],
    shown: (v) => `DOCKERHUB_MIRROR=${v}`,
  },
  {
    option: "otel-collector-endpoint",
    values: ["http://o1.example.com:4318", "http://o2.example.com:4318"],
    shown: (v) => `ACTION_OTEL_EXPORTER_OTLP_ENDPOINT=${v}`,
  },
  { option: "pre-job-script", values: ["echo marker-one", "echo marker-two"], shown: (v) => v },
  {
    option: "runner-http-proxy",
    values: ["http://p1.example.com:3128", "http://p2.example.com:3128"],
    shown: (v) => `proxy_authority='${new URL(v).host}'`,
  },
  {
    option: "aproxy-exclude-addresses",
    values: ["10.0.0.0/8", "172.16.0.0/12"],
    shown: (v) => v,
  },
  {
    option: "aproxy-redirect-ports",
    values: ["8081", "8082"],
    shown: (v) => `redirect_ports='${v}'`,
  },
];

describeWhen([workloads, githubApi])("garm operations", () => {
  let model: TemporaryModel;
  let juju: Juju;
  let garm: GarmAccess;

  /** The template script of the configurator's scale set, with the aproxy pre-install script decoded. */
  async function templateText(): Promise<string> {
    const { script, extraSpecs } = await scalesetTemplate(garm.client, CONFIGURATOR_SETTINGS.name);
    const scripts = (extraSpecs["pre_install_scripts"] ?? {}) as Record<string, string>;
    return [script, ...Object.values(scripts).map((s) => Buffer.from(s, "base64").toString("utf8"))].join(
      "\n",
    );
  }

  async function settle(): Promise<void> {
    await settled(juju, (s) => allActive(s, CONFIGURATOR) && allAgentsIdle(s, GARM));
  }

  beforeAll(async () => {
    model = await backend.newModel();
    juju = model.juju;
    await deployStack(juju);
    garm = await garmAccess(juju);
  });
  afterAll(async () => {
    await garm?.client.close().catch(() => undefined);
    await model?.destroy();
  });

  it("each runner option set, changed and cleared, checked in GARM's template", async () => {
    // All six at once: each value is still checked on its own, at a third of the settles.
    for (const index of [0, 1] as const) {
      await juju.config(
        CONFIGURATOR,
        Object.fromEntries(RUNNER_OPTION_CASES.map((c) => [c.option, c.values[index]])),
      );
      await settle();
      const text = await templateText();
      for (const { option, values, shown } of RUNNER_OPTION_CASES)
        expect(text, `${option}=${values[index]}`).toContain(shown(values[index]));
    }
    await juju.config(CONFIGURATOR, { reset: RUNNER_OPTION_CASES.map((c) => c.option) });
    await settle();
    const text = await templateText();
    for (const { option, values, shown } of RUNNER_OPTION_CASES)
      expect(text, `${option} cleared`).not.toContain(shown(values[1]));
  });

  it("two configurator applications give two scale sets", async () => {
    await deployConfigurator(juju, SECOND, { name: "second-scaleset", org: "second-org" });
    await integratePeer(juju, `${SECOND}:image`, "imageBuilder", IMAGE_BUILDER);
    await juju.integrate(GARM, SECOND);
    await settled(juju, (s) => allActive(s, CONFIGURATOR, SECOND) && allAgentsIdle(s, GARM));
    const names = (await garm.client.listScaleSets()).map((s) => s.name).sort();
    expect(names).toEqual(["second-scaleset", CONFIGURATOR_SETTINGS.name].sort());
  });

  it("removing a configurator's relation deletes exactly its GARM objects", async () => {
    const kept = (await garm.client.listScaleSets()).find((s) => s.name === CONFIGURATOR_SETTINGS.name);
    await juju.removeRelation(GARM, SECOND);
    await settled(juju, (s) => allAgentsIdle(s, GARM));
    const left = await garm.client.listScaleSets();
    expect(left.map((s) => s.name)).toEqual([CONFIGURATOR_SETTINGS.name]);
    expect(left[0]).toEqual(kept);
    expect((await garm.client.listOrganisations()).map((o) => o.name)).not.toContain("second-org");
  });

  it("a configurator with two units: both publish the scale set, only the leader the credentials", async () => {
    await juju.addUnit(CONFIGURATOR);
    await settle();
    const bags = await remoteUnitData(juju, leaderOf(await juju.status(), GARM), "garm-configurator");
    expect(bags.map((b) => b["name"])).toEqual([CONFIGURATOR_SETTINGS.name, CONFIGURATOR_SETTINGS.name]);
    expect(new Set(bags.map((b) => b["provider_name"])).size).toBe(2);
    const withCredentials = bags.filter((b) => GARM_CONFIGURATOR_LEADER_KEYS.every((k) => k in b));
    expect(withCredentials).toHaveLength(1);
    expect(
      (await garm.client.listScaleSets()).filter((s) => s.name === CONFIGURATOR_SETTINGS.name),
    ).toHaveLength(1);
    const extra = unitsOf(await juju.status(), CONFIGURATOR).find((u) => !u.leader);
    await juju.removeUnit(extra?.name ?? `${CONFIGURATOR}/1`);
    await settle();
  });

  it("removing garm's leader unit re-elects without a second first-run or GARM writes", async () => {
    await juju.addUnit(GARM);
    await settled(juju, (s) => allAgentsIdle(s, GARM));
    const before = await garmObjects(garm.client);
    const leader = leaderOf(await juju.status(), GARM);
    await juju.removeUnit(leader);
    const status = await settled(
      juju,
      (s) => allAgentsIdle(s, GARM) && unitsOf(s, GARM).some((u) => u.leader && u.name !== leader),
    );
    expect(leaderOf(status, GARM)).not.toBe(leader);
    garm = await reconnect(juju, garm); // the same admin password: no second first-run
    expect(await garmObjects(garm.client)).toEqual(before);
  });

  it("refresh of both charms keeps every GARM object unchanged", async () => {
    const before = await garmObjects(garm.client);
    await juju.refresh(GARM, { path: await backend.charmPath("garm") });
    await juju.refresh(CONFIGURATOR, { path: await backend.charmPath("garm-configurator") });
    await settle();
    expect(await garmObjects(garm.client)).toEqual(before);
  });

  it("a restart of GARM's Pebble service is recovered", async () => {
    const before = await garmObjects(garm.client);
    const leader = leaderOf(await juju.status(), GARM);
    const restart = await juju.exec(
      "PEBBLE_SOCKET=/charm/containers/garm/pebble.socket /charm/bin/pebble restart garm",
      { unit: leader },
    );
    expect(restart.returnCode, restart.stderr).toBe(0);
    await settle();
    garm = await reconnect(juju, garm);
    expect(await garmObjects(garm.client)).toEqual(before);
  });

  it("removing the PostgreSQL relation blocks garm and deletes nothing in GARM", async () => {
    const before = await garmObjects(garm.client);
    await juju.removeRelation(`${GARM}:postgresql`, POSTGRESQL);
    const blocked = await settled(juju, (s) => allBlocked(s, GARM));
    expect(appMessage(blocked, GARM)).toContain("postgresql");
    await integratePeer(juju, `${GARM}:postgresql`, "postgresql", POSTGRESQL);
    await settle();
    garm = await reconnect(juju, garm);
    expect(await garmObjects(garm.client)).toEqual(before);
  });
});

/**
 * The anchors' test_garm.py, one counterpart per test (app `garm`, resource `garm-image`,
 * container `garm`), in one model: garm alone first, then with PostgreSQL, the image builder and
 * a configurator around it. Everything needs the garm workload to run; the GitHub tests also a
 * GitHub API GARM can reach.
 */
import {
  allActive,
  allAgentsIdle,
  allBlocked,
  anyActive,
  anyBlocked,
  anyWaiting,
  type Juju,
  type TemporaryModel,
} from "@garm-charms/juju-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FAKE_TMATE } from "./any-charm-peers.js";
import { garmAccess, scalesetTemplate, type GarmAccess } from "./garm-api.js";
import {
  appMessage,
  backend,
  CONFIGURATOR,
  CONFIGURATOR_SETTINGS,
  deployGarm,
  deployGarmPeers,
  deployPeer,
  describeWhen,
  GARM,
  integratePeer,
  itWhen,
  leaderOf,
  remoteUnitData,
  RUNNER_OPTIONS,
  settled,
  TMATE,
} from "./suite.js";

const { workloads, githubApi } = backend.capabilities;
const PEBBLE = "PEBBLE_SOCKET=/charm/containers/garm/pebble.socket /charm/bin/pebble";

/** Runs `command` in the garm unit's charm container (where the anchors run pebble). */
async function inCharmContainer(juju: Juju, unit: string, command: string): Promise<string> {
  const result = await juju.exec(command, { unit });
  expect(result.returnCode, result.stderr).toBe(0);
  return result.stdout;
}

describeWhen([workloads])("garm", () => {
  let model: TemporaryModel;
  let juju: Juju;
  beforeAll(async () => {
    model = await backend.newModel();
    juju = model.juju;
    await deployGarm(juju);
  });
  afterAll(async () => {
    await model?.destroy();
  });

  it("test_garm_blocks_without_postgresql -> garm alone is blocked and names postgresql", async () => {
    const status = await settled(juju, (s) => allBlocked(s, GARM));
    expect(appMessage(status, GARM)).toContain("postgresql");
  });

  it("test_garm_rock_contains_binaries -> the image holds garm and garm-provider-openstack", async () => {
    const listing = await inCharmContainer(juju, `${GARM}/0`, `${PEBBLE} ls /usr/local/bin/`);
    expect(listing).toContain("garm-provider-openstack");
    expect(listing.split(/\s+/)).toContain("garm");
  });

  it("test_garm_version -> garm prints a version", async () => {
    const out = await inCharmContainer(juju, `${GARM}/0`, `${PEBBLE} exec /usr/local/bin/garm --version`);
    expect(out).toMatch(/v?\d+\.\d+\.\d+|[0-9a-f]{7,40}/);
  });

  describe("with postgresql and a configurator", () => {
    let garm: GarmAccess;
    beforeAll(async () => {
      await deployGarmPeers(juju);
      garm = await garmAccess(juju);
    });
    afterAll(async () => {
      await garm?.client.close().catch(() => undefined);
    });

    it("test_garm_charm_reaches_active -> garm is active or waiting with a configurator", async () => {
      const status = await settled(juju, (s) => allAgentsIdle(s, GARM));
      expect(anyActive(status, GARM) || anyWaiting(status, GARM)).toBe(true);
      expect(anyBlocked(status, GARM), appMessage(status, GARM)).toBe(false);
    });

    it("test_garm_api_controller_info -> controller-info has a controller_id", async () => {
      expect((await garm.client.controllerInfo()).controllerId).not.toBe("");
    });

    it("test_garm_api_list_scalesets -> GET /scalesets answers", async () => {
      expect(Array.isArray(await garm.client.listScaleSets())).toBe(true);
    });

    it("test_garm_pebble_service_command -> the plan runs garm --config /etc/garm/config.toml", async () => {
      const plan = await inCharmContainer(juju, leaderOf(await juju.status(), GARM), `${PEBBLE} plan`);
      expect(plan).toContain("/usr/local/bin/garm --config /etc/garm/config.toml");
    });

    it("test_garm_secrets_juju_secret_has_expected_keys -> garm-secrets has jwt-secret and db-passphrase", async () => {
      const secret = (await juju.secrets()).find((s) => s.label === "garm-secrets");
      expect(Object.keys(await juju.revealSecret(secret?.id ?? "garm-secrets")).sort()).toEqual([
        "db-passphrase",
        "jwt-secret",
      ]);
    });

    it("test_garm_admin_credentials_juju_secret_has_expected_keys -> username, password, email, full-name", async () => {
      const secret = (await juju.secrets()).find((s) => s.label === "garm-admin-credentials");
      const content = await juju.revealSecret(secret?.id ?? "garm-admin-credentials");
      expect(Object.keys(content).sort()).toEqual(["email", "full-name", "password", "username"]);
    });

    it("test_garm_metrics_endpoint_no_auth -> /metrics answers 200 without auth with garm_health", async () => {
      const response = await fetch(`${garm.url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("garm_health");
    });

    it("test_garm_get_credentials_action -> admin, admin@garm.local and a password", () => {
      expect(garm.credentials).toMatchObject({ username: "admin", email: "admin@garm.local" });
      expect(String(garm.credentials["password"])).not.toBe("");
    });

    itWhen([githubApi])(
      "test_charm_reconciles_org_and_scaleset -> org and scale set reconciled, max-runner=10 reaches GARM",
      async () => {
        await juju.config(CONFIGURATOR, { "max-runner": 10 });
        await settled(juju, (s) => allActive(s, CONFIGURATOR) && allAgentsIdle(s, GARM));
        const credential = (await garm.client.listCredentials()).find((c) => c.name === "app-12345-67890");
        const org = (await garm.client.listOrganisations()).find((o) => o.name === CONFIGURATOR_SETTINGS.org);
        expect(credential).toBeDefined();
        expect(org?.credentialsId).toBe(credential?.id);
        const scaleset = (await garm.client.listScaleSets()).find(
          (s) => s.name === CONFIGURATOR_SETTINGS.name,
        );
        expect(scaleset?.maxRunners).toBe(10);
        const charmed = (await garm.client.listTemplates()).find((t) => t.name === "github_linux_charmed");
        expect(charmed).toBeDefined();
        expect(scaleset?.templateId).toBe(charmed?.id);
      },
    );

    itWhen([githubApi])(
      "test_github_credentials_synced_from_relation -> credential app-12345-67890 of type app, github.com kept",
      async () => {
        const credential = (await garm.client.listCredentials()).find((c) => c.name === "app-12345-67890");
        expect(credential?.authType).toBe("app");
        expect((await garm.client.listGithubEndpoints()).map((e) => e.name)).toContain("github.com");
      },
    );

    itWhen([githubApi])(
      "test_garm_charmed_template_created_on_debug_ssh -> the charmed template carries the tmate server",
      async () => {
        await deployPeer(juju, "tmate", TMATE);
        await integratePeer(juju, `${GARM}:debug-ssh`, "tmate", TMATE);
        await settled(juju, (s) => allAgentsIdle(s, GARM, TMATE));
        const [tmate] = await remoteUnitData(juju, leaderOf(await juju.status(), GARM), "debug-ssh");
        const host = tmate?.["host"] ?? FAKE_TMATE.host;
        const charmed = (await garm.client.listTemplates()).find((t) => t.name === "github_linux_charmed");
        const script = (await garm.client.getTemplate(charmed?.id ?? 0)).script ?? "";
        expect(script).toContain(`TMATE_SERVER_HOST=${host}`);
        expect(script).toContain(`TMATE_SERVER_PORT=${tmate?.["port"] ?? FAKE_TMATE.port}`);
      },
    );

    itWhen([githubApi])(
      "test_garm_charmed_template_persists_without_tmate_on_debug_ssh_removal -> the template stays, without tmate",
      async () => {
        await juju.removeRelation(`${GARM}:debug-ssh`, TMATE);
        await settled(juju, (s) => allAgentsIdle(s, GARM));
        const charmed = (await garm.client.listTemplates()).find((t) => t.name === "github_linux_charmed");
        expect(charmed).toBeDefined();
        expect((await garm.client.getTemplate(charmed?.id ?? 0)).script).not.toContain("TMATE_SERVER_HOST");
      },
    );

    itWhen([githubApi])(
      "test_runner_options_render_into_scaleset_template -> the six runner options reach the template",
      async () => {
        await juju.config(CONFIGURATOR, RUNNER_OPTIONS);
        await settled(juju, (s) => allActive(s, CONFIGURATOR) && allAgentsIdle(s, GARM));
        const { script, extraSpecs } = await scalesetTemplate(garm.client, CONFIGURATOR_SETTINGS.name);
        expect(script).toContain("registry-mirrors");
        expect(script).toContain("DOCKERHUB_MIRROR=https://mirror.example.com");
        expect(script).toContain("ACTION_OTEL_EXPORTER_OTLP_ENDPOINT=http://otel.example.com:4318");
        expect(script).toContain("echo integration-marker");
        expect(extraSpecs["disable_updates"]).toBe(true);
        const aproxy = Buffer.from(
          String((extraSpecs["pre_install_scripts"] as Record<string, string>)["00-aproxy"]),
          "base64",
        ).toString("utf8");
        // Our script assigns each value once; the commands use the variables (src/runner-template/README.md).
        expect(aproxy).toContain("proxy_authority='proxy.example.com:3128'");
        expect(aproxy).toContain('snap set aproxy "proxy=$proxy_authority" "listen=:$listen_port"');
        expect(aproxy).toContain("listen_port=54969");
        expect(aproxy).toMatch(/exclude_networks='[^']*192\.168\.0\.0\/16'/);
        expect(aproxy).toContain("redirect_ports='80, 443'");
      },
    );
  });
});

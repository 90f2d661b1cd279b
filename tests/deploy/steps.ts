/**
 * The deploy steps of the anchors' fixtures (configurator with its secrets, garm, the peers), for
 * one backend: the suite binds them to the selected backend, the backend test to a recorded one.
 */
import { generateKeyPairSync } from "node:crypto";

import { allActive, allAgentsIdle, anyError, type Juju, type Status } from "@garm-charms/juju-client";

import type { Backend, PeerName } from "./backend.js";

export const CONFIGURATOR = "garm-configurator";
export const GARM = "garm";
export const POSTGRESQL = "postgresql";
export const IMAGE_BUILDER = "image-builder";
export const TMATE = "tmate";

/**
 * A throwaway GitHub App key. GARM parses it as PKCS#1 when the credentials are created (any
 * other content answers 500, on a real GARM as on the fake), so it must be a real RSA key.
 */
export const TEST_PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

/** The anchors' configurator settings (reference-charms §4.3, `configurator_with_image`). */
export const CONFIGURATOR_SETTINGS = {
  "openstack-auth-url": "https://keystone.example.com:5000/v3",
  "openstack-username": "admin",
  "openstack-project-name": "test-project",
  "openstack-user-domain-name": "Default",
  "openstack-project-domain-name": "Default",
  "openstack-region-name": "RegionOne",
  "openstack-network": "external-net",
  "github-app-id": 12345,
  "github-app-installation-id": 67890,
  name: "test-scaleset",
  flavor: "m1.large",
  "os-arch": "amd64",
  "min-idle-runner": 0,
  "max-runner": 5,
  org: "test-org",
} as const;

export const OPENSTACK_PASSWORD = "fake-password";

/** The anchors' six runner options (test_runner_options_render_into_scaleset_template). */
export const RUNNER_OPTIONS = {
  "dockerhub-mirror": "https://mirror.example.com",
  "runner-http-proxy": "http://proxy.example.com:3128",
  "aproxy-exclude-addresses": "192.168.0.0/16",
  "aproxy-redirect-ports": "80,443",
  "otel-collector-endpoint": "http://otel.example.com:4318",
  "pre-job-script": "echo integration-marker",
} as const;

/** The steps, bound to `backend`. */
export function deploySteps(backend: Backend) {
  /** Waits until `ready` holds, failing at once on an error status; polls as the backend needs. */
  function settled(juju: Juju, ready: (status: Status) => boolean, timeout?: number): Promise<Status> {
    return juju.wait(ready, {
      error: anyError,
      ...backend.waitOptions,
      ...(timeout === undefined ? {} : { timeout }),
    });
  }

  /**
   * Deploys a configurator, adds and grants its two secrets (content in files), then configures
   * it, as the anchors' fixture does; returns once its agents are idle.
   */
  async function deployConfigurator(
    juju: Juju,
    app: string,
    settings: Readonly<Record<string, string | number>> = {},
  ): Promise<void> {
    await juju.deploy(await backend.charmPath("garm-configurator"), app);
    const password = await juju.addSecret(`${app}-os-password`, { value: OPENSTACK_PASSWORD });
    const key = await juju.addSecret(`${app}-github-private-key`, { value: TEST_PRIVATE_KEY });
    await juju.grantSecret(password, app);
    await juju.grantSecret(key, app);
    await juju.config(app, {
      ...CONFIGURATOR_SETTINGS,
      "openstack-password": password,
      "github-app-private-key": key,
      ...settings,
    });
    await settled(juju, (s) => allAgentsIdle(s, app));
  }

  async function deployPeer(juju: Juju, peer: PeerName, app: string): Promise<void> {
    const p = backend.peerCharms[peer];
    await juju.deploy(p.charm, app, {
      ...(p.channel === undefined ? {} : { channel: p.channel }),
      ...(p.trust === undefined ? {} : { trust: p.trust }),
      ...(p.config === undefined ? {} : { config: p.config }),
    });
  }

  /** Integrates `app:endpoint` of ours with the peer app on its backend-specific endpoint. */
  async function integratePeer(juju: Juju, ours: string, peer: PeerName, peerApp: string): Promise<void> {
    await juju.integrate(ours, `${peerApp}:${backend.peerCharms[peer].endpoint}`);
  }

  async function deployGarm(juju: Juju, app = GARM, numUnits = 1): Promise<void> {
    await backend.beforeGarm();
    await juju.deploy(await backend.charmPath("garm"), app, {
      resources: backend.garmResources,
      trust: true,
      numUnits,
    });
  }

  /** garm with PostgreSQL and a configurator that has its image: the anchors' `configurator_garm`. */
  async function deployStack(juju: Juju): Promise<void> {
    await deployGarm(juju);
    await deployGarmPeers(juju);
  }

  /** Around a deployed garm: PostgreSQL, the image builder and a configurator, all integrated. */
  async function deployGarmPeers(juju: Juju): Promise<void> {
    await deployPeer(juju, "postgresql", POSTGRESQL);
    await integratePeer(juju, `${GARM}:postgresql`, "postgresql", POSTGRESQL);
    await deployPeer(juju, "imageBuilder", IMAGE_BUILDER);
    await deployConfigurator(juju, CONFIGURATOR);
    await integratePeer(juju, `${CONFIGURATOR}:image`, "imageBuilder", IMAGE_BUILDER);
    await settled(juju, (s) => allActive(s, CONFIGURATOR));
    await juju.integrate(GARM, CONFIGURATOR);
    await settled(juju, (s) => allAgentsIdle(s, GARM) && allActive(s, CONFIGURATOR));
  }

  return {
    settled,
    deployConfigurator,
    deployPeer,
    integratePeer,
    deployGarm,
    deployGarmPeers,
    deployStack,
  };
}

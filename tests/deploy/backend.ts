/**
 * Where the deploy suite runs: `JUJU_BACKEND=local` (the default: the local model's command line,
 * one JUJU_LOCAL_HOME per test file) or `JUJU_BACKEND=juju` (the `juju` on PATH, a temporary model
 * per test file on the current controller). Both are driven by the same Jubilant-shaped client;
 * what differs is where the charms, the GARM image and the peers come from, and what each backend
 * can do (its capabilities: a test that needs a missing one is skipped with the reason).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

import { packCharmsCached, packProjectsCached } from "@garm-charms/charm-pack";
import { temporaryModel, type ConfigValues, type TemporaryModel } from "@garm-charms/juju-client";

import { imageBuilderAnyCharm, tmateAnyCharm } from "./any-charm-peers.js";
import { GARM_PORT, holdGarmPort, writeCliExecutable } from "@garm-charms/juju-local/test-support";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export type BackendName = "local" | "juju";
export type CharmName = "garm" | "garm-configurator";
export type PeerName = "postgresql" | "imageBuilder" | "tmate";

/** What a backend can do; `missing` says what is not there, for the skip message. */
export type Capability =
  { readonly available: true } | { readonly available: false; readonly missing: string };
const available: Capability = { available: true };
const missing = (what: string): Capability => ({ available: false, missing: what });

/** How a peer is deployed and which of its endpoints our charm integrates with. */
export interface PeerCharm {
  readonly charm: string;
  readonly endpoint: string;
  readonly channel?: string;
  readonly trust?: boolean;
  readonly config?: ConfigValues;
}

export interface Backend {
  readonly name: BackendName;
  /** Why this backend cannot run at all (the whole suite is skipped with it), if it cannot. */
  readonly unavailable: string | undefined;
  readonly capabilities: {
    /** The packed charms exist. */
    readonly charms: Capability;
    /** The garm charm's workload runs: GARM under Pebble, reachable, `juju exec` into it. */
    readonly workloads: Capability;
    /** GARM can register organisations and scale sets (a GitHub API it can reach). */
    readonly githubApi: Capability;
  };
  readonly peerCharms: Readonly<Record<PeerName, PeerCharm>>;
  /**
   * How `wait` polls here. Real Juju: Jubilant's 3 successes 1 s apart. The local model settles
   * (runs every due hook) inside each command, so one status read after a command is settled.
   */
  readonly waitOptions: { readonly successes: number; readonly delay: number };
  /** The `--resource` values the garm charm is deployed with. */
  readonly garmResources: Readonly<Record<string, string>>;
  charmPath(name: CharmName): Promise<string>;
  /** Called before garm is deployed: the local model waits for GARM's port to be free. */
  beforeGarm(): Promise<void>;
  /** GARM's API root as the test process reaches it, given the garm unit's address. */
  garmUrl(unitAddress: string | undefined): string;
  /** A fresh model for one test file; `destroy()` removes it (and, locally, its home). */
  newModel(): Promise<TemporaryModel>;
}

// ---------------------------------------------------------------------------------------------
// local: the local model's command line (packages/juju-local)

/** The stand-in peers' projects (packages/juju-local/stand-ins) and the endpoint each provides. */
const STAND_INS = join(REPO, "packages", "juju-local", "stand-ins");
const LOCAL_PEERS: Readonly<Record<PeerName, { project: string; endpoint: string }>> = {
  postgresql: { project: "postgresql", endpoint: "database" },
  imageBuilder: { project: "image-builder", endpoint: "image" },
  tmate: { project: "tmate", endpoint: "debug-ssh" },
};

/**
 * The stand-in peers, packed once per content through charm-pack's cache (as `./scripts/pack
 * --stand-ins` packs them, to `<project>-stand-in_amd64.charm`), so a fresh clone needs no pack step.
 */
async function localPeers(): Promise<Record<PeerName, PeerCharm>> {
  const entries = Object.entries(LOCAL_PEERS) as [PeerName, { project: string; endpoint: string }][];
  const pack = await packProjectsCached(
    REPO,
    entries.map(([, p]) => join(STAND_INS, p.project)),
  );
  const charmOf = (project: string): string => {
    const found = pack.charms.find((c) => c.name === `${project}-stand-in`);
    if (found === undefined) throw new Error(`charm-pack did not pack the ${project} stand-in`);
    return found.charmPath;
  };
  return Object.fromEntries(
    entries.map(([peer, p]) => [peer, { charm: charmOf(p.project), endpoint: p.endpoint }]),
  ) as Record<PeerName, PeerCharm>;
}

/** A `juju` executable for the local model: plain Node on the CLI's esbuild bundle (fast start). */
async function localCliBinary(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "deploy-local-bin-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return writeCliExecutable(dir);
}

async function localBackend(): Promise<Backend> {
  const [binary, peerCharms] = await Promise.all([localCliBinary(), localPeers()]);
  // Held from garm's deploy until its model is destroyed (one model at a time per test file).
  let releasePort: (() => void) | undefined;
  return {
    name: "local",
    unavailable: undefined,
    // Workloads run as host processes; the GARM fake answers for GitHub itself.
    capabilities: { charms: available, workloads: available, githubApi: available },
    peerCharms,
    waitOptions: { successes: 1, delay: 250 },
    garmResources: { "garm-image": "local:garm", "pressure-reconciler-image": "local:node" },
    charmPath: async (name) => {
      const pack = await packCharmsCached(REPO, ["garm", "garm-configurator"]);
      const found = pack.charms.find((c) => c.name === name);
      if (found === undefined) throw new Error(`charm-pack did not pack ${name}`);
      return found.charmPath;
    },
    beforeGarm: async () => {
      releasePort ??= await holdGarmPort({ timeout: 10 * 60_000 });
    },
    // The local model's workloads are host processes: GARM listens on the host's port 8080.
    garmUrl: () => `http://127.0.0.1:${String(GARM_PORT)}`,
    newModel: async () => {
      const home = mkdtempSync(join(tmpdir(), "deploy-juju-local-"));
      const model = await temporaryModel({
        cliBinary: binary,
        env: { JUJU_LOCAL_HOME: home },
        waitTimeout: 120_000,
      });
      // A file whose teardown never ran (a failing hook, a killed worker) must not leave its pods,
      // and GARM on the host's port, running after the process.
      const leftover = (): void => {
        spawnSync(binary, ["destroy-model", model.name, "--no-prompt"], {
          env: { ...process.env, JUJU_LOCAL_HOME: home },
        });
        rmSync(home, { recursive: true, force: true });
      };
      process.once("exit", leftover);
      return {
        ...model,
        destroy: async () => {
          process.removeListener("exit", leftover);
          await model.destroy().finally(() => {
            rmSync(home, { recursive: true, force: true });
            releasePort?.();
            releasePort = undefined;
          });
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// juju: real Juju on the current controller (microk8s), see the README, "Deploying with Juju"

function onPath(command: string, path: string | undefined): boolean {
  return (path ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, command)));
}

function packedCharm(name: CharmName): string {
  return join(REPO, "build", `${name}_amd64.charm`);
}

function jujuBackend(env: NodeJS.ProcessEnv): Backend {
  const hasJuju = onPath("juju", env["PATH"]);
  const charms = (["garm", "garm-configurator"] as const).every((n) => existsSync(packedCharm(n)))
    ? available
    : missing(
        "the charms are not packed (run ./scripts/pack: build/garm_amd64.charm, build/garm-configurator_amd64.charm)",
      );
  const garmImage = env["GARM_IMAGE"];
  const workloads =
    garmImage === undefined || garmImage === ""
      ? missing("GARM_IMAGE is not set (the GARM rock: rocks/garm, see the README)")
      : available;
  return {
    name: "juju",
    unavailable: hasJuju
      ? undefined
      : "`juju` is not on PATH (install Juju 3.6 and bootstrap a microk8s controller)",
    capabilities: {
      charms,
      workloads,
      githubApi: missing(
        "no GitHub API mock is deployed by this suite on real Juju yet (the anchors use an any-charm HTTP mock)",
      ),
    },
    peerCharms: {
      postgresql: {
        charm: "postgresql-k8s",
        channel: "16/edge",
        trust: true,
        endpoint: "database",
      },
      imageBuilder: imageBuilderAnyCharm,
      tmate: tmateAnyCharm,
    },
    waitOptions: { successes: 3, delay: 1000 },
    garmResources: {
      "garm-image": garmImage ?? "",
      "pressure-reconciler-image":
        env["PRESSURE_RECONCILER_IMAGE"] ?? "docker.io/library/node:22-bookworm-slim",
    },
    charmPath: (name) => Promise.resolve(packedCharm(name)),
    beforeGarm: () => Promise.resolve(),
    garmUrl: (address) => `http://${address ?? "unknown-address"}:${String(GARM_PORT)}`,
    newModel: () =>
      temporaryModel({ prefix: "garm-deploy", waitTimeout: 20 * 60_000, env: { PATH: env["PATH"] ?? "" } }),
  };
}

/** The backend JUJU_BACKEND names (default `local`). */
export async function selectBackend(env: NodeJS.ProcessEnv = process.env): Promise<Backend> {
  const name = env["JUJU_BACKEND"] ?? "local";
  if (name === "local") return localBackend();
  if (name === "juju") return jujuBackend(env);
  throw new Error(`JUJU_BACKEND must be "local" or "juju", not "${name}"`);
}

/**
 * Where the deploy suite runs: `JUJU_BACKEND=local` (the default: the local model's command line,
 * one JUJU_LOCAL_HOME per test file) or `JUJU_BACKEND=juju` (the `juju` on PATH, a temporary model
 * per test file on the current controller). Both are driven by the same Jubilant-shaped client;
 * what differs is where the charms, the GARM image and the peers come from, and what each backend
 * can do today (its capabilities: a test that needs a missing one is skipped with the reason).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

import { packCharmsCached } from "@garm-charms/charm-pack";
import { temporaryModel, type ConfigValues, type TemporaryModel } from "@garm-charms/juju-client";

import { cliBundle } from "../../packages/juju-local/src/test-support/cli.js";
import { imageBuilderAnyCharm, tmateAnyCharm } from "./any-charm-peers.js";

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
  /** Whether the peer can be deployed on this backend. */
  readonly capability: Capability;
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
  /** GARM's API root as the test process reaches it, given the garm unit's address. */
  garmUrl(unitAddress: string | undefined): string;
  /** A fresh model for one test file; `destroy()` removes it (and, locally, its home). */
  newModel(): Promise<TemporaryModel>;
}

// ---------------------------------------------------------------------------------------------
// local: the local model's command line (packages/juju-local)

/** The stand-in peers' packed charms, written by the stand-ins' pack command. */
export const LOCAL_STAND_INS_DIR = join(REPO, "build", "stand-ins");

function localPeer(name: string, endpoint: string): PeerCharm {
  const charm = join(LOCAL_STAND_INS_DIR, `${name}_amd64.charm`);
  return {
    charm,
    endpoint,
    capability: existsSync(charm)
      ? available
      : missing(`the stand-in peer charm ${name} is not packed (no build/stand-ins/${name}_amd64.charm)`),
  };
}

/** A `juju` executable for the local model: plain Node on the CLI's esbuild bundle (fast start). */
async function localCliBinary(): Promise<string> {
  const bundle = await cliBundle();
  const dir = mkdtempSync(join(tmpdir(), "deploy-local-bin-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, "juju");
  writeFileSync(binary, `#!/bin/sh\nexec '${process.execPath}' '${bundle}' "$@"\n`);
  chmodSync(binary, 0o755);
  return binary;
}

/**
 * The local model runs workloads once its command line has `juju exec` (its Pebble stand-in). The
 * probe runs a real `exec` in a throwaway home: commander answers `exec --help` with the top-level
 * help (exit 0) even without the command, so only its "unknown command" error tells.
 */
export function localWorkloads(binary: string): Capability {
  const home = mkdtempSync(join(tmpdir(), "deploy-probe-"));
  try {
    const probe = spawnSync(binary, ["exec", "--unit", "probe/0", "--", "true"], {
      encoding: "utf8",
      env: { ...process.env, JUJU_LOCAL_HOME: home },
    });
    return probe.stderr.includes("unknown command 'exec'")
      ? missing(
          "the local model cannot run workloads yet (its command line has no `juju exec`, no Pebble stand-in)",
        )
      : available;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function localBackend(): Promise<Backend> {
  const binary = await localCliBinary();
  const workloads = localWorkloads(binary);
  return {
    name: "local",
    unavailable: undefined,
    capabilities: { charms: available, workloads, githubApi: workloads },
    peerCharms: {
      postgresql: localPeer("postgresql", "database"),
      imageBuilder: localPeer("image-builder", "image"),
      tmate: localPeer("tmate", "debug-ssh"),
    },
    waitOptions: { successes: 1, delay: 250 },
    garmResources: { "garm-image": "local:garm", "pressure-reconciler-image": "local:node" },
    charmPath: async (name) => {
      const pack = await packCharmsCached(REPO, ["garm", "garm-configurator"]);
      const found = pack.charms.find((c) => c.name === name);
      if (found === undefined) throw new Error(`charm-pack did not pack ${name}`);
      return found.charmPath;
    },
    // The local model's workloads are host processes: GARM listens on the host's port 8080.
    garmUrl: () => "http://127.0.0.1:8080",
    newModel: async () => {
      const home = mkdtempSync(join(tmpdir(), "deploy-juju-local-"));
      const model = await temporaryModel({
        cliBinary: binary,
        env: { JUJU_LOCAL_HOME: home },
        waitTimeout: 120_000,
      });
      return {
        ...model,
        destroy: async () => {
          await model.destroy().finally(() => rmSync(home, { recursive: true, force: true }));
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
        capability: available,
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
    garmUrl: (address) => `http://${address ?? "unknown-address"}:8080`,
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

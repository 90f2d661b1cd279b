/**
 * The demo on the local Juju model (packages/juju-local): the packed charms and stand-in peers
 * deployed, configured and integrated through the `juju` command line, every hook a process and
 * GARM (the project's fake, as the `garm` executable of the `local:garm` image) a Pebble service.
 * It prints the status table, the scale set GARM holds with the head of its template, and what
 * GARM received while `update-status` ran: no write.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { packProjectsCached } from "@garm-charms/charm-pack";
import { LocalJuju, type StatusDoc } from "@garm-charms/juju-local/test-support";
import { destroyModel, keptModelHelp } from "./cleanup.js";
import { DemoError } from "./errors.js";
import { adminCredentials, describeScaleSet, readScaleSet, type GarmView } from "./garm-api.js";
import { GARM_LOGS_COMMAND, garmRequests, isLogin, isWrite, type GarmRequest } from "./garm-log.js";
import { checkPortFree } from "./port.js";
import { buildModel, demoSecrets, RUNNER_CONFIG, type DemoCharms, type DemoSecrets } from "./setup.js";
import { waitForActive } from "./wait.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const PROJECTS = [
  "charms/garm",
  "charms/garm-configurator",
  "packages/juju-local/stand-ins/postgresql",
  "packages/juju-local/stand-ins/image-builder",
];
const ACTIVE_TIMEOUT_MS = 90_000;

export interface DemoOptions {
  readonly print: (line: string) => void;
  /** Keep the model (and its processes) running, and print how to poke at it. */
  readonly keep?: boolean;
  /** How long to wait for GARM's port to be free before refusing to start (default 0). */
  readonly portWaitMs?: number;
  /** Called with the model before it is destroyed (a test reads the model's secrets there). */
  readonly beforeCleanup?: (juju: LocalJuju) => void | Promise<void>;
}

export interface DemoOutcome {
  readonly home: string;
  readonly status: StatusDoc;
  readonly garm: GarmView;
  /** What GARM received from the first mark to the second, update-status running between them. */
  readonly updateStatusRequests: readonly GarmRequest[];
  readonly statusAfterUpdate: StatusDoc;
  /** The values the demo put in its secrets. */
  readonly secrets: DemoSecrets;
  /** Pids of the model still alive after destroy-model; undefined when the model was kept. */
  readonly leftPids: readonly number[] | undefined;
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function packDemoCharms(print: (line: string) => void): Promise<DemoCharms> {
  const started = Date.now();
  const pack = await packProjectsCached(
    REPO,
    PROJECTS.map((p) => join(REPO, p)),
  );
  const path = (name: keyof DemoCharms): string => {
    const charm = pack.charms.find((c) => c.name === name);
    if (charm === undefined) throw new DemoError(`the pack did not produce ${name}`);
    return charm.charmPath;
  };
  const charms: DemoCharms = {
    garm: path("garm"),
    "garm-configurator": path("garm-configurator"),
    "postgresql-stand-in": path("postgresql-stand-in"),
    "image-builder-stand-in": path("image-builder-stand-in"),
  };
  print(
    `Packed the charms and stand-in peers into ${relative(REPO, join(charms.garm, ".."))} (${seconds(started)})`,
  );
  return charms;
}

/**
 * Lets update-status run once on every unit and returns what GARM received meanwhile. The model
 * has no daemon: each command runs the hooks that are due, so the command that shortens the
 * interval runs update-status itself, and the one that restores Juju's default runs none.
 */
function updateStatusRound(juju: LocalJuju, print: (line: string) => void): GarmRequest[] {
  const before = garmRequests(juju).length;
  print("$ juju model-config update-status-hook-interval=1s    # every unit is due: update-status runs now");
  juju.ok("model-config", "update-status-hook-interval=1s");
  print("$ juju model-config update-status-hook-interval=5m    # Juju's default again");
  juju.ok("model-config", "update-status-hook-interval=5m");
  print(`$ juju exec --unit garm/0 -- ${GARM_LOGS_COMMAND}`);
  const during = garmRequests(juju).slice(before);
  if (!during.some(isLogin))
    throw new DemoError("garm/0 did not run update-status (GARM saw no login); see juju debug-log");
  return during;
}

function describeUpdateStatus(requests: readonly GarmRequest[]): string[] {
  const writes = requests.filter(isWrite);
  const logins = requests.filter(isLogin).length;
  const reads = requests.filter((r) => r.method === "GET").length;
  return [
    `GARM's access log during update-status: ${String(requests.length)} requests ` +
      `(${String(logins)} login${logins === 1 ? "" : "s"}, ${String(reads)} reads), ${String(writes.length)} writes`,
    ...writes.map((w) => `  ${w.method} ${w.path} ${String(w.code)}`),
  ];
}

async function demoSteps(
  juju: LocalJuju,
  print: (line: string) => void,
  charms: DemoCharms,
  secrets: DemoSecrets,
  started: number,
) {
  buildModel(juju, print, charms, secrets);
  const status = await waitForActive(juju, ACTIVE_TIMEOUT_MS);
  print(`Every unit is active and idle (${seconds(started)}).`);
  print("");
  print("$ juju status");
  for (const line of juju.ok("status").trimEnd().split("\n")) print(line);
  print("");
  print("$ juju run garm/0 get-credentials    # GARM's admin user; the password is used, not printed");
  const garm = await readScaleSet(adminCredentials(juju), RUNNER_CONFIG["name"] ?? "");
  print("GARM's scale set (GET /api/v1/scalesets as that admin):");
  for (const line of describeScaleSet(garm)) print(line);
  print("");
  const updateStatusRequests = updateStatusRound(juju, print);
  for (const line of describeUpdateStatus(updateStatusRequests)) print(line);
  const statusAfterUpdate = juju.json<StatusDoc>("status");
  return { status, garm, updateStatusRequests, statusAfterUpdate };
}

/** Destroys the model unless it is kept; returns the pids left alive (undefined when kept). */
async function finish(juju: LocalJuju, options: DemoOptions, started: number): Promise<number[] | undefined> {
  const { print } = options;
  let leftPids: number[] | undefined;
  print("");
  if (options.keep === true) {
    for (const line of keptModelHelp(juju.home)) print(line);
  } else {
    print("$ juju destroy-model local --no-prompt");
    leftPids = await destroyModel(juju);
    print(
      leftPids.length === 0
        ? "Model destroyed: no process of it is left."
        : `Processes of the model still running: ${leftPids.join(", ")}`,
    );
  }
  print(`Done in ${seconds(started)}.`);
  return leftPids;
}

export async function runLocalDemo(options: DemoOptions): Promise<DemoOutcome> {
  const started = Date.now();
  await checkPortFree(8080, options.portWaitMs);
  const charms = await packDemoCharms(options.print);
  const juju = await LocalJuju.create("juju-local-demo-");
  options.print(`Local model in JUJU_LOCAL_HOME=${juju.home}`);
  options.print("");
  const secrets = demoSecrets();
  let steps: Awaited<ReturnType<typeof demoSteps>> | undefined;
  let leftPids: number[] | undefined;
  try {
    steps = await demoSteps(juju, options.print, charms, secrets, started);
    await options.beforeCleanup?.(juju);
  } finally {
    leftPids = await finish(juju, options, started);
  }
  return { home: juju.home, ...steps, secrets, leftPids };
}

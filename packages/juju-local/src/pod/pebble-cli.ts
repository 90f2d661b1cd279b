/**
 * A `pebble` command-line stand-in for `juju exec` (`/charm/bin/pebble`, and `pebble` on PATH):
 * talks to the socket in PEBBLE_SOCKET through the charm runtime's Pebble client. Subset: `ls
 * [-l] <path>`, `plan`, `services [names]`, `start|stop|restart <services>`, `logs [-n N|all]
 * [services]` (pebble-logs.ts), and `exec <cmd>`, which runs the command in the container as the
 * services run (container-command.ts).
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { PebbleClient } from "@garm-charms/charm-runtime/pebble";
import { stringify } from "yaml";
import { JujuLocalError } from "../errors.js";
import { containerProcess } from "./container-command.js";
import { pebbleLogs } from "./pebble-logs.js";

/** Set by `juju exec`: the unit's containers dir, which `/charm/containers` stands for. */
export const CONTAINERS_DIR_ENV = "JUJU_LOCAL_CONTAINERS_DIR";

export function mapCharmPath(path: string, containersDir: string | undefined): string {
  if (containersDir === undefined || !path.startsWith("/charm/containers/")) return path;
  return join(containersDir, path.slice("/charm/containers/".length));
}

function socketPath(env: NodeJS.ProcessEnv): string {
  const socket = env["PEBBLE_SOCKET"];
  if (socket === undefined || socket === "")
    throw new JujuLocalError(
      "PEBBLE_SOCKET is not set: point it at /charm/containers/<container>/pebble.socket",
    );
  return mapCharmPath(socket, env[CONTAINERS_DIR_ENV]);
}

const pad = (cells: readonly string[][]): string => {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length))) ?? [];
  return cells
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

function modeString(type: string, permissions: number): string {
  const bits = ["r", "w", "x"];
  let out = type === "directory" ? "d" : "-";
  for (let i = 8; i >= 0; i -= 1) out += (permissions >> i) & 1 ? (bits[(8 - i) % 3] ?? "-") : "-";
  return out;
}

async function ls(client: PebbleClient, args: readonly string[]): Promise<number> {
  const path = args.find((a) => !a.startsWith("-")) ?? "/";
  const files = await client.listFiles(path);
  const lines = args.includes("-l")
    ? pad(
        files.map((f) => [
          modeString(f.type, f.permissions),
          f.user ?? "",
          f.group ?? "",
          String(f.size ?? 0),
          f.lastModified.slice(0, 16).replace("T", " "),
          f.name,
        ]),
      )
    : files.map((f) => f.name).join("\n");
  process.stdout.write(lines === "" ? "" : `${lines}\n`);
  return 0;
}

async function plan(client: PebbleClient): Promise<number> {
  const current = await client.getPlan();
  const sections = { services: current.services, checks: current.checks, "log-targets": current.logTargets };
  process.stdout.write(
    stringify(Object.fromEntries(Object.entries(sections).filter(([, v]) => Object.keys(v).length > 0))),
  );
  return 0;
}

async function services(client: PebbleClient, names: readonly string[]): Promise<number> {
  const list = await client.getServices(names);
  if (list.length === 0) {
    process.stderr.write("Plan has no services.\n");
    return 0;
  }
  const rows = list.map((s) => [s.name, s.startup, s.current, s.currentSince ?? "-"]);
  process.stdout.write(`${pad([["Service", "Startup", "Current", "Since"], ...rows])}\n`);
  return 0;
}

async function serviceAction(
  client: PebbleClient,
  action: "start" | "stop" | "restart",
  names: readonly string[],
): Promise<number> {
  if (names.length === 0) throw new JujuLocalError(`pebble ${action} needs at least one service name`);
  const method = { start: "startServices", stop: "stopServices", restart: "restartServices" } as const;
  await client[method[action]](names);
  return 0;
}

function exec(socket: string, args: readonly string[]): number {
  const argv = args[0] === "--" ? args.slice(1) : args;
  const proc = containerProcess(join(dirname(socket), "rootfs"), argv, { env: {} });
  const run = spawnSync(proc.file, proc.args, {
    cwd: proc.cwd,
    env: proc.env,
    stdio: "inherit",
    argv0: argv[0],
  });
  return run.status ?? 1;
}

/** Runs one pebble command; returns the exit code. */
export async function pebbleCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = args;
  const socket = socketPath(env);
  if (command === "exec") return exec(socket, rest);
  if (command === "logs") {
    process.stdout.write(pebbleLogs(socket, rest));
    return 0;
  }
  const client = new PebbleClient({ socketPath: socket });
  try {
    if (command === "ls") return await ls(client, rest);
    if (command === "plan") return await plan(client);
    if (command === "services") return await services(client, rest);
    if (command === "start" || command === "stop" || command === "restart")
      return await serviceAction(client, command, rest);
    throw new JujuLocalError(
      `pebble ${command ?? ""}: not supported by the local model (ls, plan, services, start, stop, restart, logs, exec)`,
    );
  } finally {
    await client.close();
  }
}

/**
 * A `pebble` command-line stand-in for `juju exec` (`/charm/bin/pebble`, and `pebble` on PATH):
 * talks to the socket in PEBBLE_SOCKET through the charm runtime's Pebble client. Subset: `ls
 * [-l] <path>`, `plan`, `services [names]`, `start|stop|restart <services>`, and `exec <cmd>`,
 * which runs the command in the container as the services run (container-command.ts).
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { PebbleClient } from "@garm-charms/charm-runtime/pebble";
import { stringify } from "yaml";
import { JujuLocalError } from "../errors.js";
import { containerProcess } from "./container-command.js";

/** Set by `juju exec`: the unit's containers dir, which `/charm/containers` stands for. */
export const CONTAINERS_DIR_ENV = "JUJU_LOCAL_CONTAINERS_DIR";

export function mapCharmPath(path: string, containersDir: string | undefined): string {
  if (containersDir === undefined || !path.startsWith("/charm/containers/")) return path;
  return join(containersDir, path.slice("/charm/containers/".length));
}

function socketPath(env: NodeJS.ProcessEnv): string {
  const socket = env["PEBBLE_SOCKET"];
  if (socket === undefined || socket === "")
    throw new JujuLocalError("PEBBLE_SOCKET is not set: point it at /charm/containers/<container>/pebble.socket");
  return mapCharmPath(socket, env[CONTAINERS_DIR_ENV]);
}

const pad = (cells: readonly string[][]): string => {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length))) ?? [];
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
};

function modeString(type: string, permissions: number): string {
  const bits = ["r", "w", "x"];
  let out = type === "directory" ? "d" : "-";
  for (let i = 8; i >= 0; i -= 1) out += (permissions >> i) & 1 ? (bits[(8 - i) % 3] ?? "-") : "-";
  return out;
}

/** Runs one pebble command; returns the exit code. */
export async function pebbleCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = args;
  const socket = socketPath(env);
  const client = new PebbleClient({ socketPath: socket });
  try {
    switch (command) {
      case "ls": {
        const long = rest.includes("-l");
        const path = rest.find((a) => !a.startsWith("-")) ?? "/";
        const files = await client.listFiles(path);
        const lines = long
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
      case "plan": {
        const plan = await client.getPlan();
        const doc = Object.fromEntries(
          Object.entries({ services: plan.services, checks: plan.checks, "log-targets": plan.logTargets }).filter(
            ([, v]) => Object.keys(v).length > 0,
          ),
        );
        process.stdout.write(stringify(doc));
        return 0;
      }
      case "services": {
        const services = await client.getServices(rest);
        if (services.length === 0) {
          process.stderr.write("Plan has no services.\n");
          return 0;
        }
        const rows = services.map((s) => [s.name, s.startup, s.current, s.currentSince ?? "-"]);
        process.stdout.write(`${pad([["Service", "Startup", "Current", "Since"], ...rows])}\n`);
        return 0;
      }
      case "start":
      case "stop":
      case "restart": {
        if (rest.length === 0) throw new JujuLocalError(`pebble ${command} needs at least one service name`);
        const act = { start: "startServices", stop: "stopServices", restart: "restartServices" } as const;
        await client[act[command]](rest);
        return 0;
      }
      case "exec": {
        const argv = rest[0] === "--" ? rest.slice(1) : rest;
        const proc = containerProcess(join(dirname(socket), "rootfs"), argv, { env: {} });
        const run = spawnSync(proc.file, proc.args, { cwd: proc.cwd, env: proc.env, stdio: "inherit", argv0: argv[0] });
        return run.status ?? 1;
      }
      default:
        throw new JujuLocalError(`pebble ${command ?? ""}: not supported by the local model (ls, plan, services, start, stop, restart, exec)`);
    }
  } finally {
    await client.close();
  }
}

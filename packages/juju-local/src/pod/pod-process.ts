/**
 * The pod: one long-lived process per unit with containers, owning a Pebble stand-in per
 * container (the charm-testing Pebble API over the container's root and host processes) and
 * every service process they start. It writes `ready` once each socket listens, saves the layers
 * after each service change, and on SIGTERM (or when the model's state file disappears) stops
 * every service, removes its sockets and exits. Started detached by the CLI (`pods.ts`).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { PebbleApi, servePebble } from "@garm-charms/charm-testing";
import * as z from "zod";
import { HostFilesystem } from "./host-files.js";
import { HostServices } from "./host-services.js";
import { containerLayout, podFiles, podSpecSchema } from "./layout.js";

const layersSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

function savedLayers(file: string): Record<string, Record<string, unknown>> {
  if (!existsSync(file)) return {};
  const parsed = layersSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? parsed.data : {};
}

export async function runPod(pod: string): Promise<void> {
  const files = podFiles(pod);
  const spec = podSpecSchema.parse(JSON.parse(readFileSync(files.spec, "utf8")));
  const running: { services: HostServices; close(): Promise<void> }[] = [];
  for (const container of spec.containers) {
    const layout = containerLayout(pod, container.name);
    rmSync(layout.socket, { force: true });
    let services: HostServices | undefined;
    const api: PebbleApi = new PebbleApi({
      layers: savedLayers(layout.layersFile),
      files: new HostFilesystem(layout.root),
      services: (plan, changes) => {
        services = new HostServices(plan, changes, {
          root: layout.root,
          logDir: layout.logs,
          pidDir: layout.pids,
          imageEnv: container.env,
          onChange: () => writeFileSync(layout.layersFile, JSON.stringify(api.layers())),
        });
        return services;
      },
    });
    const server = await servePebble(api, layout.socket);
    if (services === undefined) throw new Error("the Pebble API built no service manager");
    // A restarted pod brings its services back as Pebble does on boot: the enabled ones start.
    if (Object.keys(savedLayers(layout.layersFile)).length > 0) services.act("replan", []);
    running.push({ services, close: () => server.close() });
  }
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all(running.map((r) => r.services.stopAll()));
    await Promise.all(running.map((r) => r.close()));
    for (const container of spec.containers)
      rmSync(containerLayout(pod, container.name).socket, { force: true });
    rmSync(files.pid, { force: true });
    rmSync(files.ready, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  setInterval(() => {
    if (!existsSync(spec.modelFile) || !existsSync(files.spec)) void shutdown();
  }, 1000);
  writeFileSync(files.pid, String(process.pid));
  writeFileSync(files.ready, new Date().toISOString());
}

/**
 * Where a unit's pod lives in the model directory. The unit's containers dir is what the hook
 * environment's CHARM_TESTING_CONTAINERS_DIR names and what `/charm/containers` maps to:
 * `<model>/pods/<app>-<n>/<container>/pebble.socket`, the container's root beside it.
 */
import { join } from "node:path";
import * as z from "zod";
import { JujuLocalError } from "../errors.js";

/** A unix socket path must fit sockaddr_un (108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

export const podsDir = (modelDir: string): string => join(modelDir, "pods");

export function podDir(modelDir: string, unitName: string): string {
  return join(podsDir(modelDir), unitName.replace("/", "-"));
}

export interface ContainerLayout {
  readonly name: string;
  readonly dir: string;
  readonly socket: string;
  readonly root: string;
  readonly logs: string;
  readonly pids: string;
  /** The layers, saved after each service change so a restarted pod replans them. */
  readonly layersFile: string;
}

export function containerLayout(pod: string, name: string): ContainerLayout {
  const dir = join(pod, name);
  const socket = join(dir, "pebble.socket");
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
    throw new JujuLocalError(
      `the Pebble socket path ${socket} is longer than a unix socket allows: use a shorter JUJU_LOCAL_HOME`,
    );
  return {
    name,
    dir,
    socket,
    root: join(dir, "rootfs"),
    logs: join(dir, "logs"),
    pids: join(dir, "pids"),
    layersFile: join(dir, "layers.json"),
  };
}

/** What the pod process is told to run (`<pod>/pod.json`, written by the CLI). */
export const podSpecSchema = z.object({
  unit: z.string(),
  /** The pod exits when this file goes (the model was destroyed under it). */
  modelFile: z.string(),
  containers: z.array(z.object({ name: z.string(), env: z.record(z.string(), z.string()) })),
});
export type PodSpec = z.infer<typeof podSpecSchema>;

export const podFiles = (pod: string) => ({
  spec: join(pod, "pod.json"),
  pid: join(pod, "pod.pid"),
  ready: join(pod, "ready"),
  log: join(pod, "pod.log"),
});

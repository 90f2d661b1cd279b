import { portFree } from "@garm-charms/juju-local/test-support";

import { DemoError } from "./errors.js";

/**
 * The garm charm fixes GARM's port, 8080, and the local model's workloads are host processes:
 * if something else listens there, the charm would talk to it instead. Waits up to `waitMs` for
 * the port to be free (a test sharing the machine with another local model), then refuses.
 */
export async function checkPortFree(port: number, waitMs = 0): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!(await portFree(port))) {
    if (Date.now() >= deadline)
      throw new DemoError(
        `port ${String(port)} is in use: the local model's GARM listens there (the garm charm fixes its port); ` +
          `stop what holds it (ss -ltnp 'sport = :${String(port)}') and run the demo again`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

import { createServer } from "node:net";
import { DemoError } from "./errors.js";

/**
 * The garm charm fixes GARM's port, 8080, and the local model's workloads are host processes:
 * if something else listens there, the charm would talk to it instead. Refuse to start then.
 */
export async function checkPortFree(port: number): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "0.0.0.0", () => server.close(() => resolve(true)));
  });
  if (!free)
    throw new DemoError(
      `port ${String(port)} is in use: the local model's GARM listens there (the garm charm fixes its port); ` +
        `stop what holds it (ss -ltnp 'sport = :${String(port)}') and run the demo again`,
    );
}

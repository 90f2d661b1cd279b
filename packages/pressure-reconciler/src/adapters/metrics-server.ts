/** Serves `GET /metrics` in the Prometheus text format; nothing else. */
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ServiceError } from "../errors.js";
import { EXPOSITION_CONTENT_TYPE } from "../exposition.js";

export interface MetricsServer {
  /** `http://host:port` as bound (the port is the OS's choice for 0). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(
  host: string,
  port: number,
  render: () => string,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res
        .writeHead(404, { "content-type": "text/plain; charset=utf-8" })
        .end("not found; try GET /metrics\n");
      return;
    }
    const body = render();
    res.writeHead(200, {
      "content-type": EXPOSITION_CONTENT_TYPE,
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new ServiceError(`cannot serve metrics on ${host}:${port} (${error.code ?? error.message})`)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `open-port`, `close-port` (no `--format`: they only warn about it) and `opened-ports`. */
import { CharmRuntimeError, UnexpectedToolOutputError } from "../errors.js";
import { JSON_FORMAT } from "./read-argv.js";
import type { HookToolSession } from "./session.js";
import { stringListOrNull } from "./session.js";

export type PortProtocol = "tcp" | "udp" | "icmp";

export interface Port {
  readonly protocol: PortProtocol;
  /** Absent for icmp. */
  readonly port?: number | undefined;
  /** Upper end of a range (`8000-8999/udp`); absent for a single port. */
  readonly toPort?: number | undefined;
}

export function formatPort(port: Port): string {
  if (port.protocol === "icmp") return "icmp";
  if (port.port === undefined) {
    // The caller's mistake, found before any tool runs (open-port and close-port alike).
    throw new CharmRuntimeError(`a ${port.protocol} port needs a port number (only icmp has none)`);
  }
  const range = port.toPort === undefined ? String(port.port) : `${port.port}-${port.toPort}`;
  return `${range}/${port.protocol}`;
}

export function parsePort(text: string): Port {
  if (text === "icmp") return { protocol: "icmp" };
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(text);
  if (!match)
    throw new UnexpectedToolOutputError("opened-ports", `unrecognised port ${JSON.stringify(text)}`);
  const [, from, to, protocol] = match;
  return {
    protocol: protocol === "udp" ? "udp" : "tcp",
    port: Number(from),
    ...(to === undefined ? {} : { toPort: Number(to) }),
  };
}

function endpointArgs(endpoints: readonly string[] | undefined): string[] {
  return endpoints === undefined || endpoints.length === 0 ? [] : ["--endpoints", endpoints.join(",")];
}

/** `open-port` and `close-port` take the same argv: optional `--endpoints`, then the port. */
async function changePort(
  tool: "open-port" | "close-port",
  session: HookToolSession,
  port: Port,
  endpoints: readonly string[] | undefined,
): Promise<void> {
  try {
    await session.run(tool, [...endpointArgs(endpoints), formatPort(port)]);
  } finally {
    session.invalidate("opened-ports");
  }
}

export function openPort(session: HookToolSession, port: Port, endpoints?: readonly string[]): Promise<void> {
  return changePort("open-port", session, port, endpoints);
}

export function closePort(
  session: HookToolSession,
  port: Port,
  endpoints?: readonly string[],
): Promise<void> {
  return changePort("close-port", session, port, endpoints);
}

/** Ports opened before this hook (Juju does not list this hook's pending opens). */
export function openedPorts(session: HookToolSession): Promise<Port[]> {
  return session.cached("opened-ports", async () => {
    const out = await session.runJson("opened-ports", JSON_FORMAT, stringListOrNull);
    return out.map(parsePort);
  });
}

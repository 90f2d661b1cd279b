import { rejectExtraArgs } from "./argv.js";
import { runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import { portKey } from "./model.js";
import type { PortState } from "../state.js";
import type { FakeTool, ToolCall } from "./tool.js";
import { SILENT } from "./tool.js";

const ENDPOINTS_OPTION = { names: ["endpoints"], kind: "string" } as const;
const PORT_SPEC = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/;

/** `80`, `80/tcp`, `53/udp`, `icmp`; a range is valid Juju syntax but not modelled by PortState. */
function parsePort(spec: string, modelType: "iaas" | "caas"): PortState {
  if (spec === "icmp") return { protocol: "icmp" };
  const match = PORT_SPEC.exec(spec);
  if (match === null) throw usageError(`invalid port or range "${spec}"`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1 || from > 65535 || to < from || to > 65535)
    throw usageError(`invalid port or range "${spec}"`);
  if (to !== from) {
    throw runError(
      modelType === "caas"
        ? "port ranges are not supported on Kubernetes models"
        : `port range "${spec}" cannot be recorded by the test harness; open single ports`,
    );
  }
  return { protocol: match[3] === "udp" ? "udp" : "tcp", port: from };
}

function portArgument({ model, args }: ToolCall): PortState {
  const [spec, ...extra] = args.positionals;
  if (spec === undefined) throw usageError("no port or range specified");
  rejectExtraArgs(extra);
  return parsePort(spec, model.input.model.type);
}

const openPort: FakeTool = {
  options: [FORMAT_OPTION, ENDPOINTS_OPTION],
  run(call) {
    call.model.openPort(portArgument(call));
    return SILENT;
  },
};

const closePort: FakeTool = {
  options: [FORMAT_OPTION, ENDPOINTS_OPTION],
  run(call) {
    call.model.closePort(portArgument(call));
    return SILENT;
  },
};

const openedPorts: FakeTool = {
  options: [FORMAT_OPTION, { names: ["endpoints"], kind: "bool" }],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    // Juju shows what was committed before this hook, not this hook's pending opens.
    const keys = model.committedPorts.map((p) =>
      args.options.get("endpoints") === "true" ? `${portKey(p)} (*)` : portKey(p),
    );
    const format = outputFormat(args, "smart");
    if (format === "json") return { stdout: render(keys, format) };
    return { stdout: keys.map((k) => `${k}\n`).join("") };
  },
};

export const portTools: Readonly<Record<string, FakeTool>> = {
  "open-port": openPort,
  "close-port": closePort,
  "opened-ports": openedPorts,
};

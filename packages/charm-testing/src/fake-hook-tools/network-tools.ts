import { rejectExtraArgs } from "./argv.js";
import { runError, usageError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import { declaresBinding } from "../meta.js";
import type { NetworkState } from "../state.js";
import { RELATION_OPTION, relationById } from "./relation-ref.js";
import type { FakeModel } from "./model.js";
import type { FakeTool } from "./tool.js";

/** The address Juju's test tooling uses for a binding nobody configured (TEST-NET-1). */
export function defaultNetwork(binding: string): NetworkState {
  return {
    binding,
    bindAddresses: [{ interfaceName: "eth0", addresses: [{ value: "192.0.2.0", cidr: "192.0.2.0/24" }] }],
    ingressAddresses: ["192.0.2.0"],
    egressSubnets: ["192.0.2.0/24"],
  };
}

function networkFor(model: FakeModel, binding: string): NetworkState {
  if (!declaresBinding(model.meta, binding))
    throw runError(`no network config found for binding "${binding}"`);
  return model.input.networks.find((n) => n.binding === binding) ?? defaultNetwork(binding);
}

const SINGLE_VALUE_FLAGS = ["primary-address", "bind-address", "ingress-address", "egress-subnets"] as const;

const networkGet: FakeTool = {
  options: [
    FORMAT_OPTION,
    RELATION_OPTION,
    ...SINGLE_VALUE_FLAGS.map((name) => ({ names: [name], kind: "bool" as const })),
  ],
  run({ model, args }) {
    const [binding, ...extra] = args.positionals;
    if (binding === undefined) throw usageError("no arguments specified");
    rejectExtraArgs(extra);
    const ref = args.options.get("r");
    if (ref !== undefined) relationById(model, ref);
    const network = networkFor(model, binding);
    const format = outputFormat(args, "smart");
    const firstAddress = network.bindAddresses[0]?.addresses[0]?.value ?? null;
    const picked = SINGLE_VALUE_FLAGS.filter((flag) => args.options.get(flag) === "true");
    const single: Record<(typeof SINGLE_VALUE_FLAGS)[number], unknown> = {
      "primary-address": firstAddress,
      "bind-address": firstAddress,
      "ingress-address": network.ingressAddresses[0] ?? null,
      "egress-subnets": network.egressSubnets.join(","),
    };
    const [only] = picked;
    if (picked.length === 1 && only !== undefined) return { stdout: render(single[only], format) };
    const value = {
      "bind-addresses": network.bindAddresses.map((b) => ({
        "mac-address": "",
        "interface-name": b.interfaceName,
        addresses: b.addresses.map((a) => ({ hostname: "", value: a.value, cidr: a.cidr })),
      })),
      "egress-subnets": [...network.egressSubnets],
      "ingress-addresses": [...network.ingressAddresses],
    };
    return { stdout: render(value, format) };
  },
};

export const networkTools: Readonly<Record<string, FakeTool>> = { "network-get": networkGet };

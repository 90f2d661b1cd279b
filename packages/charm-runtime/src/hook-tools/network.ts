/** `network-get`: addresses of a binding, optionally as seen on one relation. */
import * as z from "zod";

import type { HookToolSession } from "./session.js";

export interface NetworkAddress {
  readonly hostname: string;
  /** The IP address (Juju < 2.9 called the field `address`). */
  readonly value: string;
  readonly cidr: string;
}

export interface BindAddress {
  readonly macAddress: string;
  readonly interfaceName: string;
  readonly addresses: readonly NetworkAddress[];
}

export interface NetworkInfo {
  readonly bindAddresses: readonly BindAddress[];
  readonly egressSubnets: readonly string[];
  readonly ingressAddresses: readonly string[];
}

const addressSchema = z
  .object({
    hostname: z.string().optional(),
    value: z.string().optional(),
    address: z.string().optional(),
    cidr: z.string().optional(),
  })
  .transform((a) => ({ hostname: a.hostname ?? "", value: a.value ?? a.address ?? "", cidr: a.cidr ?? "" }));

const networkSchema = z
  .object({
    "bind-addresses": z
      .array(
        z.object({
          "mac-address": z.string().optional(),
          "interface-name": z.string().optional(),
          addresses: z.array(addressSchema).nullish(),
        }),
      )
      .nullish(),
    "egress-subnets": z.array(z.string()).nullish(),
    "ingress-addresses": z.array(z.string()).nullish(),
  })
  .transform((n): NetworkInfo => ({
    bindAddresses: (n["bind-addresses"] ?? []).map((b) => ({
      macAddress: b["mac-address"] ?? "",
      interfaceName: b["interface-name"] ?? "",
      addresses: b.addresses ?? [],
    })),
    egressSubnets: n["egress-subnets"] ?? [],
    ingressAddresses: n["ingress-addresses"] ?? [],
  }));

export function networkGet(
  session: HookToolSession,
  binding: string,
  relationId?: number,
): Promise<NetworkInfo> {
  const args = ["--format=json", ...(relationId === undefined ? [] : ["-r", String(relationId)]), binding];
  return session.cached(`network-get:${binding}:${relationId ?? ""}`, () =>
    session.runJson("network-get", args, networkSchema),
  );
}

/**
 * The tmate stand-in, read back with the garm charm's own reader (`@garm-charms/interfaces`):
 * what each unit writes is what garm puts in the runners' tmate environment.
 */
import { Context, events, getRelation, relation, state, type State } from "@garm-charms/charm-testing";
import { readDebugSshConnections } from "@garm-charms/interfaces";
import { describe, expect, it } from "vitest";

import { tmateStandIn } from "./charm.js";

const ctx = new Context(tmateStandIn);

const DEBUG_SSH_NETWORK = {
  binding: "debug-ssh",
  bindAddresses: [{ interfaceName: "eth0", addresses: [{ value: "10.20.30.40", cidr: "10.20.30.0/24" }] }],
  ingressAddresses: ["10.20.30.40"],
  egressSubnets: ["10.20.30.0/24"],
};

function garmRelation() {
  return relation({ endpoint: "debug-ssh", remoteAppName: "garm" });
}

function input(
  rel = garmRelation(),
  options: { leader?: boolean; config?: Record<string, string | number> } = {},
): State {
  const base = state({ leader: options.leader ?? true, config: options.config ?? {}, relations: [rel] });
  return { ...base, networks: [DEBUG_SSH_NETWORK] };
}

function unitBag(out: State, id: number): Record<string, string> {
  return { ...getRelation(out, id)?.localUnitData };
}

describe("tmate stand-in (debug-ssh provider)", () => {
  it("publishes host, port and both fingerprints, as garm reads them", async () => {
    const rel = garmRelation();
    const out = await ctx.run(events.relationJoined(rel, { remoteUnit: "garm/0" }), input(rel));
    const bag = unitBag(out, rel.id);
    expect(bag).toMatchObject({ host: "10.20.30.40", port: "10022" });
    expect(bag["rsa_fingerprint"]).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(bag["ed25519_fingerprint"]).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const read = readDebugSshConnections({ "tmate/0": bag });
    expect(read.skipped).toEqual([]);
    expect(read.connections).toEqual([
      {
        host: "10.20.30.40",
        port: 10022,
        rsaFingerprint: bag["rsa_fingerprint"],
        ed25519Fingerprint: bag["ed25519_fingerprint"],
      },
    ]);
    expect(getRelation(out, rel.id)?.localAppData).toEqual({});
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("keeps its fingerprints from hook to hook", async () => {
    const rel = garmRelation();
    const first = await ctx.run(events.install(), input(rel));
    const again = await ctx.run(events.configChanged(), {
      ...first,
      config: { host: "tmate.local", port: 2222 },
    });
    expect(unitBag(again, rel.id)).toMatchObject({
      host: "tmate.local",
      port: "2222",
      rsa_fingerprint: unitBag(first, rel.id)["rsa_fingerprint"],
      ed25519_fingerprint: unitBag(first, rel.id)["ed25519_fingerprint"],
    });
  });

  it("publishes from a non-leader unit too, as tmate-ssh-server does (unit databags only)", async () => {
    const rel = garmRelation();
    const out = await ctx.run(
      events.relationJoined(rel, { remoteUnit: "garm/0" }),
      input(rel, { leader: false }),
    );
    expect(unitBag(out, rel.id)["host"]).toBe("10.20.30.40");
    expect(getRelation(out, rel.id)?.localAppData).toEqual({});
  });

  it("blocks on an invalid port, naming it, and publishes nothing", async () => {
    const rel = garmRelation();
    const out = await ctx.run(events.configChanged(), input(rel, { config: { port: 70000 } }));
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toContain("port");
    expect(unitBag(out, rel.id)["host"]).toBeUndefined();
  });
});

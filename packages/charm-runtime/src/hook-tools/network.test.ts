import { describe, expect, it } from "vitest";

import { RelationNotFoundError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { networkGet } from "./network.js";

describe("network-get", () => {
  it("runs `network-get --format=json <binding>` and parses the documented shape", async () => {
    const { runner, session } = recordingSession();
    runner.json("network-get", {
      "bind-addresses": [
        {
          "mac-address": "aa:bb",
          "interface-name": "eth0",
          addresses: [{ hostname: "", value: "10.1.2.3", cidr: "10.1.2.0/24" }],
        },
      ],
      "egress-subnets": ["10.1.2.3/32"],
      "ingress-addresses": ["10.1.2.3"],
    });
    expect(await networkGet(session, "juju-info")).toEqual({
      bindAddresses: [
        {
          macAddress: "aa:bb",
          interfaceName: "eth0",
          addresses: [{ hostname: "", value: "10.1.2.3", cidr: "10.1.2.0/24" }],
        },
      ],
      egressSubnets: ["10.1.2.3/32"],
      ingressAddresses: ["10.1.2.3"],
    });
    expect(runner.argv()).toEqual([["network-get", "--format=json", "juju-info"]]);
  });

  it("passes -r <int id>, defaults omitted keys, accepts the old `address` field", async () => {
    const { runner, session } = recordingSession();
    runner.json("network-get", {
      "bind-addresses": [{ addresses: [{ address: "10.0.0.9", cidr: "10.0.0.0/8" }] }],
    });
    expect(await networkGet(session, "db", 7)).toEqual({
      bindAddresses: [
        {
          macAddress: "",
          interfaceName: "",
          addresses: [{ hostname: "", value: "10.0.0.9", cidr: "10.0.0.0/8" }],
        },
      ],
      egressSubnets: [],
      ingressAddresses: [],
    });
    expect(runner.argv()).toEqual([["network-get", "--format=json", "-r", "7", "db"]]);
  });

  it("caches per binding and maps relation not found", async () => {
    const { runner, session } = recordingSession();
    runner.json("network-get", {});
    await networkGet(session, "db");
    await networkGet(session, "db");
    expect(runner.calls).toHaveLength(1);
    runner.fail("network-get", "relation not found");
    await expect(networkGet(session, "db", 99)).rejects.toBeInstanceOf(RelationNotFoundError);
  });
});
